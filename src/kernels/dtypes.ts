/**
 * The five element types a chunk can hold, and their storage.
 *
 * `bool` is stored one byte per element (0 or 1) in a Uint8Array, as numpy stores it, so a
 * typed array alone does not say whether it is `uint8` or `bool`: whoever holds a chunk keeps
 * its dtype beside it. Chunks are allocated on a SharedArrayBuffer by default so a worker thread
 * can read them without a copy (DESIGN decision 3).
 */
import { TuskError } from '../errors.js';
import { cacheLineStart } from './native.js';
import { sharedBuffer } from './alloc.js';

export type Dtype = 'float64' | 'float32' | 'int32' | 'uint8' | 'bool';

export const DTYPES: readonly Dtype[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** The storage type for each dtype. */
export interface TypedArrayFor {
  float64: Float64Array;
  float32: Float32Array;
  int32: Int32Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

const CTORS: Record<Dtype, Ctor> = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

export function isDtype(x: unknown): x is Dtype {
  return typeof x === 'string' && Object.hasOwn(CTORS, x);
}

export function checkDtype(x: unknown, what = 'dtype'): Dtype {
  if (!isDtype(x)) {
    throw new TuskError('UnsupportedDtype', `${what}: ${JSON.stringify(x)} is not a supported dtype`, {
      hint: `use one of ${DTYPES.join(', ')}`,
    });
  }
  return x;
}

export function typedArrayFor<D extends Dtype>(dtype: D): { new (n: number): TypedArrayFor[D]; BYTES_PER_ELEMENT: number } {
  return CTORS[checkDtype(dtype)] as unknown as { new (n: number): TypedArrayFor[D]; BYTES_PER_ELEMENT: number };
}

export function itemSize(dtype: Dtype): number {
  return CTORS[checkDtype(dtype)].BYTES_PER_ELEMENT;
}

/** Shared arrays of at least this many bytes are placed on a 64-byte boundary (64 bytes of slack). */
const ALIGN_FROM_BYTES = 64 * 1024;

export interface AllocateOptions {
  /** Back the array with a SharedArrayBuffer (default true) so worker threads see it without a copy. */
  shared?: boolean;
}

export function allocate<D extends Dtype>(dtype: D, n: number, options: AllocateOptions = {}): TypedArrayFor[D] {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new TuskError('InvalidArgument', `allocate: length must be a non-negative integer, got ${n}`);
  }
  const C = CTORS[checkDtype(dtype)];
  const shared = options.shared ?? true;
  const bytes = n * C.BYTES_PER_ELEMENT;
  if (shared && bytes >= ALIGN_FROM_BYTES) {
    // Big chunks start on a cache line when the native kernels run here (see cacheLineStart).
    const buffer = sharedBuffer(bytes + 64);
    const start = cacheLineStart(buffer);
    if (start !== undefined && start % C.BYTES_PER_ELEMENT === 0) {
      return new (C as unknown as new (b: ArrayBufferLike, o: number, n: number) => TypedArray)(buffer, start, n) as TypedArrayFor[D];
    }
    return new (C as unknown as new (b: ArrayBufferLike, o: number, n: number) => TypedArray)(buffer, 0, n) as TypedArrayFor[D];
  }
  const buffer = shared ? sharedBuffer(bytes) : new ArrayBuffer(bytes);
  return new (C as unknown as new (b: ArrayBufferLike) => TypedArray)(buffer) as TypedArrayFor[D];
}

/**
 * The dtype a typed array holds when nobody said otherwise. A Uint8Array reads as `uint8`:
 * bool chunks must say `bool` explicitly.
 */
export function dtypeOf(x: ArrayBufferView): Dtype {
  if (x instanceof Float64Array) return 'float64';
  if (x instanceof Float32Array) return 'float32';
  if (x instanceof Int32Array) return 'int32';
  if (x instanceof Uint8Array) return 'uint8';
  throw new TuskError('UnsupportedDtype', `no kernel dtype for ${x.constructor.name}`, {
    hint: `convert it to one of Float64Array, Float32Array, Int32Array, Uint8Array first`,
  });
}

export function isTypedArray(x: unknown): x is TypedArray {
  return x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
}

/** Does `x` have the storage type of `dtype`? (A Uint8Array fits both uint8 and bool.) */
export function storageMatches(x: TypedArray, dtype: Dtype): boolean {
  return x instanceof CTORS[dtype];
}

export function isFloatDtype(d: Dtype): d is 'float64' | 'float32' {
  return d === 'float64' || d === 'float32';
}

export function isIntDtype(d: Dtype): d is 'int32' | 'uint8' {
  return d === 'int32' || d === 'uint8';
}

/** The value range of an integer dtype (bool counts as 0..1). */
export function intRange(d: Dtype): [number, number] | undefined {
  if (d === 'int32') return [-2147483648, 2147483647];
  if (d === 'uint8') return [0, 255];
  if (d === 'bool') return [0, 1];
  return undefined;
}
