/** Reduction partials: any tree of combines equals the whole-array reduction, with numpy's answers. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Dtype, TypedArray } from '../../src/kernels/dtypes.js';
import { reduceChunk } from '../../src/kernels/reduce/accumulate.js';
import { pairwiseSum } from '../../src/kernels/reduce/pairwise.js';
import { type ReductionKind, type ReductionPartial, REDUCTIONS, combine, finalize, initPartial } from '../../src/kernels/reduce/partials.js';
import { randomNormal, randomUniform } from '../../src/kernels/random/streams.js';
import { ALL_DTYPES, arrayArb, make } from './helpers.js';
import { compensatedSum } from './reference.js';

/** Splits [0, n) at `cuts`, reduces each piece, and combines the pieces in the tree shape `shape` picks. */
function treeReduce(kind: ReductionKind, x: TypedArray, dtype: Dtype, cuts: number[], shape: number[]): ReductionPartial {
  const points = [0, ...cuts.filter((c) => c > 0 && c < x.length).sort((a, b) => a - b), x.length];
  let parts = points.slice(1).map((end, k) => reduceChunk(kind, x.subarray(points[k]!, end), points[k]!, dtype));
  let s = 0;
  while (parts.length > 1) {
    const i = shape[s++ % shape.length]! % (parts.length - 1); // combine neighbours i and i + 1
    parts = [...parts.slice(0, i), combine(kind, parts[i]!, parts[i + 1]!), ...parts.slice(i + 2)];
  }
  return parts[0] ?? initPartial(kind, dtype);
}

function naive(kind: ReductionKind, x: ArrayLike<number>, ddof: number): number | boolean | 'error' {
  const v = Array.from(x);
  const n = v.length;
  switch (kind) {
    case 'sum': return v.reduce((a, b) => a + b, 0);
    case 'prod': return v.reduce((a, b) => a * b, 1);
    case 'min': return n === 0 ? 'error' : v.some((y) => y !== y) ? NaN : Math.min(...v);
    case 'max': return n === 0 ? 'error' : v.some((y) => y !== y) ? NaN : Math.max(...v);
    case 'argmin': case 'argmax': {
      if (n === 0) return 'error';
      const nan = v.findIndex((y) => y !== y);
      if (nan >= 0) return nan;
      const best = kind === 'argmin' ? Math.min(...v) : Math.max(...v);
      return v.findIndex((y) => y === best);
    }
    case 'any': return v.some((y) => y !== 0);
    case 'all': return v.every((y) => y !== 0);
    case 'countNonzero': return v.filter((y) => y !== 0).length;
    case 'mean': return n === 0 ? NaN : v.reduce((a, b) => a + b, 0) / n;
    case 'var': case 'std': {
      if (n === 0) return NaN;
      const m = v.reduce((a, b) => a + b, 0) / n;
      const r = v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(n - ddof, 0);
      return kind === 'std' ? Math.sqrt(r) : r;
    }
  }
}

const EXACT = new Set(['min', 'max', 'argmin', 'argmax', 'any', 'all', 'countNonzero']);

