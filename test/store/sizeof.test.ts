/** bufferBytes: what a thread lets go of when it drops a value (it decides when to collect). */
import { tableFromArrays } from 'apache-arrow';
import { expect, it } from 'vitest';
import { bufferBytes } from '../../src/store/sizeof.js';

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
