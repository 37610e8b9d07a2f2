/**
 * The built-in op registry: functions a task can name by string (`{ op: 'sin' }`).
 *
 * Element-wise ops are the kernels' (numpy semantics and dtype rules) and accept numbers,
 * number arrays, typed arrays and Arrow vectors, returning the same kind: number → number,
 * number[] → number[], typed array → the typed array numpy's rules give, Arrow vector → Arrow
 * vector with nulls kept. Binary ops take two operands of equal length or one scalar.
 * Collections (arrays, frames, ml) run richer ops by module (`mod:` ops).
 */
import { Vector, makeVector, vectorFromArray, Float64, Bool } from 'apache-arrow';
import { TuskError } from '../errors.js';
import { UNARY_OPS, BINARY_OPS, mapBinary, mapUnary, type UnaryOp, type BinaryOp, type MapInput } from '../kernels/index.js';

export type OpFn = (...args: unknown[]) => unknown;

/** An Arrow vector as a float64 array plus its validity, so the kernels can work on it. */
function fromVector(v: Vector): { values: Float64Array; valid: ((i: number) => boolean) | undefined } {
  const values = new Float64Array(v.length);
  let i = 0;
  for (const x of v) {
    values[i++] = x === null || x === undefined ? NaN : typeof x === 'bigint' ? Number(x) : Number(x);
  }
  return { values, valid: v.nullCount > 0 ? (k: number) => v.isValid(k) : undefined };
}

function toVector(out: unknown, valid: ((i: number) => boolean) | undefined): Vector {
  const arr = out as Float64Array | Uint8Array;
  if (!valid) return arr instanceof Float64Array ? makeVector(arr) : vectorFromArray(Array.from(arr, (b) => b !== 0), new Bool());
  const list = Array.from(arr as ArrayLike<number>, (y, i) => (valid(i) ? y : null));
  return arr instanceof Float64Array ? vectorFromArray(list, new Float64()) : vectorFromArray(list.map((b) => (b === null ? null : b !== 0)), new Bool());
}

function operand(x: unknown, op: string, pos: string): { value: MapInput; valid?: (i: number) => boolean; vector: boolean } {
  if (x instanceof Vector) {
    const { values, valid } = fromVector(x);
    return { value: values, valid, vector: true };
  }
  if (typeof x === 'boolean') return { value: x ? 1 : 0, vector: false };
  if (typeof x === 'number' || Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) return { value: x as MapInput, vector: false };
  const got = x === null ? 'null' : typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x;
  throw new TuskError('InvalidArgument', `${op}: ${pos} argument must be a number, number[], typed array or Arrow vector, got ${got}`);
}

function lengthOf(v: MapInput): number | undefined {
  return typeof v === 'number' ? undefined : (v as ArrayLike<number>).length;
}

function unary(name: UnaryOp): OpFn {
  return (x: unknown) => {
    const a = operand(x, name, 'the');
    const r = mapUnary(name, a.value);
    return a.vector ? toVector(r, a.valid) : r;
  };
}

function binary(name: BinaryOp): OpFn {
  return (x: unknown, y: unknown) => {
    const a = operand(x, name, 'first');
    const b = operand(y, name, 'second');
    const la = lengthOf(a.value);
    const lb = lengthOf(b.value);
    if (la !== undefined && lb !== undefined && la !== lb) {
      throw new TuskError('ShapeMismatch', `${name}: operands could not be broadcast together with lengths ${la} and ${lb}`);
    }
    const r = mapBinary(name, a.value, b.value);
    if (!a.vector && !b.vector) return r;
    const valid = a.valid && b.valid ? (i: number) => a.valid!(i) && b.valid!(i) : (a.valid ?? b.valid);
    return toVector(r, valid);
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

/** Values to reduce: nulls of an Arrow vector are skipped (pandas' skipna), numbers count as one value. */
function reduceInput(x: unknown, op: string): ArrayLike<number> {
  if (typeof x === 'number') return [x];
  if (x instanceof Vector) {
    const kept: number[] = [];
    for (const v of x) if (v !== null && v !== undefined) kept.push(Number(v));
    return kept;
  }
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) return Float64Array.from(x, Number);
    return x as ArrayLike<number>;
  }
  return operand(x, op, 'the').value as ArrayLike<number>;
}

function build(): Map<string, OpFn> {
  const m = new Map<string, OpFn>();
  for (const k of UNARY_OPS) m.set(k, unary(k));
  for (const k of BINARY_OPS) m.set(k, binary(k));
  m.set('sum', (x: unknown) => pairwiseSum(reduceInput(x, 'sum')));
  m.set('mean', (x: unknown) => {
    const v = reduceInput(x, 'mean');
    return v.length === 0 ? NaN : pairwiseSum(v) / v.length;
  });
  m.set('identity', (x: unknown) => x);
  // Building blocks for raw graphs (client.get) and collections.
  m.set('list', (...xs: unknown[]) => xs);
  m.set('getItem', (obj: unknown, k: unknown) => (obj as Record<string | number, unknown>)[k as string | number]);
  return m;
}

export const builtinOps: ReadonlyMap<string, OpFn> = build();

