/** Counter-based random streams: known answers, distributions, index-determinism, speed (printed only). */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { detExp, detLog } from '../../src/kernels/random/detmath.js';
import { _zigguratTables, normalAt } from '../../src/kernels/random/normal.js';
import { randomIntegers, randomNormal, randomUniform } from '../../src/kernels/random/streams.js';
import { fillBits, threefry2x32 } from '../../src/kernels/random/threefry.js';
import { compileExpr } from '../../src/kernels/program/compile.js';
import { runProgramReduce } from '../../src/kernels/program/run.js';

test('Threefry-2x32-20 matches the Random123 known-answer vectors', () => {
  const kat: [number[], number[]][] = [
    [[0, 0, 0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xc4923a9c, 0x483df7a0]],
  ];
  const out = new Uint32Array(2);
  for (const [[c0, c1, k0, k1], want] of kat) {
    threefry2x32(c0! | 0, c1! | 0, k0! | 0, k1! | 0, out, 0);
    expect([...out]).toEqual(want);
  }
});

test('our exp and log are fdlibm to the bit (the same as V8 Math.exp/Math.log)', () => {
  const specials = [0, -0, 1, -1, 0.5, 709.78, 709.8, -745.1, -745.2, 1e-300, 5e-324, Infinity, -Infinity, NaN, 0.34657359027997264, 1.0397207708399179];
  for (const x of specials) {
    expect(Object.is(detExp(x), Math.exp(x))).toBe(true);
    expect(Object.is(detLog(Math.abs(x)), Math.log(Math.abs(x)))).toBe(true);
  }
  fc.assert(fc.property(fc.double({ min: -745, max: 710, noNaN: true }), (x) => Object.is(detExp(x), Math.exp(x))), { numRuns: 20_000 });
  fc.assert(fc.property(fc.double({ min: 0, noNaN: true }), (x) => Object.is(detLog(x), Math.log(x))), { numRuns: 20_000 });
  expect(detLog(-1)).toBeNaN();
});

test('ziggurat tables are consistent: layers nest, densities match their edges', () => {
  const { ki, wi, fi } = _zigguratTables();
  for (let i = 2; i < 256; i++) {
    expect(wi[i]! * 2 ** 52).toBeGreaterThan(wi[i - 1]! * 2 ** 52 * (i === 1 ? 0 : 1));
    expect(fi[i]).toBeCloseTo(Math.exp(-0.5 * (wi[i]! * 2 ** 52) ** 2), 14);
    expect(ki[i]).toBeLessThan(2 ** 52);
  }
  expect(wi[255]! * 2 ** 52).toBeCloseTo(3.6541528853610088, 15);
});

test('fillNormal equals the element-by-element reference, across the 2^32 counter carry and at huge indices', () => {
  for (const first of [0, 4294967296 - 700, 2 ** 52 - 3000, 123456789]) {
    const fast = randomNormal(77, first, 3000);
    for (let j = 0; j < 3000; j++) if (!Object.is(fast[j], normalAt(77, first + j))) expect.fail(`index ${first + j}: ${fast[j]} vs ${normalAt(77, first + j)}`);
  }
});

test('fillNormal in long runs (past its 4096-element slow-path batches) still equals the reference', () => {
  const first = 4294967296 - 5000; // and across the low-word carry, mid-run
  const fast = randomNormal(3, first, 10_000);
  for (let j = 0; j < 10_000; j++) if (!Object.is(fast[j], normalAt(3, first + j))) expect.fail(`index ${first + j}: ${fast[j]} vs ${normalAt(3, first + j)}`);
});

test('fillNormal finishes the rare elements in batches (wedges, rejected tries, the tail) exactly as one at a time', () => {
  // 400k elements: ~6,000 outside the rectangles, among them ~20 in the tail and a few hundred
  // rejected wedge tests that start over with a fresh draw; runs straddle the 2^32 carry too.
  const first = 4294967296 - 200_000;
  const n = 400_000;
  const fast = randomNormal(5, first, n);
  let tail = 0;
  for (let j = 0; j < n; j++) {
    const ref = normalAt(5, first + j);
    if (!Object.is(fast[j], ref)) expect.fail(`index ${first + j}: ${fast[j]} vs ${ref}`);
    if (Math.abs(ref) > 3.6541528853610088) tail++;
  }
  expect(tail).toBeGreaterThan(20); // the tail path was taken (P(|z| > R) ≈ 2.6e-4)
});

