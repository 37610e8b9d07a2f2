/** Raw bytes and Arrow IPC: round trips, files from other writers, build-time errors, no partial output. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Field, Float32, Int32, RecordBatch, Schema, Table, makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray, Struct } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { chunksFor, inProcessClient, shapeArb } from '../helpers.js';
import { dataOf, dtypeArb, filesLike, tempDir } from './io-helpers.js';

const { client, close } = inProcessClient();
const tmp = tempDir();
afterAll(async () => {
  await close();
  tmp.remove();
});

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('raw bytes', () => {
  it('toRaw → fromRaw keeps values (random shapes, dtypes, ragged chunkings)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        shapeArb(2, 9).chain((shape) => fc.tuple(fc.constant(shape), chunksFor(shape), chunksFor(shape), dtypeArb, fc.integer())),
        async ([shape, wChunks, rChunks, dtype, seed]) => {
          const data = dataOf(dtype, size(shape), seed);
          const file = path.join(tmp.dir, `rt-${n++}.bin`);
          await ta.fromTypedArray(data, { shape, chunks: wChunks, dtype }).toRaw(file, { client });
          expect(fs.statSync(file).size).toBe(data.byteLength);
          const y = ta.fromRaw(file, { dtype, shape, chunks: rChunks });
          expect(Array.from(await y.toTypedArray({ client }))).toEqual(Array.from(data));
          fs.rmSync(file);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads after an offset, and says when the file is too short', async () => {
    const file = path.join(tmp.dir, 'offset.bin');
    const body = Int32Array.of(1, 2, 3, 4, 5, 6);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('HEAD'), Buffer.from(body.buffer)]));
    const x = ta.fromRaw(file, { dtype: 'int32', shape: [2, 3], chunks: [1, 2], offset: 4 });
    expect(Array.from(await x.toTypedArray({ client }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => ta.fromRaw(file, { dtype: 'float64', shape: [4], offset: 4 })).toThrow(`fromRaw: ${file} is truncated: shape (4) of float64 after a 4-byte offset needs 36 bytes but the file has 28`);
    expect(() => ta.fromRaw(path.join(tmp.dir, 'missing.bin'), { dtype: 'uint8', shape: 3 })).toThrow(/missing\.bin: no such file/);
    expect(() => ta.fromRaw(file, { dtype: 'int64' as ta.Dtype, shape: 3 })).toThrow(/int64.*not a supported dtype/);
  });

  it('a failing computation leaves nothing behind', async () => {
    const x = ta.arange(50, { chunks: 10 }).mapBlocks((b, info) => {
      if (info.index[0] === 3) throw new Error('boom on block 3');
      return b;
    });
    await expect(x.toRaw(path.join(tmp.dir, 'fail.bin'), { client })).rejects.toThrow(/boom on block 3/);
    expect(filesLike(tmp.dir, 'fail.bin')).toEqual([]);
  });
});

describe('Arrow IPC', () => {
  it('toArrowIPC → fromArrowIPC keeps values, dtype and shape (random shapes, dtypes, ragged chunkings)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        shapeArb(2, 9).chain((shape) => fc.tuple(fc.constant(shape), chunksFor(shape), fc.option(chunksFor(shape)), dtypeArb, fc.integer())),
        async ([shape, wChunks, rChunks, dtype, seed]) => {
          const data = dataOf(dtype, size(shape), seed);
          const x = ta.fromTypedArray(data, { shape, chunks: wChunks, dtype });
          const file = path.join(tmp.dir, `rt-${n++}.arrow`);
          await x.toArrowIPC(file, { client, concurrency: 2 });
          const y = ta.fromArrowIPC(file, rChunks ? { chunks: rChunks } : {});
          expect(y.dtype).toBe(dtype);
          expect(y.shape).toEqual(shape);
          // One record batch per block of whole rows: read back at the writer's row chunks.
          expect(y.chunks).toEqual(rChunks ?? [wChunks[0], ...shape.slice(1).map((d) => [d])]);
          expect(Array.from(await y.toTypedArray({ client }))).toEqual(Array.from(data));
          // apache-arrow (as pyarrow would) sees one column in C order with the metadata.
          const t = tableFromIPC(fs.readFileSync(file));
          expect(t.batches.length).toBe(wChunks[0]!.length);
          expect(t.schema.metadata.get('tusk.shape')).toBe(JSON.stringify(shape));
          expect(t.schema.metadata.get('tusk.dtype')).toBe(dtype);
          expect(t.numRows).toBe(data.length);
          fs.rmSync(file);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('reads a multi-batch file written by apache-arrow itself, at any chunking', async () => {
    const file = path.join(tmp.dir, 'plain.arrow');
    const batch = (from: number, n: number) => {
      const x = makeVector(Float32Array.from({ length: n }, (_, i) => (from + i) / 4));
      const y = makeVector(Int32Array.from({ length: n }, (_, i) => -(from + i)));
      const schema = new Schema([new Field('x', new Float32(), false), new Field('y', new Int32(), false)]);
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children: [x.data[0]!, y.data[0]!] }));
    };
    fs.writeFileSync(file, tableToIPC(new Table([batch(0, 7), batch(7, 5), batch(12, 9)]), 'file'));
    expect(() => ta.fromArrowIPC(file)).toThrow(/has 2 columns; say which to read\n.*hint: pass \{ column: "x" \}/);
    expect(() => ta.fromArrowIPC(file, { column: 'z' })).toThrow(/no column "z"; columns are "x", "y"/);
    const x = ta.fromArrowIPC(file, { column: 'x' });
    expect(x.dtype).toBe('float32');
    expect(x.chunks).toEqual([[7, 5, 9]]);
    const want = Array.from({ length: 21 }, (_, i) => i / 4);
    expect(Array.from(await x.toTypedArray({ client }))).toEqual(want);
    const y = ta.fromArrowIPC(file, { column: 'y', chunks: 4 });
    expect(Array.from(await y.toTypedArray({ client }))).toEqual(want.map((_, i) => 0 - i));
    expect(Array.from(await y.slice([6, 13]).toTypedArray({ client }))).toEqual([-6, -7, -8, -9, -10, -11, -12]);
  });

  it('build-time errors name the file', () => {
    const nulls = path.join(tmp.dir, 'nulls.arrow');
    fs.writeFileSync(nulls, tableToIPC(new Table({ v: vectorFromArray([1, null, 3], new Float32()) }), 'file'));
    expect(() => ta.fromArrowIPC(nulls)).toThrow(`fromArrowIPC: column "v" of ${nulls} has 1 nulls`);
    const strings = path.join(tmp.dir, 'strings.arrow');
    fs.writeFileSync(strings, tableToIPC(new Table({ s: vectorFromArray(['a', 'b']) }), 'file'));
    expect(() => ta.fromArrowIPC(strings)).toThrow(`fromArrowIPC: ${strings} is not an Arrow IPC file Tusk can read: it holds dictionary-encoded columns`);
    const int64 = path.join(tmp.dir, 'int64.arrow');
    fs.writeFileSync(int64, tableToIPC(new Table({ i: makeVector(BigInt64Array.of(1n, 2n)) }), 'file'));
    expect(() => ta.fromArrowIPC(int64)).toThrow(new RegExp(`column "i" of ${int64} has type Int64, which Tusk does not support\n.*hint: cast it`));
    const cut = path.join(tmp.dir, 'cut.arrow');
    const whole = tableToIPC(new Table({ v: makeVector(Float64Array.of(1, 2, 3)) }), 'file');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 20));
    expect(() => ta.fromArrowIPC(cut)).toThrow(`fromArrowIPC: ${cut} is truncated`);
    expect(() => ta.fromArrowIPC(path.join(tmp.dir, 'none.arrow'))).toThrow(/none\.arrow: no such file/);
  });

  it('a failing computation leaves nothing behind', async () => {
    const x = ta.arange(50, { chunks: 10 }).mapBlocks((b, info) => {
      if (info.index[0] === 3) throw new Error('boom on block 3');
      return b;
    });
    await expect(x.toArrowIPC(path.join(tmp.dir, 'fail.arrow'), { client })).rejects.toThrow(/boom on block 3/);
    expect(filesLike(tmp.dir, 'fail.arrow')).toEqual([]);
  });
});
