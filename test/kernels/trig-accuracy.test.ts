/**
 * sin and cos (src/kernels/ops/trig.ts) against references more precise than Math.sin: a
 * double-double evaluation written here (about 100 bits: fdlibm's 151-bit π/2 in four parts,
 * then Taylor series, nothing shared with the kernel's table), over ~100k arguments of every
 * scale the kernel reduces itself and those where it is most likely to go wrong (the edges of
 * its table's cells, multiples of π/2); and mpmath's correctly rounded values from
 * fixtures/transcendental-fixtures.json. Also the paths around the fast loop: elements it hands
 * to the one-at-a-time path (zeros, huge, NaN, ±Inf), in long arrays, in place or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { _sinTable, cosLoop, sinLoop } from '../../src/kernels/ops/trig.js';

type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function split(a: number): DD {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a), [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const t = e + a[1] + b[1];
  const hi = s + t;
  return [hi, t - (hi - s)];
}
function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  const t = e + a[0] * b[1] + a[1] * b[0];
  const hi = p + t;
  return [hi, t - (hi - p)];
}
function divInt(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const [r0, r1] = twoProd(q1, d);
  const q2 = ((a[0] - r0) - r1 + a[1]) / d;
  const hi = q1 + q2;
  return [hi, q2 - (hi - q1)];
}

// π/2 = P1 + P2 + P3 + P3T to about 151 bits (fdlibm's parts; P1…P3 have 33 bits each).
const P1 = 1.57079632673412561417e+0, P2 = 6.07710050630396597660e-11;
const P3 = 2.02226624871116645580e-21, P3T = 8.47842766036889956997e-32;

/** sin(x) (or cos, one quadrant on) as a double-double, for |x| < 2^20·π/2. */
function reference(x: number, cos: boolean): DD {
  const fn = Math.round(x * (2 / Math.PI));
  // x − fn·P1 is exact (fn has ≤ 21 bits), so are the products fn·P2 and fn·P3.
  let y: DD = [x - fn * P1, 0];
  y = add(y, [-fn * P2, 0]);
  y = add(y, [-fn * P3, 0]);
  y = add(y, twoProd(-fn, P3T));
  const y2 = mul(y, y);
  const m: DD = [-y2[0], -y2[1]];
  let s = y, c: DD = [1, 0], st = y, ct: DD = [1, 0];
  for (let n = 1; n <= 16; n++) {
    st = divInt(mul(st, m), (2 * n) * (2 * n + 1));
    ct = divInt(mul(ct, m), (2 * n - 1) * (2 * n));
    s = add(s, st);
    c = add(c, ct);
  }
  const q = (((fn % 4) + 4) % 4 + (cos ? 1 : 0)) % 4;
  const r = q === 0 ? s : q === 1 ? c : q === 2 ? s : c;
  return q < 2 ? r : [-r[0], -r[1]];
}

function ulpOf(v: number): number {
  return v === 0 ? 2 ** -1074 : 2 ** Math.max(Math.floor(Math.log2(Math.abs(v))) - 52, -1074);
}

