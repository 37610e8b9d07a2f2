/**
 * Exact group sums by error-free extraction (`groupSumsExact`) against an independent reference:
 * every double is an integer multiple of 2^-1074, so a sum is exactly a BigInt scaled by 2^1074,
 * rounded here to the nearest double (ties to even) by hand. Also against `ExactSums` row by row
 * (Shewchuk), the path it replaces, for non-finite values too. And a combine's sums
 * (`combineSums`: one-partial groups taken as they are) against both.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ExactSums, groupSumsExact, raggedValue } from '../../src/frame/ops/fsum.js';
import { combineSums } from '../../src/frame/ops/aggregate.js';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** x · 2^1074, exactly. */
function scaled(x: number): bigint {
  f64[0] = x;
  const bits = u64[0]!;
  const neg = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const v = exp === 0 ? frac : (frac | (1n << 52n)) << BigInt(exp - 1);
  return neg ? -v : v;
}

/** N · 2^-1074 rounded to the nearest double, ties to even (no overflow in these tests). */
function rounded(n: bigint): number {
  if (n === 0n) return 0;
  const neg = n < 0n;
  const a = neg ? -n : n;
  const len = a.toString(2).length;
  let out: number;
  if (len <= 53) out = Number(a) * 2 ** -1074;
  else {
    let shift = len - 53;
    let mant = a >> BigInt(shift);
    const rem = a & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant += 1n;
    if (mant === 1n << 53n) {
      mant >>= 1n;
      shift++;
    }
    out = Number(mant) * 2 ** (shift - 1074);
  }
  return neg ? -out : out;
}

const finite = fc.oneof(
  fc.integer({ min: 0, max: 99_999_999 }).map((k) => k / 1e6), // db-benchmark's v3: 6 decimals
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e-300, max: 1e-300, noNaN: true }), // subnormals and ±0
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 1, -1, 2 ** -1074, 1e-16, 3 * 2 ** 900),
);

const table = (values: fc.Arbitrary<number>) =>
  fc.integer({ min: 1, max: 6 }).chain((ng) =>
    fc.array(fc.tuple(values, fc.integer({ min: -1, max: ng - 1 }), fc.boolean()), { maxLength: 300 }).map((rows) => ({
      ng,
      x: Float64Array.from(rows, (r) => r[0]),
      codes: Int32Array.from(rows, (r) => r[1]),
      valid: rows.some((r) => !r[2]) ? Uint8Array.from(rows, (r) => (r[2] ? 1 : 0)) : null,
    })),
  );

it('is the correctly rounded exact sum of each group, for any mix of magnitudes', () => {
  fc.assert(
    fc.property(table(finite), ({ ng, x, codes, valid }) => {
      const sums = groupSumsExact(x, valid, codes, ng);
      const ref = new Array<bigint>(ng).fill(0n);
      codes.forEach((g, i) => {
        if (g >= 0 && (valid === null || valid[i] === 1)) ref[g] += scaled(x[i]!);
      });
      for (let g = 0; g < ng; g++) {
        const want = rounded(ref[g]!);
        expect(raggedValue(sums, g)).toBe(want);
        // The partials are the exact sum, not just its rounding.
        let back = 0n;
        for (let q = sums.off[g]!; q < sums.off[g + 1]!; q++) back += scaled(sums.p[q]!);
        expect(back).toBe(ref[g]);
      }
    }),
    { numRuns: 400 },
  );
});

it('matches ExactSums row by row, with infinities and NaN kept apart', () => {
  const values = fc.oneof(finite, fc.constantFrom(Infinity, -Infinity, NaN));
  fc.assert(
    fc.property(table(values), ({ ng, x, codes, valid }) => {
      const sums = groupSumsExact(x, valid, codes, ng);
      const acc = new ExactSums(ng);
      codes.forEach((g, i) => {
        if (g >= 0 && (valid === null || valid[i] === 1)) acc.add(g, x[i]!);
      });
      const ref = acc.finish();
      for (let g = 0; g < ng; g++) expect(raggedValue(sums, g)).toBe(raggedValue(ref, g));
    }),
    { numRuns: 300 },
  );
});

it('takes every bit of values spread over 2^1000 (the row-by-row remainder path)', () => {
  const x = Float64Array.from([1e300, 1, -1e300, 1e-300, 3.5, 2 ** -1000, -1]);
  const codes = new Int32Array(x.length);
  const sums = groupSumsExact(x, null, codes, 1);
  expect(raggedValue(sums, 0)).toBe(3.5);
  let back = 0n;
  for (let q = sums.off[0]!; q < sums.off[1]!; q++) back += scaled(sums.p[q]!);
  expect(back).toBe(x.reduce((s, v) => s + scaled(v), 0n));
});

it('combineSums: groups of one partial as they are, the others extracted — the same exact sums', () => {
  const values = fc.oneof(finite, finite, fc.constantFrom(Infinity, -Infinity, NaN));
  // Mostly groups of one partial (a hash group-by's combine of distinct keys), some of several.
  const stream = fc.integer({ min: 1, max: 60 }).chain((ng) =>
    fc.array(fc.tuple(values, fc.integer({ min: 0, max: ng - 1 })), { maxLength: 90 }).map((rows) => ({
      ng,
      x: Float64Array.from(rows, (r) => r[0]),
      codes: Int32Array.from(rows, (r) => r[1]),
    })),
  );
  fc.assert(
    fc.property(stream, ({ ng, x, codes }) => {
      const got = combineSums(x, codes, ng);
      const acc = new ExactSums(ng);
      codes.forEach((g, i) => acc.add(g, x[i]!));
      const ref = acc.finish();
      const ex = new Array<bigint>(ng).fill(0n);
      const finiteOnly = new Array<boolean>(ng).fill(true);
      codes.forEach((g, i) => {
        if (Number.isFinite(x[i]!)) ex[g] += scaled(x[i]!);
        else finiteOnly[g] = false;
      });
      expect(got.off.length).toBe(ng + 1);
      for (let g = 0; g < ng; g++) {
        expect(raggedValue(got, g)).toBe(raggedValue(ref, g));
        if (finiteOnly[g]) {
          let back = 0n;
          for (let q = got.off[g]!; q < got.off[g + 1]!; q++) back += scaled(got.p[q]!);
          expect(back).toBe(ex[g]);
        }
      }
    }),
    { numRuns: 500 },
  );
});
