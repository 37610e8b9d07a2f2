/**
 * Our inline sin/cos (src/kernels/ops/trig.ts) against V8's Math.sin/Math.cos (fdlibm, < 1 ulp
 * from the exact result): at most 1 ulp apart on random arguments of every scale fdlibm's
 * medium reduction covers, on the adversarial ones (doubles nearest to multiples of π/2, where
 * the reduction cancels most bits; tiny and subnormal arguments; ±0), and identical (same
 * function) past 2^20·π/2, for NaN and ±Inf. trig-accuracy.test.ts measures them against
 * references more precise than Math.sin.
 */
import { describe, expect, it } from 'vitest';
import { cosLoop, sinLoop } from '../../src/kernels/ops/trig.js';

/** Distance in units of the last place of `b` (the reference). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (a !== a && b !== b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const e = b === 0 ? -1074 : Math.max(Math.floor(Math.log2(Math.abs(b))) - 52, -1074);
  return Math.abs(a - b) / 2 ** e;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function inputs(): Float64Array {
  const rnd = lcg(12345);
  const xs: number[] = [];
  for (const scale of [1e-8, 1e-3, 0.5, 0.785, 1, 3, 10, 100, 1e4, 1e5, 1e6, 1.6e6]) {
    for (let i = 0; i < 4000; i++) xs.push((rnd() * 2 - 1) * scale);
  }
  // Doubles nearest to k·π/2 and their neighbours: the reduction's hardest cases.
  for (let k = 1; k < 1_000_000; k = Math.ceil(k * 1.07) + 1) {
    const t = (k * Math.PI) / 2;
    for (const v of [t, t * (1 + 2 ** -52), t * (1 - 2 ** -52), -t]) xs.push(v);
  }
  xs.push(0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, Math.PI / 4, -Math.PI / 4, Math.PI, 1647099.3, 1647099.33, 1647100);
  return Float64Array.from(xs);
}

describe('inline sin/cos', () => {
  const x = inputs();
  for (const [name, loop, ref] of [
    ['sin', sinLoop, Math.sin],
    ['cos', cosLoop, Math.cos],
  ] as const) {
    it(`${name} is within 1 ulp of Math.${name} on ${x.length} random and adversarial arguments`, () => {
      const out = new Float64Array(x.length);
      loop(x, out, x.length);
      let worst = 0;
      let worstAt = 0;
      for (let i = 0; i < x.length; i++) {
        const u = ulps(out[i]!, ref(x[i]!));
        if (u > worst) {
          worst = u;
          worstAt = x[i]!;
        }
      }
      expect(worst, `worst at x = ${worstAt}`).toBeLessThanOrEqual(1);
    });

    it(`${name} keeps numpy's special values and goes to Math.${name} past 2^20·π/2`, () => {
      const special = Float64Array.from([NaN, Infinity, -Infinity, 1e10, -1e10, 1e22, 1.7976931348623157e308, -0, 0]);
      const out = new Float64Array(special.length);
      loop(special, out, special.length);
      special.forEach((v, i) => expect(Object.is(out[i], ref(v)), `${name}(${v})`).toBe(true));
      if (name === 'sin') expect(Object.is(out[7], -0)).toBe(true);
    });
  }

  it('works in place', () => {
    const x = Float64Array.from([0.1, 2, -3, 40]);
    const want = x.map(Math.sin);
    sinLoop(x, x, x.length);
    x.forEach((v, i) => expect(ulps(v, want[i]!)).toBeLessThanOrEqual(1));
  });
});

describe('an element does not depend on where its array ends', () => {
  it('sin and cos of the same values agree bit for bit over every length (the last n mod 4 go through the same lanes)', () => {
    // Normal-like values, plus the cases the fast lanes hand on (0, huge, NaN).
    const N = 300;
    const x = Float64Array.from({ length: N }, (_, i) => Math.sin(i * 12.9898) * 3.7 + (i % 7) * 0.01);
    x[100] = 0;
    x[101] = 1e300;
    x[102] = NaN;
    for (const loop of [sinLoop, cosLoop]) {
      const whole = new Float64Array(N);
      loop(x, whole, N);
      for (let n = 1; n <= N; n++) {
        const part = new Float64Array(n);
        loop(x.subarray(0, n), part, n);
        for (let i = Math.max(0, n - 4); i < n; i++) expect(Object.is(part[i], whole[i]), `${loop.name} n=${n} i=${i}`).toBe(true);
      }
    }
  });
});
