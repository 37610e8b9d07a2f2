/**
 * The built-in op registry: functions a task can name by string (`{ op: 'sin' }`).
 *
 * The element-wise ops accept numbers, number arrays, typed arrays and Arrow vectors, and return
 * the same kind (a typed array in, a Float64Array out; a number[] in, a number[] out; an Arrow
 * vector in, a Float64 vector out with nulls kept). Binary ops take two operands of equal length
 * or one scalar. Collections (arrays, frames, ml) register richer ops by module (`mod:` ops).
 */
import { Float64, Vector, vectorFromArray } from 'apache-arrow';
import { TuskError } from '../errors.js';

export type OpFn = (...args: unknown[]) => unknown;

type Num1 = (x: number) => number;
type Num2 = (a: number, b: number) => number;

const unaryMath: Record<string, Num1> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  square: (x) => x * x,
  negative: (x) => -x,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // keeps ±0 and NaN as numpy does
  floor: Math.floor,
  ceil: Math.ceil,
};

const binaryMath: Record<string, Num2> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  power: (a, b) => a ** b,
  mod: (a, b) => {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r; // sign of the divisor, like numpy
  },
  minimum: (a, b) => (a !== a || b !== b ? NaN : Math.min(a, b)),
  maximum: (a, b) => (a !== a || b !== b ? NaN : Math.max(a, b)),
};

type Operand =
  | { kind: 'number'; value: number }
  | { kind: 'array'; values: ArrayLike<number>; wrap: (out: Float64Array) => unknown; nulls?: (i: number) => boolean };

function toOperand(x: unknown, op: string, pos: string): Operand {
  if (typeof x === 'number') return { kind: 'number', value: x };
  if (typeof x === 'boolean') return { kind: 'number', value: x ? 1 : 0 };
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== 'number') {
        throw new TuskError('InvalidArgument', `${op}: ${pos} argument has a non-number at index ${i} (${typeof x[i]})`);
      }
    }
    return { kind: 'array', values: x as number[], wrap: (out) => Array.from(out) };
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) {
      return { kind: 'array', values: Float64Array.from(x, Number), wrap: (out) => out };
    }
    return { kind: 'array', values: x as unknown as ArrayLike<number>, wrap: (out) => out };
  }
  if (x instanceof Vector) {
    const v = x;
    const raw = v.toArray() as ArrayLike<number | bigint | null>;
    const values = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e = raw[i];
      values[i] = typeof e === 'bigint' ? Number(e) : e === null || e === undefined ? NaN : Number(e);
    }
    const nulls = v.nullCount > 0 ? (i: number) => !v.isValid(i) : undefined;
    return {
      kind: 'array',
      values,
      nulls,
      wrap: (out) => (nulls ? vectorFromArray(Array.from(out, (y, i) => (nulls(i) ? null : y)), new Float64()) : vectorFromArray(out)),
    };
  }
  throw new TuskError(
    'InvalidArgument',
    `${op}: ${pos} argument must be a number, number[], typed array or Arrow vector, got ${describe(x)}`,
  );
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function unary(name: string, f: Num1): OpFn {
  return (x: unknown) => {
    const a = toOperand(x, name, 'the');
    if (a.kind === 'number') return f(a.value);
    const out = new Float64Array(a.values.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a.values[i]!);
    return a.wrap(out);
  };
}

function binary(name: string, f: Num2): OpFn {
  return (x: unknown, y: unknown) => {
    const a = toOperand(x, name, 'first');
    const b = toOperand(y, name, 'second');
    if (a.kind === 'number' && b.kind === 'number') return f(a.value, b.value);
    if (a.kind === 'array' && b.kind === 'array' && a.values.length !== b.values.length) {
      throw new TuskError('ShapeMismatch', `${name}: operands could not be broadcast together with lengths ${a.values.length} and ${b.values.length}`);
    }
    const n = a.kind === 'array' ? a.values.length : (b as { values: ArrayLike<number> }).values.length;
    const out = new Float64Array(n);
    if (a.kind === 'number') {
      const av = a.value;
      const bv = (b as { values: ArrayLike<number> }).values;
      for (let i = 0; i < n; i++) out[i] = f(av, bv[i]!);
    } else if (b.kind === 'number') {
      const bv = b.value;
      for (let i = 0; i < n; i++) out[i] = f(a.values[i]!, bv);
    } else {
      for (let i = 0; i < n; i++) out[i] = f(a.values[i]!, b.values[i]!);
    }
    return (a.kind === 'array' ? a : (b as Extract<Operand, { kind: 'array' }>)).wrap(out);
  };
}

/** Pairwise summation (numpy's scheme): rounding error grows like log(n), not n. */
export function pairwiseSum(v: ArrayLike<number>, lo = 0, hi = v.length): number {
  const n = hi - lo;
  if (n <= 128) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += v[i]!;
    return s;
  }
  const mid = lo + ((n >> 1) & ~7);
  return pairwiseSum(v, lo, mid) + pairwiseSum(v, mid, hi);
}

function reduce(name: string, finish: (sum: number, n: number) => number): OpFn {
  return (x: unknown) => {
    const a = toOperand(x, name, 'the');
    if (a.kind === 'number') return finish(a.value, 1);
    if (a.nulls) {
      const kept: number[] = [];
      for (let i = 0; i < a.values.length; i++) if (!a.nulls(i)) kept.push(a.values[i]!);
      return finish(pairwiseSum(kept), kept.length);
    }
    return finish(pairwiseSum(a.values), a.values.length);
  };
}

function build(): Map<string, OpFn> {
  const m = new Map<string, OpFn>();
  for (const [k, f] of Object.entries(unaryMath)) m.set(k, unary(k, f));
  for (const [k, f] of Object.entries(binaryMath)) m.set(k, binary(k, f));
  m.set('sum', reduce('sum', (s) => s));
  m.set('mean', reduce('mean', (s, n) => (n === 0 ? NaN : s / n)));
  m.set('identity', (x: unknown) => x);
  // Building blocks for raw graphs (client.get) and collections.
  m.set('list', (...xs: unknown[]) => xs);
  m.set('getItem', (obj: unknown, k: unknown) => (obj as Record<string | number, unknown>)[k as string | number]);
  return m;
}

export const builtinOps: ReadonlyMap<string, OpFn> = build();