test('partials combined in random tree shapes equal the whole-array reduction and a naive reference', () => {
  const arb = fc.tuple(fc.constantFrom(...REDUCTIONS), fc.constantFrom(...ALL_DTYPES)).chain(([kind, dtype]) => fc.tuple(
    fc.constant(kind), fc.constant(dtype), arrayArb(dtype), fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 8 }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 })));
  fc.assert(fc.property(arb, ([kind, dtype, x0, cuts, shape, ddof]) => {
    // Keep values moderate so a naive float64 sum is a fair reference; NaN and ±Inf stay.
    const x = dtype === 'float64' || dtype === 'float32' ? x0.map((v) => (Math.abs(v) > 1e6 ? v / 1e300 : v)) as TypedArray : x0;
    const whole = reduceChunk(kind, x, 0, dtype);
    const tree = treeReduce(kind, x, dtype, cuts, shape);
    const want = naive(kind, x, ddof);
    if (want === 'error') {
      expect(() => finalize(kind, whole)).toThrow(/empty|zero-size/);
      expect(() => finalize(kind, tree)).toThrow(/empty|zero-size/);
      return;
    }
    const a = finalize(kind, whole, { ddof });
    const b = finalize(kind, tree, { ddof });
    if (EXACT.has(kind)) {
      expect(b).toEqual(a);
      expect(a).toEqual(want);
      return;
    }
    // A product whose partial products can leave the normal range (overflow to ±Inf, underflow to 0 or to a
    // subnormal that drops bits) depends on the order of the multiplications, in numpy as here: 1e-200 · 1e-200 ·
    // 1e300 · 1e300 is 0 left to right and 1e200 in pairs. Σ|log2|x|| ≤ 1000 bounds every partial product of every
    // order inside [2^-1000, 2^1000]; beyond it only what holds in any order is asserted (NaN in gives NaN out).
    if (kind === 'prod') {
      let spread = 0;
      for (let i = 0; i < x.length; i++) {
        const v = Number(x[i]!);
        if (v !== 0 && Number.isFinite(v)) spread += Math.abs(Math.log2(Math.abs(v)));
      }
      if (spread > 1000) {
        if (Array.from(x as ArrayLike<number>).some((v) => v !== v)) { expect(a).toBeNaN(); expect(b).toBeNaN(); }
        return;
      }
    }
    const close = (p: number, q: number, tol: number) =>
      (p !== p && q !== q) || p === q || Math.abs(p - q) <= tol * Math.max(1, Math.abs(p), Math.abs(q));
    const tol = dtype === 'float32' ? 1e-6 : kind === 'var' || kind === 'std' ? 1e-9 : 1e-12;
    if (!close(a as number, b as number, 1e-12)) expect.fail(`${kind}: tree ${b} vs whole ${a}`);
    if (!close(a as number, want as number, tol) && !(kind === 'prod' && !Number.isFinite(want as number))) expect.fail(`${kind} of ${dtype}: got ${a}, naive ${want}`);
  }), { numRuns: 300 });
});

test('numpy semantics: NaN propagates, NaN wins argmin, first occurrence, −0 below +0, ddof', () => {
  const x = Float64Array.of(3, 1, NaN, 1, NaN);
  expect(finalize('min', reduceChunk('min', x))).toBeNaN();
  expect(finalize('argmin', reduceChunk('argmin', x, 100))).toBe(102);
  expect(finalize('argmax', reduceChunk('argmax', Float64Array.of(1, 5, 5, 2), 10))).toBe(11);
  expect(Object.is(finalize('min', reduceChunk('min', Float64Array.of(0, -0, 0))), -0)).toBe(true);
  expect(Object.is(finalize('max', reduceChunk('max', Float64Array.of(-0, 0, -0))), 0)).toBe(true);
  expect(finalize('var', reduceChunk('var', Float64Array.of(1, 2)), { ddof: 2 })).toBe(Infinity);
  expect(finalize('std', reduceChunk('std', Float64Array.of(1, 2, 3, 4)), { ddof: 1 })).toBeCloseTo(1.2909944487358056, 15);
  expect(finalize('any', reduceChunk('any', Float64Array.of(0, NaN)))).toBe(true);
  expect(finalize('sum', reduceChunk('sum', new Float64Array(0)))).toBe(0);
  expect(finalize('mean', reduceChunk('mean', new Float64Array(0)))).toBeNaN();
  expect(finalize('mean', reduceChunk('mean', Float64Array.of(Infinity, Infinity)))).toBe(Infinity);
  expect(() => finalize('max', reduceChunk('max', new Int32Array(0)))).toThrow(/zero-size array to reduction operation maximum/);
  expect(finalize('sum', reduceChunk('sum', make('bool', [1, 1, 0, 1]), 0, 'bool'))).toBe(3);
  // Integer sums are exact far beyond 2^53 ÷ 2^31 elements' worth of int32 maxima.
  const big = new Int32Array(10_000).fill(2 ** 31 - 1);
  let p = reduceChunk('sum', big);
  for (let k = 0; k < 20; k++) p = combine('sum', p, p);
  expect(BigInt(finalize('sum', p))).toBe(BigInt(2 ** 31 - 1) * 10_000n * 2n ** 20n);
});

