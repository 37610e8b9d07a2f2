/**
 * `toArrowIPC(x, path)`: an Arrow IPC file with one column `data` holding the values in C
 * order, one record batch per block, with `tusk.shape` (JSON) and `tusk.dtype` in the schema
 * metadata (the layout DESIGN decision 3 gives array chunks). numpy dtypes map to Arrow
 * float64/float32/int32/uint8/bool, so pyarrow reads it as a plain column.
 *
 * Record batches must follow each other in C order, so blocks come in order (`blocksInOrder`)
 * and an n-d array chunked along other axes than 0 is first rechunked into whole-row blocks
 * (one block then holds chunks[0][i] full rows). The writer's bytes are drained to the temp
 * file as they are produced, and the next block is asked for only once the previous one is on
 * its way to disk.
 */
import fs from 'node:fs';
import { Bool, Field, RecordBatch, RecordBatchFileWriter, Schema, Struct, makeData, makeVector } from 'apache-arrow';
import type { ChunkedArray } from '../chunked-array.js';
import type { Dtype, TypedArray } from '../kernels.js';
import { rechunk } from '../rechunk.js';
import { writeAtomically } from './temp-output.js';
import { type WriteOptions, blocksInOrder } from './write-blocks.js';

function packBits(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(x.length / 8));
  for (let i = 0; i < x.length; i++) if (x[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

function batchOf(schema: Schema | undefined, dtype: Dtype, shape: readonly number[], block: TypedArray): RecordBatch {
  const data = dtype === 'bool'
    ? makeData({ type: new Bool(), length: block.length, nullCount: 0, data: packBits(block as Uint8Array) })
    : makeVector(block as Float64Array).data[0]!;
  const s = schema ?? new Schema([new Field('data', data.type, false)], new Map([['tusk.shape', JSON.stringify(shape)], ['tusk.dtype', dtype]]));
  return new RecordBatch(s, makeData({ type: new Struct(s.fields), length: block.length, nullCount: 0, children: [data] }));
}

/** Bytes of a block's body: a lower bound on what the writer emits for it. */
function bodyBytes(dtype: Dtype, block: TypedArray): number {
  return dtype === 'bool' ? Math.ceil(block.length / 8) : block.byteLength;
}

export async function toArrowIPC(x: ChunkedArray, path: string, options: WriteOptions = {}): Promise<string> {
  const rows = x.ndim <= 1 ? x : rechunk(x, [x.chunks[0]!, ...x.shape.slice(1).map(() => -1)]);
  return writeAtomically(path, 'toArrowIPC', async (tmp) => {
    const fh = await fs.promises.open(tmp, 'wx');
    const writer = new RecordBatchFileWriter();
    let written = 0;
    let failed: unknown;
    let wake: (() => void) | undefined;
    const drain = (async () => {
      try {
        for await (const chunk of writer) {
          await fh.write(chunk);
          written += chunk.byteLength;
          wake?.();
        }
      } catch (err) {
        failed = err;
        wake?.();
        throw err;
      }
    })();
    drain.catch(() => {}); // observed below; never an unhandled rejection
    try {
      let schema: Schema | undefined;
      let expected = 0;
      for await (const block of blocksInOrder(rows, options)) {
        const batch = batchOf(schema, x.dtype, x.shape, block);
        schema = batch.schema;
        writer.write(batch);
        expected += bodyBytes(x.dtype, block);
        while (written < expected && failed === undefined) await new Promise<void>((r) => (wake = r));
        if (failed !== undefined) throw failed;
      }
      writer.close();
      await drain;
    } catch (err) {
      writer.abort(err);
      throw err;
    } finally {
      await fh.close();
    }
  });
}
