/**
 * Allocation of group-by partial states (worker side). On a worker thread, arrays of 4 KiB and
 * more are allocated in shared memory: a partial then crosses to the main thread and on to the
 * next task without a copy (structured clone shares a SharedArrayBuffer). On the main thread (an
 * in-process cluster) plain buffers are used.
 */
import { isMainThread } from 'node:worker_threads';
import type { Dtype } from '../core/dtypes.js';
import { sharedBuffer } from '../../kernels/alloc.js';

const SHARED = !isMainThread && typeof SharedArrayBuffer !== 'undefined';
const MIN_SHARED = 4096;

function buffer(bytes: number): ArrayBuffer {
  return SHARED && bytes >= MIN_SHARED ? (sharedBuffer(bytes) as unknown as ArrayBuffer) : new ArrayBuffer(bytes);
}

export const f64 = (n: number): Float64Array => new Float64Array(buffer(n * 8));
export const i32 = (n: number): Int32Array => new Int32Array(buffer(n * 4));
export const u8 = (n: number): Uint8Array => new Uint8Array(buffer(n));

export type NumValues = BigInt64Array | Int32Array | Uint8Array | Float64Array | Float32Array;

/** Storage for `n` values of a non-string dtype (as `allocValues`). */
export function numValues(dtype: Exclude<Dtype, 'string'>, n: number): NumValues {
  switch (dtype) {
    case 'int64':
    case 'datetime': return new BigInt64Array(buffer(n * 8));
    case 'int32':
    case 'date': return i32(n);
    case 'uint8':
    case 'bool': return u8(n);
    case 'float64': return f64(n);
    case 'float32': return new Float32Array(buffer(n * 4));
  }
}

/** A copy in shared memory of a large typed array not there yet (on a worker thread). */
export function toShared<T extends ArrayBufferView>(a: T): T {
  if (!SHARED || a.byteLength < MIN_SHARED || a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;
  const per = (a as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const b = buffer(a.byteLength);
  new Uint8Array(b).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return new Ctor(b, 0, a.byteLength / per);
}