test('partials are plain data (structured clone and JSON keep them)', () => {
  for (const kind of REDUCTIONS) {
    const p = reduceChunk(kind, Float64Array.of(1, 2, 3), 7);
    expect(structuredClone(p)).toEqual(p);
    expect(finalize(kind, JSON.parse(JSON.stringify(p)))).toEqual(finalize(kind, p));
  }
});


test('pairwise summation: the error does not grow with n (1e7 elements)', () => {
  const n = 10_000_000;
  const x = randomUniform(4, 0, 1, 0, n);
  for (let i = 0; i < n; i += 3) x[i] = 0.1; // many copies of an inexact value: the classic drift
  const exact = compensatedSum(x);
  let naive = 0;
  for (let i = 0; i < n; i++) naive += x[i]!;
  const pairwise = finalize('sum', reduceChunk('sum', x));
  const relPair = Math.abs(pairwise - exact) / exact;
  const relNaive = Math.abs(naive - exact) / exact;
  expect(relPair).toBeLessThan(1e-15);
  expect(relNaive).toBeGreaterThan(100 * relPair); // the test can tell good from bad
  // Chunked: 37 partials combined in a tree are as accurate.
  const parts = Array.from({ length: 37 }, (_, k) => {
    const a = Math.floor((k * n) / 37), b = Math.floor(((k + 1) * n) / 37);
    return reduceChunk('sum', x.subarray(a, b), a);
  });
  while (parts.length > 1) parts.splice(0, 2, combine('sum', parts[0]!, parts[1]!));
  expect(Math.abs(finalize('sum', parts[0]!) - exact) / exact).toBeLessThan(1e-15);
  // Normals: error relative to Σ|x| stays at a few ulps.
  const z = randomNormal(8, 0, n);
  let absSum = 0;
  for (let i = 0; i < n; i++) absSum += Math.abs(z[i]!);
  expect(Math.abs(finalize('sum', reduceChunk('sum', z)) - compensatedSum(z)) / absSum).toBeLessThan(1e-15);
  expect(pairwiseSum(z, 0, 0)).toBe(-0);
});

test('moments with infinities: an infinite part merged with a finite one stays infinite (numpy: mean Inf, var NaN)', () => {
  const inf = Float64Array.from([Infinity, 0, 0]);
  const fin = Float64Array.from([0, 1, 2]);
  const neg = Float64Array.from([-Infinity]);
  for (const [a, b] of [[inf, fin], [fin, inf]]) {
    const p = combine('mean', reduceChunk('mean', a!), reduceChunk('mean', b!));
    expect(finalize('mean', p)).toBe(Infinity);
    expect(finalize('var', combine('var', reduceChunk('var', a!), reduceChunk('var', b!)))).toBeNaN();
  }
  expect(finalize('mean', combine('mean', reduceChunk('mean', inf), reduceChunk('mean', neg)))).toBeNaN();
  expect(finalize('mean', combine('mean', reduceChunk('mean', inf), reduceChunk('mean', inf)))).toBe(Infinity);
});

/** numpy's pairwise summation written out recursively: the order `pairwiseSum` must keep to the bit. */
function pairwiseReference(x: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let r = -0;
    for (let i = start; i < start + n; i++) r += x[i]!;
    return r;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => x[start + k]!);
    let i = start + 8;
    for (; i < start + n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k]! += x[i + k]!;
    let s = (r[0]! + r[1]! + (r[2]! + r[3]!)) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < start + n; i++) s += x[i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseReference(x, start, n2) + pairwiseReference(x, start + n2, n - n2);
}

test('pairwiseSum keeps numpy\'s summation order to the bit, power-of-two blocks (the fast path) included', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(0, 1, 7, 8, 127, 128, 129, 255, 256, 1000, 1024, 2047, 2048, 2049, 4096, 8192, 16384),
      fc.integer({ min: 0, max: 37 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (n, start, seed) => {
        // Values of very different magnitudes, so that any change of order changes the rounding.
        const x = randomNormal(seed, 0, start + n).map((v, i) => v * 10 ** ((i * 7) % 23 - 11));
        expect(Object.is(pairwiseSum(x, start, n), pairwiseReference(x, start, n))).toBe(true);
      },
    ),
    { numRuns: 200 },
  );
});