/** FNV-1a over the float64 bit patterns: a pin on every bit of a stream. */
function bitsHash(a: Float64Array): string {
  const w = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i]!, 0x01000193) >>> 0;
  return h.toString(16);
}

test('the normal stream is pinned: its definition (Threefry-2x32-20, this ziggurat) must not drift', () => {
  // Values from the definition in normal.ts/threefry.ts; a C++ backend must reproduce them. A
  // faster implementation has to give these bits too — change them only with the definition.
  expect([...randomNormal(0, 0, 6)]).toEqual([-0.21199418077078705, -0.4271156074422651, 0.2952016984589039, -1.2128670326913695, 0.5333010012533274, -1.08024331686013]);
  expect(bitsHash(randomNormal(0, 0, 100_000))).toBe('6f538632');
  expect(bitsHash(randomNormal(123456789, 2 ** 32 - 2500, 5000))).toBe('fc0edb91');
});

test('streams are index-deterministic: any split gives the same concatenation', () => {
  const gens = [
    (f: number, n: number) => randomNormal(5, f, n),
    (f: number, n: number) => randomUniform(5, -1, 3, f, n),
    (f: number, n: number) => randomIntegers(5, -3, 17, f, n),
    (f: number, n: number) => randomIntegers(5, 0, 2 ** 40 + 7, f, n),
  ];
  fc.assert(fc.property(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 2 ** 40 }), fc.uniqueArray(fc.integer({ min: 1, max: 4999 }), { maxLength: 5 }), (g, base, cuts) => {
    const gen = gens[g]!;
    const whole = gen(base, 5000);
    const pts = [0, ...cuts.sort((a, b) => a - b), 5000];
    for (let k = 0; k + 1 < pts.length; k++) {
      const part = gen(base + pts[k]!, pts[k + 1]! - pts[k]!);
      for (let i = 0; i < part.length; i++) if (!Object.is(part[i], whole[pts[k]! + i])) return false;
    }
    return true;
  }), { numRuns: 40 });
  expect(randomNormal(1, 0, 5)).toEqual(randomNormal(1, 0, 5));
  expect(randomNormal(1, 0, 5)).not.toEqual(randomNormal(2, 0, 5));
  expect(randomNormal(1, 0, 5)).not.toEqual(randomUniform(1, 0, 1, 0, 5)); // separate stream per distribution
});

/** Standard normal CDF via erfc (Numerical Recipes' erfcc, |error| < 1.2e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r / 2 : r / 2;
}

function ks(sorted: Float64Array, cdf: (x: number) => number): number {
  let d = 0;
  const n = sorted.length;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

test('normals: mean, variance, tails, Kolmogorov–Smirnov and χ² against the normal distribution (1e6 samples)', () => {
  const n = 1_000_000;
  const z = randomNormal(2024, 0, n);
  let s = 0, s2 = 0, beyondR = 0;
  for (let i = 0; i < n; i++) {
    s += z[i]!;
    s2 += z[i]! * z[i]!;
    if (Math.abs(z[i]!) > 3.6541528853610088) beyondR++;
  }
  const mean = s / n, variance = s2 / n - mean * mean;
  expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
  expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  const pTail = 2 * (1 - phi(3.6541528853610088)); // ≈ 2.6e-4: the tail path is exercised and right
  expect(Math.abs(beyondR - n * pTail)).toBeLessThan(5 * Math.sqrt(n * pTail));
  const sorted = z.slice().sort();
  expect(ks(sorted, phi)).toBeLessThan(1.63 / Math.sqrt(n)); // 1% level
  // χ² over 200 equiprobable bins catches a wrong wedge or layer that KS might smooth over.
  const bins = 200;
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor(phi(z[i]!) * bins))]!++;
  const e = n / bins;
  const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
  expect(chi2).toBeLessThan(199 + 5 * Math.sqrt(2 * 199));
});

/** Pearson correlation of a[i] and b[i + lag]. */
function correlation(a: Float64Array, b: Float64Array, lag: number): number {
  const n = a.length - lag;
  let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!, y = b[i + lag]!;
    sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y;
  }
  const ma = sa / n, mb = sb / n;
  return (sab / n - ma * mb) / Math.sqrt((saa / n - ma * ma) * (sbb / n - mb * mb));
}

