/**
 * Conveniences for the futures API (`ops.sin(x)` on local values): an element-wise op on a
 * number, a number[] or a typed array, returning the same kind — number → number, number[] →
 * number[] (computed as float64), one of our typed arrays → the typed array numpy's dtype rules
 * give (Int32Array + Int32Array → Int32Array, sin(Int32Array) → Float64Array), any other
 * typed array → Float64Array. Comparisons give 0/1 (a Uint8Array for typed arrays).
 */
import { TuskError } from '../errors.js';
import { type TypedArray, isTypedArray } from './dtypes.js';
import { binary, unary } from './ops/elementwise.js';
import { type BinaryOp, type UnaryOp, isBinaryOp, isUnaryOp } from './ops/names.js';

export type MapInput = number | readonly number[] | ArrayBufferView;
type MapResult<T> = T extends number ? number : T extends readonly number[] ? number[] : TypedArray;
type MapResult2<A, B> = A extends ArrayBufferView ? TypedArray : B extends ArrayBufferView ? TypedArray
  : A extends readonly number[] ? number[] : B extends readonly number[] ? number[] : number;

type Normalised = { value: number | TypedArray; kind: 'number' | 'list' | 'typed' };

function normalise(name: string, x: unknown, pos: string): Normalised {
  if (typeof x === 'number') return { value: x, kind: 'number' };
  if (Array.isArray(x)) {
    const out = new Float64Array(x.length);
    x.forEach((v, i) => {
      if (typeof v !== 'number') throw new TuskError('InvalidArgument', `${name}: ${pos} argument has a non-number at index ${i} (${typeof v})`);
      out[i] = v;
    });
    return { value: out, kind: 'list' };
  }
  if (isTypedArray(x)) return { value: x, kind: 'typed' };
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return { value: Float64Array.from(x as unknown as ArrayLike<number | bigint>, Number), kind: 'typed' };
  }
  throw new TuskError('InvalidArgument', `${name}: ${pos} argument must be a number, number[] or typed array, got ${x === null ? 'null' : typeof x}`);
}

function back(r: number | TypedArray, kind: Normalised['kind']): unknown {
  if (typeof r === 'number') return r;
  return kind === 'list' ? Array.from(r) : r;
}

export function mapUnary<T extends MapInput>(name: UnaryOp, x: T): MapResult<T> {
  if (!isUnaryOp(name)) throw new TuskError('InvalidArgument', `mapUnary: unknown op ${JSON.stringify(name)}`);
  const a = normalise(name, x, 'the');
  return back(unary(name, a.value, { shared: false }), a.kind) as MapResult<T>;
}

export function mapBinary<A extends MapInput, B extends MapInput>(name: BinaryOp, a: A, b: B): MapResult2<A, B> {
  if (!isBinaryOp(name)) throw new TuskError('InvalidArgument', `mapBinary: unknown op ${JSON.stringify(name)}`);
  const x = normalise(name, a, 'first');
  const y = normalise(name, b, 'second');
  const kind = x.kind === 'typed' || y.kind === 'typed' ? 'typed' : x.kind === 'list' || y.kind === 'list' ? 'list' : 'number';
  return back(binary(name, x.value, y.value, { shared: false }), kind) as MapResult2<A, B>;
}
