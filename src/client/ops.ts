/**
 * `ops`: the built-in operations as functions you can call locally or `submit` to the cluster
 * (where they are found by name, not shipped as source). Element-wise ops work on numbers,
 * number arrays, typed arrays and Arrow vectors, and return the same kind of thing, with
 * numpy's semantics and dtype rules (the kernels'): `sin cos tan arcsin arccos arctan exp expm1
 * log log1p log2 log10 sqrt abs square negative sign floor ceil round isnan isfinite logicalNot`,
 * `add subtract multiply divide power mod minimum maximum floorDivide`, comparisons
 * (`equal notEqual less lessEqual greater greaterEqual`), `logicalAnd logicalOr logicalXor`,
 * and the reductions `sum mean`.
 */
import type { Vector } from 'apache-arrow';
import { builtinOps } from '../worker/ops.js';
import { BINARY_OPS, UNARY_OPS, type BinaryOp as KernelBinary, type UnaryOp as KernelUnary } from '../kernels/index.js';
import { OP_TAG } from './ship.js';

export type TypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray | BigInt64Array | BigUint64Array;

export type Numeric = number | readonly number[] | TypedArray | Vector;

/** A typed array an element-wise op can return (numpy's dtype rules pick which). */
export type ResultArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** What an element-wise op returns for an input of type T (float64 stays float64). */
export type Elementwise<T> = T extends number
  ? number
  : T extends readonly number[]
    ? number[]
    : T extends Vector
      ? Vector
      : T extends Float64Array
        ? Float64Array
        : ResultArray;

export type Elementwise2<A, B> = A extends Vector ? Vector : B extends Vector ? Vector
  : A extends Float64Array ? (B extends number | readonly number[] | Float64Array ? Float64Array : ResultArray)
  : B extends Float64Array ? (A extends number | readonly number[] ? Float64Array : ResultArray)
  : A extends TypedArray ? ResultArray : B extends TypedArray ? ResultArray
  : A extends readonly number[] ? number[] : B extends readonly number[] ? number[] : number;

export type UnaryOp = <T extends Numeric>(x: T) => Elementwise<T>;
export type BinaryOp = <A extends Numeric, B extends Numeric>(a: A, b: B) => Elementwise2<A, B>;
export type ReduceOp = (x: Numeric) => number;

function tagged<F>(name: string): F {
  const impl = builtinOps.get(name);
  if (!impl) throw new Error(`internal: no built-in op ${name}`);
  const f = (...args: unknown[]) => impl(...args);
  Object.defineProperty(f, 'name', { value: name });
  Object.defineProperty(f, OP_TAG, { value: name });
  return f as F;
}

export type Ops = { readonly [K in KernelUnary]: UnaryOp } & { readonly [K in KernelBinary]: BinaryOp } & {
  readonly sum: ReduceOp;
  readonly mean: ReduceOp;
  readonly identity: <T>(x: T) => T;
};

function buildOps(): Ops {
  const o: Record<string, unknown> = {};
  for (const n of UNARY_OPS) o[n] = tagged<UnaryOp>(n);
  for (const n of BINARY_OPS) o[n] = tagged<BinaryOp>(n);
  o.sum = tagged<ReduceOp>('sum');
  o.mean = tagged<ReduceOp>('mean');
  o.identity = tagged<<T>(x: T) => T>('identity');
  return Object.freeze(o) as unknown as Ops;
}

export const ops: Ops = buildOps();