test('normals: no correlation between neighbouring elements, nor between streams of adjacent seeds', () => {
  // Counter-based streams differ only in the counter (neighbours) or the key (seeds): the places
  // a weak mixing function would show through. |r| of independent samples is ~N(0, 1/n).
  const n = 500_000;
  const limit = 5 / Math.sqrt(n);
  const z = randomNormal(77, 0, n);
  for (const lag of [1, 2, 3, 256]) expect(Math.abs(correlation(z, z, lag))).toBeLessThan(limit);
  // |z| too: the ziggurat's layer index and sign come from the low bits of the same word.
  const abs = z.map(Math.abs);
  expect(Math.abs(correlation(abs, abs, 1))).toBeLessThan(limit);
  for (const seed of [0, 77, 2 ** 32 - 1]) {
    expect(Math.abs(correlation(randomNormal(seed, 0, n), randomNormal(seed + 1, 0, n), 0))).toBeLessThan(limit);
  }
});

test('uniform in [lo, hi) and unbiased integers in [lo, hi)', () => {
  const n = 1_000_000;
  const u = randomUniform(9, 0, 1, 0, n);
  expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
  expect(ks(u.slice().sort(), (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(1.63 / Math.sqrt(n));
  const k = randomIntegers(10, -3, 7, 0, n); // 10 values: 4 bits, so 6/16 of candidates are rejected
  const counts = new Float64Array(10);
  expect(k.every((v) => Number.isInteger(v) && v >= -3 && v < 7)).toBe(true);
  for (const v of k) counts[v + 3]!++;
  const chi2 = counts.reduce((a, c) => a + (c - n / 10) ** 2 / (n / 10), 0);
  expect(chi2).toBeLessThan(9 + 5 * Math.sqrt(18));
  const big = randomIntegers(11, 0, 3 * 2 ** 40, 0, 100_000);
  expect(big.every((v) => Number.isInteger(v) && v >= 0 && v < 3 * 2 ** 40)).toBe(true);
  expect(Math.abs(big.reduce((a, v) => a + v, 0) / 100_000 / (1.5 * 2 ** 40) - 1)).toBeLessThan(0.01);
  expect(() => randomIntegers(1, 5, 5, 0, 1)).toThrow(/lo < hi/);
  expect(() => randomNormal(-1, 0, 1)).toThrow(/seed/);
});


test('fillBits (four counters per iteration) equals threefry2x32 counter by counter', () => {
  const [k0, k1] = [0x9e3779b9 | 0, 0x7f4a7c15 | 0];
  const one = new Int32Array(2);
  // Runs of every length mod 4, across the low word's carry, at huge indices, other draws.
  for (const [first, n] of [[0, 1], [5, 2], [17, 3], [3, 4], [1000, 4099], [2 ** 32 - 6, 13], [2 ** 52 - 10, 10], [2 ** 33 + 7, 9000]] as const) {
    for (const draw of [0, 1, 2047]) {
      const out = new Int32Array(2 * n);
      fillBits(k0, k1, first, n, draw, out);
      for (let j = 0; j < n; j++) {
        const i = first + j;
        threefry2x32(i % 2 ** 32, Math.floor(i / 2 ** 32) | (draw << 21), k0, k1, one, 0);
        if (out[2 * j] !== one[0] || out[2 * j + 1] !== one[1]) expect.fail(`element ${i}, draw ${draw}`);
      }
    }
  }
});

test('fillNormal equals the reference for lengths that are not multiples of 4, and split oddly at the 2^32 carry', () => {
  for (const first of [0, 7, 2 ** 32 - 3, 2 ** 32 - 2050, 2 ** 40 + 1]) {
    for (const n of [1, 2, 3, 5, 6, 7, 2049, 4103]) {
      const fast = randomNormal(11, first, n);
      for (let j = 0; j < n; j++) if (!Object.is(fast[j], normalAt(11, first + j))) expect.fail(`first ${first}, n ${n}, index ${first + j}: ${fast[j]} vs ${normalAt(11, first + j)}`);
    }
  }
});
