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
  // Spread over 1.2e9: too sparse to be coded by rank, so the hash coder codes them.
  const l = Float64Array.from({ length: n }, (_, i) => i * 997 - 5e6);
  const r = Float64Array.from({ length: 1000 }, (_, j) => (j * 7919 % n) * 997 - 5e6);
  const lp = pcolPart(['k'], [{ dtype: 'float64', values: l, valid: null }], n);
  const rp = pcolPart(['k'], [{ dtype: 'float64', values: r, valid: null }], r.length);
  const codes = keyCodes(lp, ['k'], rp, ['k']);
  expect(codes.n).toBe(n);
  const { li, ri } = matchCodes(codes, 'inner');
  expect(li.length).toBe(1000);
  for (let k = 0; k < li.length; k++) expect(l[li[k]!]).toBe(r[ri[k]!]);
});

/** Matching pairs by a Map from key to right rows (nulls match nulls, as in pandas' merge). */
function mapJoin(l: (number | null)[], r: (number | null)[], how: 'inner' | 'left' | 'outer'): [number, number][] {
  const at = new Map<number | null, number[]>();
  r.forEach((y, j) => at.set(y, [...(at.get(y) ?? []), j]));
  const out: [number, number][] = [];
  const hit = new Set<number | null>();
  l.forEach((x, i) => {
    const js = at.get(x);
    if (js === undefined) {
      if (how !== 'inner') out.push([i, -1]);
      return;
    }
    hit.add(x);
    for (const j of js) out.push([i, j]);
  });
  if (how === 'outer') r.forEach((y, j) => !hit.has(y) && out.push([-1, j]));
  return out;
}

it('integer keys over a range wider than direct codes but not sparse (coded by rank) match as a Map join does, nulls included', () => {
  // 150K rows a side, keys spread over ~6M (past the 4M direct range, within 32 × the rows).
  let seed = 12345;
  const rnd = (m: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % m;
  const side = (n: number) => Array.from({ length: n }, () => (rnd(50) === 0 ? null : 1_000_000 + rnd(6_000_000)));
  const l = side(150_000);
  const r = side(150_000);
  // Some keys shared for sure, and the range's ends present.
  for (let k = 0; k < 2000; k++) r[k * 7] = l[k * 11]!;
  l[3] = 1_000_000;
  r[5] = 6_999_999;
  const col = (v: (number | null)[]) => pcolPart(['k'], [{ dtype: 'float64', values: Float64Array.from(v, (x) => x ?? 0), valid: Uint8Array.from(v, (x) => (x === null ? 0 : 1)) }], v.length);
  const codes = keyCodes(col(l), ['k'], col(r), ['k']);
  const distinct = new Set([...l, ...r].filter((x) => x !== null)).size;
  expect(codes.n).toBe(distinct + 1); // ranks of the distinct values, and one code for missing
  // Coded by rank: the smallest value is code 0, the largest distinct − 1, missing the last.
  expect([codes.lc[3], codes.rc[5]]).toEqual([0, distinct - 1]);
  expect(codes.lc[l.indexOf(null)]).toBe(distinct);
  for (const how of ['inner', 'left', 'outer'] as const) {
    const { li, ri } = matchCodes(codes, how);
    const want = mapJoin(l, r, how);
    expect(li.length).toBe(want.length);
    expect(Array.from(li)).toEqual(want.map((p) => p[0]));
    expect(Array.from(ri)).toEqual(want.map((p) => p[1]));
  }
});

it('right keys all distinct (the one-table match) give the pairs a Map join gives, in its order, nulls and unmatched rows included', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }), { maxLength: 40 }),
      fc.array(fc.option(fc.integer({ min: -35, max: 35 }), { nil: null }), { maxLength: 60 }),
      (right, left) => {
        const col = (v: (number | null)[]) => pcolPart(['k'], [{ dtype: 'float64', values: Float64Array.from(v, (x) => x ?? 0), valid: Uint8Array.from(v, (x) => (x === null ? 0 : 1)) }], v.length);
        const codes = keyCodes(col(left), ['k'], col(right), ['k']);
        for (const how of ['inner', 'left', 'outer'] as const) {
          const { li, ri } = matchCodes(codes, how);
          const want = mapJoin(left, right, how);
          expect(Array.from(li)).toEqual(want.map((p) => p[0]));
          expect(Array.from(ri)).toEqual(want.map((p) => p[1]));
        }
      },
    ),
    { numRuns: 300 },
  );
});
