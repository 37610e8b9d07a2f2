/**
 * What every column builder shares: the batch it reads, growable buffers, a validity bitmap made
 * only once a null shows up, and a scratch buffer for fields that need unquoting.
 */
import type { Data } from 'apache-arrow';
import type { NaMatcher } from './na.js';
import type { CsvColumn } from './schema.js';
import { unquoteField, type Tokens } from './tokenize.js';
import { sharedBuffer } from '../../kernels/alloc.js';

export type RejectReason = 'type' | 'utf8';

/** One tokenized batch of whole records, every record holding `nCols` fields. */
export interface FieldBatch {
  buf: Uint8Array;
  tokens: Tokens;
  rows: number;
  nCols: number;
  quote: number;
  na: NaMatcher;
  /** Throws the error for a value that does not fit its column (row within this batch). */
  reject(row: number, column: CsvColumn, reason: RejectReason): never;
}

export interface ColumnBuilder {
  append(batch: FieldBatch): void;
  finish(): Data;
}

/** Regrown by `unquoteToScratch`; importers read it through the live ESM binding, never a stale copy. */
export let scratch = new Uint8Array(256);

/** Content of a FIELD_RAW field in `scratch[0..return)`. */
export function unquoteToScratch(batch: FieldBatch, s: number, e: number): number {
  if (scratch.length < e - s) scratch = new Uint8Array(2 * (e - s));
  return unquoteField(batch.buf, s, e, batch.quote, scratch, 0);
}

type Ctor<T> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array in shared memory. Builders allocate their buffers here so a finished
 * partition crosses to the main thread as the same memory (worker/codec.ts sends SAB-backed Arrow
 * buffers as they are) instead of being serialized and copied again.
 */
export function shared<T>(C: Ctor<T>, n: number): T {
  return new C(sharedBuffer(Math.max(0, n) * C.BYTES_PER_ELEMENT));
}

export class Validity {
  bits: Uint8Array | null = null;
  nulls = 0;
  setNull(i: number, capacity: number): void {
    if (this.bits === null) this.bits = shared(Uint8Array, (capacity + 7) >> 3).fill(0xff);
    this.bits[i >> 3]! &= ~(1 << (i & 7));
    this.nulls++;
  }
  grow(capacity: number): void {
    if (this.bits === null) return;
    const next = shared(Uint8Array, (capacity + 7) >> 3).fill(0xff);
    next.set(this.bits);
    this.bits = next;
  }
  bitmap(length: number): Uint8Array | undefined {
    return this.bits === null ? undefined : this.bits.subarray(0, (length + 7) >> 3);
  }
}

export function grown<T extends Uint8Array | Int32Array | Float64Array | Float32Array>(a: T, need: number): T {
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
  const C = a.constructor as unknown as Ctor<T>;
  const next = shared(C, cap);
  next.set(a);
  return next;
}
