/** Ranking numbers for group keys: a radix sort on order-preserving bit patterns, against a comparison sort. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { sortNumeric } from '../../src/frame/ops/compare.js';

function refOrder(n: number, cmp: (i: number, j: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((i, j) => cmp(i, j) || i - j);
}

const rank = (v: number): number => (v !== v ? 2 : 0);
function cmpDouble(a: number, b: number): number {
  if (a !== a || b !== b) return rank(a) - rank(b); // NaN last
  if (a === 0 && b === 0) return (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1); // −0 before +0
  return a < b ? -1 : a > b ? 1 : 0;
}

const double = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, -NaN, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE), fc.integer({ min: -5, max: 5 }));

test('doubles: NaN last, −0 before +0, stable (comparison path and radix path)', () => {
  for (const [minLength, maxLength, numRuns] of [[0, 300, 300], [1024, 4000, 30]] as const) {
    fc.assert(fc.property(fc.array(double, { minLength, maxLength }), (xs) => {
      const v = Float64Array.from(xs);
      expect(Array.from(sortNumeric(v))).toEqual(refOrder(v.length, (i, j) => cmpDouble(v[i]!, v[j]!)));
    }), { numRuns });
  }
});

test('int64 over its whole range, int32, float32 and bool', () => {
  const big = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -3n, max: 3n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 31n));
  for (const [minLength, maxLength, numRuns] of [[0, 300, 300], [1024, 4000, 30]] as const) {
    fc.assert(fc.property(fc.array(big, { minLength, maxLength }), (xs) => {
      const v = BigInt64Array.from(xs);
      expect(Array.from(sortNumeric(v))).toEqual(refOrder(v.length, (i, j) => (v[i]! < v[j]! ? -1 : v[i]! > v[j]! ? 1 : 0)));
    }), { numRuns });
  }
  const i32 = Int32Array.from({ length: 5000 }, (_, i) => ((i * 2654435761) | 0) >> (i % 7));
  expect(Array.from(sortNumeric(i32))).toEqual(refOrder(i32.length, (i, j) => i32[i]! - i32[j]!));
  const f32 = Float32Array.from({ length: 2000 }, (_, i) => Math.fround(Math.sin(i) * 10 ** (i % 9)));
  expect(Array.from(sortNumeric(f32))).toEqual(refOrder(f32.length, (i, j) => cmpDouble(f32[i]!, f32[j]!)));
  const b = Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) % 2);
  expect(Array.from(sortNumeric(b))).toEqual(refOrder(b.length, (i, j) => b[i]! - b[j]!));
});
