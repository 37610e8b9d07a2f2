/** Element-wise chains, broadcasting and chunk alignment against a naive reference. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { isTuskError } from '../../src/errors.js';
import { type Ref, chunksFor, expectClose, inProcessClient, refMap, shapeArb, valueArb } from './helpers.js';

const { client, close } = inProcessClient();
afterAll(close);

const rint = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
};
const UNARY: Record<string, (x: number) => number> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, arctan: Math.atan, exp: (x) => Math.exp(x / 10), abs: Math.abs,
  square: (x) => x * x, negative: (x) => -x, floor: Math.floor, ceil: Math.ceil, round: rint,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN), sqrt: Math.sqrt, log1p: Math.log1p, expm1: (x) => Math.expm1(x / 10),
  arcsin: Math.asin, arccos: Math.acos, log: Math.log, log2: Math.log2, log10: Math.log10,
};
const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  minimum: Math.min, maximum: Math.max,
  // numpy: the remainder takes the divisor's sign; C pow has pow(1, y) = 1 and pow(-1, ±inf) = 1
  mod: (a, b) => { const m = a % b; return m !== 0 && b < 0 !== m < 0 ? m + b : m; },
  power: (a, b) => (a === 1 || (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) ? 1 : a ** b),
};
const nanMax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b);
const nanMin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b);

function apply(op: string, args: (ta.ChunkedArray | number)[]): ta.ChunkedArray {
  if (op === 'exp' || op === 'expm1') return (ta as unknown as Record<string, (x: unknown) => ta.ChunkedArray>)[op]!(ta.divide(args[0]!, 10));
  return (ta as unknown as Record<string, (...x: unknown[]) => ta.ChunkedArray>)[op]!(...args);
}

/** Operand shapes that broadcast to `shape`: trailing axes kept, some stretched from 1. */
const operandShape = (shape: number[]) =>
  fc.tuple(fc.integer({ min: 0, max: shape.length - 1 }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length })).map(([drop, ones]) =>
    shape.slice(drop).map((d, k) => (ones[k + drop] ? 1 : d)),
  );

const operandArb = (shape: number[]) =>
  operandShape(shape).chain((s) =>
    fc.record({
      shape: fc.constant(s),
      chunks: chunksFor(s),
      data: fc.array(valueArb, { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) }),
    }),
  );

const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('w' as const), a: fc.nat(), b: fc.nat(), c: fc.nat() }),
  fc.record({ kind: fc.constant('c' as const), a: fc.nat(), lo: fc.integer({ min: -5, max: 0 }), width: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('u' as const), op: fc.constantFrom(...Object.keys(UNARY)), a: fc.nat() }),
  fc.record({ kind: fc.constant('b' as const), op: fc.constantFrom(...Object.keys(BINARY)), a: fc.nat(), b: fc.nat(), scalar: fc.option(valueArb) }),
);

