/**
 * `ops`: the built-in operations as functions you can call locally or `submit` to the cluster
 * (where they are found by name, not shipped as source). Element-wise ops work on numbers,
 * number arrays, typed arrays and Arrow vectors, and return the same kind of thing.
 */
import type { Float64, Vector } from 'apache-arrow';
import { builtinOps } from '../worker/ops.js';
import { OP_TAG } from './ship.js';

export type TypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray | BigInt64Array | BigUint64Array;

export type Numeric = number | readonly number[] | TypedArray | Vector;

/** What an element-wise op returns for an input of type T. */
export type Elementwise<T> = T extends number
  ? number
  : T extends readonly number[]
    ? number[]
    : T extends Vector
      ? Vector<Float64>
      : Float64Array;

export type Elementwise2<A, B> = A extends Vector ? Vector<Float64> : B extends Vector ? Vector<Float64>
  : A extends TypedArray ? Float64Array : B extends TypedArray ? Float64Array
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

export interface Ops {
  sin: UnaryOp; cos: UnaryOp; tan: UnaryOp; arcsin: UnaryOp; arccos: UnaryOp; arctan: UnaryOp;
  exp: UnaryOp; expm1: UnaryOp; log: UnaryOp; log1p: UnaryOp; log2: UnaryOp; log10: UnaryOp;
  sqrt: UnaryOp; abs: UnaryOp; square: UnaryOp; negative: UnaryOp; sign: UnaryOp; floor: UnaryOp; ceil: UnaryOp;
  add: BinaryOp; subtract: BinaryOp; multiply: BinaryOp; divide: BinaryOp; power: BinaryOp; mod: BinaryOp;
  minimum: BinaryOp; maximum: BinaryOp;
  sum: ReduceOp; mean: ReduceOp;
  identity: <T>(x: T) => T;
}

const UNARY = ['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10',
  'sqrt', 'abs', 'square', 'negative', 'sign', 'floor', 'ceil'] as const;
const BINARY = ['add', 'subtract', 'multiply', 'divide', 'power', 'mod', 'minimum', 'maximum'] as const;

function buildOps(): Ops {
  const o: Record<string, unknown> = {};
  for (const n of UNARY) o[n] = tagged<UnaryOp>(n);
  for (const n of BINARY) o[n] = tagged<BinaryOp>(n);
  o.sum = tagged<ReduceOp>('sum');
  o.mean = tagged<ReduceOp>('mean');
  o.identity = tagged<<T>(x: T) => T>('identity');
  return Object.freeze(o) as unknown as Ops;
}

export const ops: Ops = buildOps();