/** |computed − exact| in units of the last place of the exact value (rounded). */
function errorUlps(computed: number, exact: DD): number {
  return Math.abs((computed - exact[0]) - exact[1]) / ulpOf(exact[0]);
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function nextUp(v: number, k: number): number {
  const f = new Float64Array([v]);
  const b = new BigInt64Array(f.buffer);
  b[0] = b[0]! + BigInt(v >= 0 ? k : -k);
  return f[0]!;
}

function inputs(): Float64Array {
  const rnd = lcg(2024);
  const xs: number[] = [];
  for (const scale of [1e-300, 1e-8, 1e-3, 0.0123, 0.05, 0.3, 0.8, 1, 1.6, 3.2, 6.3, 10, 100, 1e3, 1e4, 25735, 3e4, 1e5, 1e6, 1.6e6]) {
    for (let i = 0; i < 4000; i++) xs.push((rnd() * 2 - 1) * scale);
  }
  // Normal-distributed, the benchmark's case (Box–Muller).
  for (let i = 0; i < 10000; i++) xs.push(Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
  // The table's cells are centred on j·π/128: their centres and edges, and neighbours.
  for (let j = -1500; j <= 1500; j++) {
    for (const c of [(j * Math.PI) / 128, ((j + 0.5) * Math.PI) / 128]) {
      for (const k of [-2, -1, 0, 1, 2]) xs.push(nextUp(c, k));
    }
  }
  // Near multiples of π/2 far out: the reduction cancels most of the bits.
  for (let k = 1; k < 1_000_000; k = Math.ceil(k * 1.3) + 1) for (const d of [-1, 0, 1]) xs.push(nextUp((k * Math.PI) / 2, d));
  return Float64Array.from(xs.filter((v) => Math.abs(v) < 1647099));
}

describe('sin/cos accuracy against a double-double reference', () => {
  const x = inputs();
  for (const [name, loop, cos] of [['sin', sinLoop, false], ['cos', cosLoop, true]] as const) {
    it(`${name} is within 0.6 ulp of the exact result on ${x.length} arguments below 2^20·π/2`, () => {
      const out = new Float64Array(x.length);
      loop(x, out, x.length);
      let worst = 0, worstAt = 0, above = 0;
      for (let i = 0; i < x.length; i++) {
        const e = errorUlps(out[i]!, reference(x[i]!, cos));
        if (e > 0.5) above++;
        if (e > worst) {
          worst = e;
          worstAt = x[i]!;
        }
      }
      // Correctly rounded except where the result is very near the midpoint of two doubles.
      expect(worst, `worst at x = ${worstAt}`).toBeLessThan(0.6);
      expect(above / x.length).toBeLessThan(0.005);
    });
  }

  it('the reference itself agrees with Math.sin to within 1 ulp (a check of the check)', () => {
    for (let i = 0; i < x.length; i += 7) {
      const r = reference(x[i]!, false);
      expect(Math.abs(Math.sin(x[i]!) - r[0]) / ulpOf(r[0])).toBeLessThanOrEqual(1);
    }
  });

  it('table entries are sin and cos of j·π/128 (P = sin a, Qh + Ql = cos a)', () => {
    const t = _sinTable();
    for (let j = 0; j < 256; j++) {
      const a = (j * Math.PI) / 128;
      const p = t[4 * j]! + t[4 * j + 1]!;
      const q = t[4 * j + 2]! + t[4 * j + 3]!;
      expect(Math.abs(p - Math.sin(a))).toBeLessThan(1e-15);
      expect(Math.abs(q - Math.cos(a))).toBeLessThan(1e-15);
      expect([1, -1, 0]).toContain(t[4 * j + 2]);
    }
  });
});

describe('sin/cos against mpmath (correctly rounded, fixtures/transcendental-fixtures.json)', () => {
  interface Case { op: string; x?: (number | string)[]; expected: (number | string)[] }
  const decode = (v: number | string): number => (typeof v === 'number' ? v : v === '-0' ? -0 : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity);
  const file = path.join(import.meta.dirname, 'fixtures/transcendental-fixtures.json');
  const cases = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: Case[] }).cases.filter((c) => c.op === 'sin' || c.op === 'cos');
  it('has the sin and cos cases', () => expect(cases.map((c) => c.op).sort()).toEqual(['cos', 'sin']));
  for (const c of cases) {
    it(`${c.op}: every value within 1 ulp of mpmath, NaN and ±0 exactly as numpy`, () => {
      const x = Float64Array.from(c.x!.map(decode));
      const want = c.expected.map(decode);
      const out = new Float64Array(x.length);
      (c.op === 'sin' ? sinLoop : cosLoop)(x, out, x.length);
      for (let i = 0; i < x.length; i++) {
        const w = want[i]!;
        if (w !== w || w === 0) expect(Object.is(out[i], w) || (w !== w && out[i] !== out[i]), `${c.op}(${x[i]})`).toBe(true);
        else expect(Math.abs(out[i]! - w) / ulpOf(w), `${c.op}(${x[i]})`).toBeLessThanOrEqual(1);
      }
    });
  }
});

describe('the elements the fast loop hands on', () => {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e10, -3e7, 25735.5, 1.7e6, 1e300, 5e-324, (7 * Math.PI) / 2];
  function mixed(n: number): Float64Array {
    const rnd = lcg(9);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = rnd() < 0.05 ? specials[Math.floor(rnd() * specials.length)]! : (rnd() * 2 - 1) * 20;
    return x;
  }
  for (const n of [1, 2, 3, 1023, 1024, 1025, 2049, 5000]) {
    it(`length ${n}, specials scattered, out of place and in place: as Math.sin/cos within 1 ulp, specials exact`, () => {
      const x = mixed(n);
      for (const [loop, ref] of [[sinLoop, Math.sin], [cosLoop, Math.cos]] as const) {
        const out = new Float64Array(n);
        loop(x, out, n);
        const inPlace = x.slice();
        loop(inPlace, inPlace, n);
        for (let i = 0; i < n; i++) {
          const want = ref(x[i]!);
          for (const got of [out[i]!, inPlace[i]!]) {
            if (!Number.isFinite(x[i]!) || x[i] === 0 || Math.abs(x[i]!) >= 1647099) expect(Object.is(got, want), `f(${x[i]})`).toBe(true);
            else expect(Math.abs(got - want) / ulpOf(want), `f(${x[i]})`).toBeLessThanOrEqual(1);
          }
        }
      }
    });
  }
});
