/**
 * Group medians by selection (`medianOf`) against sorting a copy: the same value, bit for bit
 * (the sign of a zero included), for ranges inside a larger array, with duplicates, sorted and
 * reversed runs; the values outside the range are left alone and the range keeps its values.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { medianOf } from '../../src/frame/ops/aggregate.js';

function naive(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const a = Float64Array.from(values).sort();
  const h = a.length >> 1;
  return a.length % 2 === 1 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

const value = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0, -0, Infinity, -Infinity, 1e-310),
);
const run = fc.oneof(
  fc.array(value, { maxLength: 60 }),
  fc.array(value, { maxLength: 60 }).map((a) => a.sort((x, y) => x - y)),
  fc.array(value, { maxLength: 60 }).map((a) => a.sort((x, y) => y - x)),
);

it('is the median a sort gives, and touches only its range', () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 5 }), run, fc.array(value, { maxLength: 5 }), (before, mid, after) => {
      const v = Float64Array.from([...before, ...mid, ...after]);
      const s = before.length;
      const e = s + mid.length;
      expect(Object.is(medianOf(v, s, e), naive(mid))).toBe(true);
      expect(Array.from(v.subarray(0, s))).toEqual(before);
      expect(Array.from(v.subarray(e))).toEqual(after);
      expect(Array.from(Float64Array.from(v.subarray(s, e)).sort())).toEqual(Array.from(Float64Array.from(mid).sort()));
    }),
    { numRuns: 2000 },
  );
});

it('handles large groups with many duplicates (no quadratic blow-up, same answer)', () => {
  const n = 200_001;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 7919) % 13; // 13 distinct values
  const want = naive(Array.from(v));
  expect(medianOf(v, 0, n)).toBe(want);
  const sorted = Float64Array.from({ length: 100_000 }, (_, i) => i);
  expect(medianOf(sorted, 0, sorted.length)).toBe(49_999.5);
});
