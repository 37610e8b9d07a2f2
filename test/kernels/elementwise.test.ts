/** Every element-wise op, every dtype, against the slow reference in reference.ts. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Dtype, type TypedArray, storageMatches } from '../../src/kernels/dtypes.js';
import { astype, binary, clip, unary, where } from '../../src/kernels/ops/elementwise.js';
import { BINARY_OPS, UNARY_OPS, binaryResultType, unaryResultType } from '../../src/kernels/ops/names.js';
import { concrete, resultType } from '../../src/kernels/promote.js';
import { isTuskError } from '../../src/errors.js';
import { ALL_DTYPES, arrayArb, same, ulpsApart } from './helpers.js';
import { refBinary, refCast, refUnary } from './reference.js';

function firstMismatch(got: ArrayLike<number>, want: (i: number) => number, ulpTolerance = 0, dtype: Dtype = 'float64'): string | undefined {
  for (let i = 0; i < got.length; i++) {
    const ok = ulpTolerance > 0 ? ulpsApart(got[i]!, want(i), dtype) <= ulpTolerance : same(got[i]!, want(i));
    if (!ok) return `element ${i}: got ${got[i]}, want ${want(i)}`;
  }
  return undefined;
}

const dtypeArb = fc.constantFrom(...ALL_DTYPES);

describe('unary', () => {
  for (const op of UNARY_OPS) {
    test(op, () => {
      fc.assert(fc.property(dtypeArb.chain((d) => fc.tuple(fc.constant(d), arrayArb(d))), ([d, x]) => {
        if ((op === 'negative' || op === 'sign') && d === 'bool') {
          expect(() => unary(op, x, { dtypes: [d] })).toThrow(/not supported/);
          return;
        }
        const out = concrete(unaryResultType(op, d));
        const got = unary(op, x, { dtypes: [d] });
        expect(storageMatches(got, out)).toBe(true);
        expect(got.length).toBe(x.length);
        // sin and cos are our own table-driven kernel (ops/trig.ts): within 1 ulp of Math.sin/cos.
        const tol = (op === 'sin' || op === 'cos') && (out === 'float64' || out === 'float32') ? 1 : 0;
        expect(firstMismatch(got, (i) => refUnary(op, out, x[i]!), tol, out)).toBeUndefined();
      }), { numRuns: 40 });
    });
  }
});

/** Integer powers need non-negative exponents (numpy raises otherwise), and small ones keep BigInt fast. */
function fixExponent(op: string, out: Dtype, b: TypedArray): TypedArray {
  if (op !== 'power' || !(out === 'int32' || out === 'uint8')) return b;
  const c = b.slice();
  for (let i = 0; i < c.length; i++) c[i] = Math.abs(c[i]!) % 40;
  return c;
}

describe('binary', () => {
  for (const op of BINARY_OPS) {
    test(`${op} on arrays of every dtype pair`, () => {
      const arb = fc.tuple(dtypeArb, dtypeArb, lengthSmall()).chain(([da, db, n]) =>
        fc.tuple(fc.constant(da), fc.constant(db), arrayArb(da, fc.constant(n)), arrayArb(db, fc.constant(n))));
      fc.assert(fc.property(arb, ([da, db, a, b0]) => {
        let out: Dtype;
        try {
          out = concrete(binaryResultType(op, da, db));
        } catch (e) {
          expect(isTuskError(e, 'TypeMismatch')).toBe(true);
          return;
        }
        const b = fixExponent(op, out, b0);
        const got = binary(op, a, b, { dtypes: [da, db] }) as TypedArray;
        expect(storageMatches(got, out)).toBe(true);
        expect(firstMismatch(got, (i) => refBinary(op, out, a[i]!, b[i]!))).toBeUndefined();
      }), { numRuns: 50 });
    });

    test(`${op} with a weak scalar`, () => {
      const arb = dtypeArb.chain((d) => fc.tuple(fc.constant(d), arrayArb(d), fc.oneof(fc.integer({ min: 0, max: 9 }), fc.double({ min: -10, max: 10, noNaN: true }).filter((v) => !Number.isInteger(v))), fc.boolean()));
      fc.assert(fc.property(arb, ([d, x, s, scalarFirst]) => {
        let out: Dtype;
        try {
          out = concrete(binaryResultType(op, scalarFirst ? (Number.isInteger(s) ? 'int' : 'float') : d, scalarFirst ? d : Number.isInteger(s) ? 'int' : 'float'));
        } catch {
          return;
        }
        if (op === 'power' && (out === 'int32' || out === 'uint8') && scalarFirst) return; // array exponents may be negative
        const got = (scalarFirst ? binary(op, s, x, { dtypes: [undefined, d] }) : binary(op, x, s, { dtypes: [d] })) as TypedArray;
        expect(storageMatches(got, out)).toBe(true);
        // The scalar takes the array's kind (NEP 50): only a float32 array changes its value.
        const common = concrete(resultType(d, Number.isInteger(s) ? 'int' : 'float'));
        const sv = common === 'float32' ? Math.fround(s) : Number.isInteger(s) ? s + 0 : s; // a weak int has no −0
        expect(firstMismatch(got, (i) => (scalarFirst ? refBinary(op, out, sv, x[i]!) : refBinary(op, out, x[i]!, sv)))).toBeUndefined();
      }), { numRuns: 40 });
    });
  }
});