describe('element-wise chains match the reference', () => {
  it('random chains over broadcast operands with different chunkings (float64)', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(2, 7).chain((shape) => fc.tuple(fc.constant(shape), fc.array(operandArb(shape), { minLength: 1, maxLength: 3 }), fc.array(stepArb, { minLength: 1, maxLength: 5 }))),
        async ([, operands, steps]) => {
          const arrs: ta.ChunkedArray[] = operands.map((o) => ta.fromTypedArray(Float64Array.from(o.data), { shape: o.shape, chunks: o.chunks }));
          const refs: Ref[] = operands.map((o) => ({ data: o.data, shape: o.shape }));
          for (const s of steps) {
            const i = s.a % arrs.length;
            if (s.kind === 'w') {
              const [a, b, c] = [s.a % arrs.length, s.b % arrs.length, s.c % arrs.length];
              arrs.push(ta.where(ta.greater(arrs[a]!, arrs[b]!), arrs[a]!, arrs[c]!));
              refs.push(refMap((x, y, z) => (x > y ? x : z), refs[a]!, refs[b]!, refs[c]!));
            } else if (s.kind === 'c') {
              arrs.push(arrs[i]!.clip(s.lo, s.lo + s.width));
              refs.push(refMap((x) => nanMin(nanMax(x, s.lo), s.lo + s.width), refs[i]!));
            } else if (s.kind === 'u') {
              arrs.push(apply(s.op, [arrs[i]!]));
              refs.push(refMap(UNARY[s.op]!, refs[i]!));
            } else {
              const j = s.b % arrs.length;
              const b = s.scalar ?? arrs[j]!;
              arrs.push(apply(s.op, [arrs[i]!, b]));
              refs.push(refMap(BINARY[s.op]!, refs[i]!, s.scalar ?? refs[j]!));
            }
          }
          const out = arrs[arrs.length - 1]!;
          const want = refs[refs.length - 1]!;
          expect(out.shape).toEqual(want.shape);
          const got = await out.toTypedArray({ client });
          expectClose(got, want.data, 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('mixed dtypes promote as numpy and give exact values', async () => {
    const DT = ['bool', 'uint8', 'int32', 'float32', 'float64'] as const;
    // numpy's result_type for two arrays (int64/float16 mapped to int32/float32 as the kernels do).
    const promote = (a: string, b: string): string => {
      if (a === b) return a;
      const r = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 } as Record<string, number>;
      if ((a === 'int32' && b === 'float32') || (a === 'float32' && b === 'int32')) return 'float64';
      return r[a]! >= r[b]! ? a : b;
    };
    const make = (d: string, vals: number[]) => {
      const data = d === 'float64' ? Float64Array.from(vals) : d === 'float32' ? Float32Array.from(vals) : d === 'int32' ? Int32Array.from(vals) : Uint8Array.from(vals);
      return data;
    };
    const OPS: Record<string, (a: number, b: number) => number> = {
      add: (a, b) => a + b, multiply: (a, b) => a * b, maximum: Math.max, minimum: Math.min,
      less: (a, b) => +(a < b), equal: (a, b) => +(a === b), logicalOr: (a, b) => +(a !== 0 || b !== 0),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(
          fc.constantFrom(...DT), fc.constantFrom(...DT), fc.constantFrom(...Object.keys(OPS)),
          fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }),
          chunksFor([n]), chunksFor([n]),
        )),
        async ([da, db, op, va, vb, ca, cb]) => {
          if (da === 'bool') va = va.map((v) => v & 1);
          if (db === 'bool') vb = vb.map((v) => v & 1);
          const a = ta.fromTypedArray(make(da, va), { chunks: ca, dtype: da });
          const b = ta.fromTypedArray(make(db, vb), { chunks: cb, dtype: db });
          const both = da === 'bool' && db === 'bool';
          const y = (ta as unknown as Record<string, (x: unknown, y: unknown) => ta.ChunkedArray>)[op]!(a, b);
          const boolOut = op === 'less' || op === 'equal' || op === 'logicalOr';
          expect(y.dtype).toBe(boolOut ? 'bool' : promote(da, db));
          // numpy: bool + bool is logical or, bool * bool logical and
          const f = both && op === 'add' ? OPS.logicalOr! : both && op === 'multiply' ? (x: number, z: number) => +(x && z) : OPS[op]!;
          expect(Array.from(await y.toTypedArray({ client }))).toEqual(va.map((x, i) => f(x, vb[i]!)));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('fuses a chain into one task per block', () => {
    const x = ta.random.normal([100], { chunks: 30, seed: 1 });
    const y = ta.add(ta.sin(x), ta.square(x));
    const { graph, keys } = y.toGraph();
    expect(keys).toHaveLength(4);
    expect(Object.keys(graph)).toHaveLength(4);
    // Method form gives the same expression, hence the same keys.
    expect(x.sin().add(x.square()).toGraph().keys).toEqual(keys);
  });

  it('broadcasts (n,), (1, n) and (m, 1) against (m, n)', async () => {
    const m = 5, n = 7;
    const a = ta.fromTypedArray(Float64Array.from({ length: m * n }, (_, i) => i), { shape: [m, n], chunks: [2, 3] });
    const row = ta.arange(n, { chunks: 4, dtype: 'float64' });
    const row2 = ta.fromTypedArray(Float64Array.from({ length: n }, (_, i) => 10 * i), { shape: [1, n], chunks: [1, 5] });
    const col = ta.fromTypedArray(Float64Array.from({ length: m }, (_, i) => 100 * i), { shape: [m, 1], chunks: [3, 1] });
    const y = a.add(row).add(row2).add(col);
    expect(y.shape).toEqual([m, n]);
    const r = (await y.compute({ client })) as ta.NdResult;
    expect(r.shape).toEqual([m, n]);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) expect(r.data[i * n + j]).toBe(i * n + j + j + 10 * j + 100 * i);
  });

  it('follows numpy dtype rules with scalars and mixed dtypes', async () => {
    const u8 = ta.fromTypedArray(Uint8Array.of(250, 3, 7), { chunks: 2 });
    expect(u8.add(10).dtype).toBe('uint8');
    expect(Array.from(await u8.add(10).toTypedArray({ client }))).toEqual([4, 13, 17]); // wraps like numpy
    expect(u8.multiply(0.5).dtype).toBe('float64');
    expect(u8.sin().dtype).toBe('float32');
    const i32 = ta.fromTypedArray(Int32Array.of(-7, 7, 9), { chunks: 1 });
    expect(i32.divide(2).dtype).toBe('float64');
    expect(Array.from(await i32.mod(4).toTypedArray({ client }))).toEqual([1, 3, 1]);
    expect(Array.from(await i32.floorDivide(2).toTypedArray({ client }))).toEqual([-4, 3, 4]);
    const f32 = ta.fromTypedArray(Float32Array.of(0.1, 2), { chunks: 1 });
    expect(f32.add(2.5).dtype).toBe('float32');
    const f32b = ta.fromTypedArray(Float32Array.of(1, 2), { chunks: 2 });
    expect(f32.add(f32b).dtype).toBe('float32');
    // A long chain with rechunks in between still compiles to one program per block.
    let chain = i32.astype('float32');
    for (let k = 0; k < 40; k++) chain = chain.add(k).floor().astype('float32');
    expect(chain.dtype).toBe('float32');
    expect(Array.from(await chain.rechunk(3).toTypedArray({ client }))).toEqual([-7 + 780, 7 + 780, 9 + 780]);
    const tasks = Object.values(chain.toGraph().graph).filter((v) => typeof v === 'object' && v !== null && 'op' in v);
    expect(tasks).toHaveLength(3); // + 3 stored chunks of i32
    expect(Array.from(await f32.equal(0.1).toTypedArray({ client }))).toEqual([1, 0]);
    const b = u8.greater(5);
    expect(b.dtype).toBe('bool');
    expect(Array.from(await b.logicalAnd(u8.less(100)).toTypedArray({ client }))).toEqual([0, 0, 1]);
    expect(Array.from(await ta.where(b, u8, 99).toTypedArray({ client }))).toEqual([250, 99, 7]);
    expect(Array.from(await i32.clip(-1, 8).toTypedArray({ client }))).toEqual([-1, 7, 8]);
    expect(Array.from(await ta.fromTypedArray(Float64Array.of(NaN, 1, Infinity)).isnan().toTypedArray({ client }))).toEqual([1, 0, 0]);
    expect(Array.from(await ta.fromTypedArray(Float64Array.of(NaN, 1, Infinity)).isfinite().toTypedArray({ client }))).toEqual([0, 1, 0]);
    expect(Array.from(await ta.fromTypedArray(Float64Array.of(-1.5, 2.7, 300.2)).astype('uint8').toTypedArray({ client }))).toEqual([255, 2, 44]);
  });

  it('errors at build time, naming shapes and dtypes', () => {
    const a = ta.zeros([3, 4], { chunks: 2 });
    const b = ta.zeros([3], { chunks: 2 });
    let err: unknown;
    try { a.add(b); } catch (e) { err = e; }
    expect(isTuskError(err, 'ShapeMismatch')).toBe(true);
    expect(String((err as Error).message)).toContain('[3,4]');
    expect(String((err as Error).message)).toContain('[3]');
    expect(() => ta.fromTypedArray(Uint8Array.of(1, 0), { dtype: 'bool' }).negative()).toThrow(/negative/);
    expect(() => ta.fromTypedArray(Uint8Array.of(1, 2)).add(300)).toThrow(/out of bounds/);
    expect(() => ta.zeros([3], { dtype: 'int64' as never })).toThrow(/dtype/);
    expect(() => ta.fromTypedArray(new Int16Array(3) as never)).toThrow(/Int16Array/);
  });
});
