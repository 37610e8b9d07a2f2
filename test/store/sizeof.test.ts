/**
 * bufferBytes: what a thread lets go of when it drops a value (it decides when to collect).
 * sizeOf: the store's estimate — always a finite count.
 */
import { tableFromArrays } from 'apache-arrow';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ChunkStore } from '../../src/store/chunk-store.js';
import { bufferBytes, sizeOf } from '../../src/store/sizeof.js';

it('counts the buffers of typed arrays, nested objects and Arrow tables, each once', () => {
  const a = new Float64Array(1000);
  expect(bufferBytes(a)).toBe(8000);
  expect(bufferBytes({ x: a, y: [a, new Int32Array(10)], m: new Map([[1, new Uint8Array(5)]]) })).toBe(8000 + 40 + 5);
  // An Arrow table: its column buffers sit four objects deep (Table → batches → RecordBatch → Data).
  const t = tableFromArrays({ v: new Float64Array(4096), k: new Int32Array(4096) });
  expect(bufferBytes(t)).toBeGreaterThanOrEqual(4096 * 12);
  expect(bufferBytes([t, t])).toBe(bufferBytes(t));
  expect(bufferBytes(42)).toBe(0);
  expect(bufferBytes(null)).toBe(0);
});

it('sizeOf is a finite count for any value, empty arrays included (a NaN once stopped all spilling)', () => {
  // A scalar group-by partial: no keys.
  expect(sizeOf({ n: 1, keys: [], states: [{ t: 'sum', n: new Float64Array(1) }] })).toBeGreaterThan(8);
  expect(sizeOf([])).toBe(16);
  expect(sizeOf([[], [[]], {}])).toBeGreaterThan(16);
  fc.assert(
    fc.property(fc.anything({ withTypedArray: true, withBigInt: true, withMap: true, withSet: true, withDate: true }), (v) => {
      const n = sizeOf(v);
      expect(Number.isFinite(n) && n >= 0, String(n)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

it('the store keeps counting when handed a size that is not a number', () => {
  const store = new ChunkStore({ memoryLimit: 1 << 20 });
  store.put('a', [], Number.NaN);
  store.put('b', new Float64Array(1000));
  const m = store.stats();
  expect(Number.isFinite(m.managed)).toBe(true);
  expect(m.managed).toBeGreaterThanOrEqual(8000);
});
