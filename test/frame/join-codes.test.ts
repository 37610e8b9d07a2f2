/**
 * Join key codes over a range too wide for direct codes (the hash coder: 32-bit integers hashed by
 * value, other numbers by their bits, the table sized from the row counts and grown), against a
 * naive matcher keyed by the numbers themselves: the same matching pairs, in the same order.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { keyCodes, matchCodes } from '../../src/frame/ops/join.js';
import { pcolPart } from '../../src/frame/ops/pcol.js';

const part = (v: number[]) => pcolPart(['k'], [{ dtype: 'float64', values: Float64Array.from(v), valid: null }], v.length);

function naive(l: number[], r: number[], how: 'inner' | 'left' | 'outer'): [number, number][] {
  const norm = (x: number) => (Object.is(x, -0) ? 0 : x);
  const out: [number, number][] = [];
  const seen = new Set<number>();
  l.forEach((x, i) => {
    let any = false;
    r.forEach((y, j) => {
      if (norm(x) === norm(y)) {
        out.push([i, j]);
        any = true;
      }
    });
    if (any) seen.add(norm(x));
    else if (how !== 'inner') out.push([i, -1]);
  });
  if (how === 'outer') r.forEach((y, j) => !l.some((x) => norm(x) === norm(y)) && out.push([-1, j]));
  return out;
}

it('wide-range keys (int32, beyond 2^31, fractions, ±0) match as a naive matcher does', () => {
  const value = fc.oneof(
    fc.integer({ min: -40, max: 40 }).map((v) => v * 1_000_003), // int32, spread past the direct-code range
    fc.integer({ min: 0, max: 6 }).map((v) => 2 ** 33 + v), // beyond int32
    fc.constantFrom(0, -0, 0.5, -2.25, 2 ** 31, -(2 ** 31)),
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 40 }), fc.array(value, { maxLength: 40 }), fc.constantFrom<'inner' | 'left' | 'outer'>('inner', 'left', 'outer'), (l, r, how) => {
      const { li, ri } = matchCodes(keyCodes(part(l), ['k'], part(r), ['k']), how);
      const got = Array.from(li, (i, k) => [i, ri[k]!] as [number, number]);
      expect(got).toEqual(naive(l, r, how));
    }),
    { numRuns: 300 },
  );
});

it('a coder that outgrows its first table keeps every code', () => {
  const n = 1_200_000; // more distinct values than the 2^20 the table is first sized for
  const l = Float64Array.from({ length: n }, (_, i) => i * 7 - 5e6);
  const r = Float64Array.from({ length: 1000 }, (_, j) => (j * 7919 % n) * 7 - 5e6);
  const lp = pcolPart(['k'], [{ dtype: 'float64', values: l, valid: null }], n);
  const rp = pcolPart(['k'], [{ dtype: 'float64', values: r, valid: null }], r.length);
  const codes = keyCodes(lp, ['k'], rp, ['k']);
  expect(codes.n).toBe(n);
  const { li, ri } = matchCodes(codes, 'inner');
  expect(li.length).toBe(1000);
  for (let k = 0; k < li.length; k++) expect(l[li[k]!]).toBe(r[ri[k]!]);
});