function lengthSmall(): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(2047, 2049, 4100));
}

test('a weak integer that does not fit the array dtype is an error, as in numpy 2', () => {
  const u8 = Uint8Array.of(1, 2);
  expect(() => binary('add', u8, 300)).toThrow(/out of bounds for uint8/);
  expect(() => binary('add', Int32Array.of(1), 2 ** 31)).toThrow(/out of bounds for int32/);
  // Comparisons compare exactly instead.
  expect([...(binary('less', u8, 300) as Uint8Array)]).toEqual([1, 1]);
  expect([...(binary('less', u8, -1) as Uint8Array)]).toEqual([0, 0]);
  expect([...(binary('add', Int32Array.of(1), 2 ** 31 - 1) as Int32Array)]).toEqual([-(2 ** 31)]);
});

test('integers to negative integer powers are an error', () => {
  expect(() => binary('power', Int32Array.of(2), Int32Array.of(-1))).toThrow(/negative integer powers/);
  expect(binary('power', Int32Array.of(2), -1.0 + 0.5)).toBeInstanceOf(Float64Array);
});

test('scalar-only calls return numbers with the same semantics', () => {
  expect(binary('add', 2, 3)).toBe(5);
  expect(binary('mod', -7, 3)).toBe(2);
  expect(binary('floorDivide', -7, 2)).toBe(-4);
  expect(unary('round', 2.5)).toBe(2);
  expect(binary('divide', 1, 0)).toBe(Infinity);
});

test('where and clip', () => {
  fc.assert(fc.property(fc.tuple(dtypeArb, dtypeArb, lengthSmall()).chain(([da, db, n]) =>
    fc.tuple(fc.constant(da), fc.constant(db), arrayArb('bool', fc.constant(n)), arrayArb(da, fc.constant(n)), arrayArb(db, fc.constant(n)))), ([da, db, c, a, b]) => {
    const got = where(c, a, b, { dtypes: ['bool', da, db] }) as TypedArray;
    const out = concrete(binaryResultType('maximum', da, db));
    expect(storageMatches(got, out)).toBe(true);
    expect(firstMismatch(got, (i) => (c[i] ? a[i]! : b[i]!))).toBeUndefined();
    const lo = a, hi = b;
    const x = a.map((_, i) => c[i]!) as TypedArray;
    const cl = clip(x, lo, hi, { dtypes: [da, da, db] }) as TypedArray;
    const mx = (p: number, q: number) => (p !== p || q !== q ? NaN : p > q ? p : q);
    const mn = (p: number, q: number) => (p !== p || q !== q ? NaN : p < q ? p : q);
    expect(firstMismatch(cl, (i) => mn(mx(x[i]!, lo[i]!), hi[i]!))).toBeUndefined();
  }), { numRuns: 80 });
  expect([...(clip(Float64Array.of(1, 5, NaN, 3), 2, 4) as Float64Array)]).toEqual([2, 4, NaN, 3]);
  expect([...(clip(Float64Array.of(1, 5, 3), 4, 2) as Float64Array)]).toEqual([2, 2, 2]);
});

test('astype between every pair of dtypes', () => {
  fc.assert(fc.property(fc.tuple(dtypeArb, dtypeArb).chain(([f, t]) => fc.tuple(fc.constant(f), fc.constant(t), arrayArb(f))), ([from, to, x]) => {
    const got = astype(x, to, { dtypes: [from] });
    expect(storageMatches(got, to)).toBe(true);
    expect(firstMismatch(got, (i) => refCast(x[i]!, to))).toBeUndefined();
  }), { numRuns: 100 });
});

test('bool inputs must be declared; Uint8Array reads as uint8 by default', () => {
  const b = Uint8Array.of(1, 1);
  expect([...(binary('add', b, b) as Uint8Array)]).toEqual([2, 2]);
  expect([...(binary('add', b, b, { dtypes: ['bool', 'bool'] }) as Uint8Array)]).toEqual([1, 1]);
});

test('mismatched lengths and bad operands are errors that say what to do', () => {
  expect(() => binary('add', new Float64Array(2), new Float64Array(3))).toThrow(/lengths 2 and 3/);
  expect(() => unary('sin', [1, 2] as unknown as Float64Array)).toThrow(/typed array or a number/);
  expect(() => unary('nope' as 'sin', new Float64Array(1))).toThrow(/unknown unary op/);
});

test('results are SharedArrayBuffer-backed by default', () => {
  const r = unary('sin', new Float64Array(4));
  expect(r.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(unary('sin', new Float64Array(4), { shared: false }).buffer).toBeInstanceOf(ArrayBuffer);
});
