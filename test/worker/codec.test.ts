/** What crosses a thread boundary: Arrow values as IPC bytes, sent again without re-encoding. */
import { Bool, Float64, Int64, Table, Utf8, makeData, tableFromArrays, tableToIPC, vectorFromArray, makeVector } from 'apache-arrow';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCsvTable } from '../../src/frame/csv/read.js';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/worker/codec.js';

type Wire = { $arrow: string; ipc: Uint8Array; schema?: Uint8Array; batches?: unknown[] };

describe('codec', () => {
  const local = tableFromArrays({ id: Int32Array.from([1, 2, 3]), v: Float64Array.from([0.5, -1, 2]) });

  it('round-trips a table through shared IPC bytes', () => {
    const wire = encode(local) as Wire;
    expect(wire.$arrow).toBe('table');
    expect(wire.ipc.buffer).toBeInstanceOf(SharedArrayBuffer);
    const back = decode(wire) as typeof local;
    expect(back.numRows).toBe(3);
    expect(Array.from(back.getChild('v')!.toArray() as Float64Array)).toEqual([0.5, -1, 2]);
  });

  it('a table that arrived as shared bytes goes out again as the same bytes, with no copy', () => {
    const arrived = decode(encode(local)) as typeof local;
    const first = encode(arrived) as Wire;
    expect(encode(arrived)).toBe(first);
    expect(encode({ nested: [arrived] })).toEqual({ nested: [first] });
  });

  it('a table built on this thread is encoded per send (no hidden cached copy)', () => {
    const a = encode(local) as Wire;
    const b = encode(local) as Wire;
    expect(a).not.toBe(b);
    expect(Array.from(a.ipc)).toEqual(Array.from(b.ipc));
  });

  it('encodes exactly the bytes tableToIPC writes, straight into shared memory (several batches, nulls, strings)', () => {
    const strings = vectorFromArray(['a', null, 'ccc', ''], new Utf8());
    const t1 = new Table({ s: strings, x: vectorFromArray([1, null, 3, 4]) });
    const two = new Table([...t1.batches, ...t1.slice(1, 3).batches]);
    for (const t of [local, t1, two]) {
      const wire = encode(t) as Wire;
      expect(wire.ipc.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(wire.ipc).equals(Buffer.from(tableToIPC(t, 'stream')))).toBe(true);
    }
  });

  /** Arrow's view of every cell, for comparing tables built different ways. */
  const cells = (t: Table) => t.schema.fields.map((f) => Array.from({ length: t.numRows }, (_, i) => t.getChild(f.name)!.get(i) as unknown));

  function sharedTable(): Table {
    const sab = <T>(C: new (b: SharedArrayBuffer) => T & { set(a: ArrayLike<number | bigint>): void }, bytes: number, xs: ArrayLike<number | bigint>): T => {
      const a = new C(new SharedArrayBuffer(bytes));
      a.set(xs);
      return a;
    };
    const validity = sab(Uint8Array, 1, [0b1011]);
    const f = makeData({ type: new Float64(), length: 4, nullCount: 1, nullBitmap: validity, data: sab(Float64Array, 32, [1.5, 0, -3, 2 ** 60]) });
    const i = makeData({ type: new Int64(), length: 4, nullCount: 0, data: sab(BigInt64Array, 32, [1n, -2n, 2n ** 62n, 0n]) });
    const b = makeData({ type: new Bool(), length: 4, nullCount: 0, data: sab(Uint8Array, 1, [0b0101]) });
    const u = makeData({ type: new Utf8(), length: 4, nullCount: 1, nullBitmap: sab(Uint8Array, 1, [0b1101]), valueOffsets: sab(Int32Array, 20, [0, 1, 1, 4, 4]), data: sab(Uint8Array, 4, [97, 98, 99, 100]) });
    return new Table({ f: makeVector(f), i: makeVector(i), b: makeVector(b), u: makeVector(u) });
  }

  it('a table whose buffers are all shared crosses as those buffers: no IPC, no copy, same cells', () => {
    const t = sharedTable();
    for (const v of [t, t.slice(1, 3), new Table([...t.batches, ...t.slice(2).batches])]) {
      const wire = encode(v) as Wire;
      expect(wire.ipc).toBeUndefined();
      expect(wire.batches).toHaveLength(v.batches.length);
      const back = decode(wire) as Table;
      expect(back.schema.fields.map((x) => String(x.type))).toEqual(v.schema.fields.map((x) => String(x.type)));
      expect(cells(back)).toEqual(cells(v));
      expect((back.getChild('f')!.data[0]!.values as Float64Array).buffer).toBe((v.getChild('f')!.data[0]!.values as Float64Array).buffer);
      expect(encode(back)).toBe(wire); // and goes on again as the same wire
    }
  });

  it('a CSV partition is built in shared memory and crosses without serialization, schema metadata included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-codec-'));
    try {
      const file = path.join(dir, 'a.csv');
      fs.writeFileSync(file, 'id,x,s,ok,big\n1,1.5,a,true,9007199254740993\n2,,"b,c",false,-1\n3,-2,,true,0\n');
      const t = readCsvTable(file, { indexCol: 'id', blocksize: 20 });
      expect(t.batches.length).toBeGreaterThan(1);
      const wire = encode(t) as Wire;
      expect(wire.ipc).toBeUndefined();
      const back = decode(wire) as Table;
      expect(back.schema.metadata).toEqual(t.schema.metadata);
      expect(cells(back)).toEqual(cells(t));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty table round-trips', () => {
    const back = decode(encode(local.slice(0, 0))) as Table;
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['id', 'v']);
  });

  it('a table mostly in plain memory goes as IPC bytes', () => {
    const t = sharedTable();
    const mixed = new Table({ f: t.getChild('f')!, plain: vectorFromArray(Array.from({ length: 4 }, (_, i) => i * 1.5), new Float64()) });
    const wire = encode(mixed) as Wire;
    expect(wire.ipc).toBeInstanceOf(Uint8Array);
    expect(cells(decode(wire) as Table)).toEqual(cells(mixed));
  });

  it('a table mostly in shared memory goes as its buffers, a plain one copied into shared memory alone', () => {
    const n = 4096;
    const sharedValues = new Float64Array(new SharedArrayBuffer(8 * n));
    for (let i = 0; i < n; i++) sharedValues[i] = i / 4;
    const big = makeData({ type: new Float64(), length: n, nullCount: 0, data: sharedValues });
    const plainValues = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) - 7n);
    const small = makeData({ type: new Int64(), length: n, nullCount: 0, data: plainValues }); // as many bytes as the shared column
    const mixed = new Table({ big: makeVector(big), small: makeVector(small) });
    const wire = encode(mixed) as Wire & { batches: { children: { values: ArrayBufferView }[] }[] };
    expect(wire.ipc).toBeUndefined();
    const cols = wire.batches[0]!.children;
    expect(cols[0]!.values.buffer).toBe(big.values.buffer); // as it was
    expect(cols[1]!.values.buffer).toBeInstanceOf(SharedArrayBuffer); // copied there
    expect(cols[1]!.values.buffer).not.toBe(plainValues.buffer);
    const back = decode(wire) as Table;
    expect(cells(back)).toEqual(cells(mixed));
    plainValues[0] = 99n; // the copy does not follow the original
    expect(back.getChild('small')!.get(0)).toBe(-7n);
  });
});
