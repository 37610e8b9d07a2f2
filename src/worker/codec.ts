/**
 * What crosses a thread boundary. Typed arrays backed by SharedArrayBuffer cross without a copy
 * (DESIGN decision 3); Arrow tables, batches and vectors travel as IPC bytes and are rebuilt on
 * the other side (their classes would not survive structured clone); everything else is
 * structured-cloned. `share` moves a result into shared memory once, on the worker, so later
 * hops are free.
 */
import { RecordBatch, Table, Vector, tableFromIPC, tableToIPC } from 'apache-arrow';
import { isPlainObject } from '../graph/types.js';

interface ArrowWire {
  readonly $arrow: 'table' | 'batch' | 'vector';
  readonly ipc: Uint8Array;
}

/**
 * The shared IPC bytes an Arrow value was decoded from, by identity: a table that came from
 * another thread goes out again as those same bytes (its buffers are views into them, so this
 * costs no memory). Persisted partitions are sent to a task each time one reads them; without
 * this each send re-serialized and copied the whole table (measured: ~0.7 s of a 0.9 s group-by
 * over a persisted 1e6-row table). Arrow values are immutable, so identity is enough. Values
 * built on this thread are encoded per send, not cached: a cached copy would double their
 * memory behind the store's back.
 */
const wireOf = new WeakMap<object, ArrowWire>();

function arrowWire(value: Table | RecordBatch | Vector): ArrowWire {
  const known = wireOf.get(value);
  if (known) return known;
  const wire: ArrowWire =
    value instanceof Table ? { $arrow: 'table', ipc: toShared(tableToIPC(value, 'stream')) }
    : value instanceof RecordBatch ? { $arrow: 'batch', ipc: toShared(tableToIPC(new Table(value), 'stream')) }
    : { $arrow: 'vector', ipc: toShared(tableToIPC(new Table({ v: value }), 'stream')) };
  return wire;
}

function isArrowWire(x: unknown): x is ArrowWire {
  return isPlainObject(x) && typeof x.$arrow === 'string' && x.ipc instanceof Uint8Array && Object.keys(x).length === 2;
}

export function encode(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') {
      throw new TypeError(`a function cannot be sent between threads (${value.name || 'anonymous'}); return data instead`);
    }
    return value;
  }
  if (ArrayBuffer.isView(value)) return value;
  if (value instanceof Table || value instanceof RecordBatch || value instanceof Vector) return arrowWire(value);
  if (depth > 32) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const e = encode(value[i], depth + 1);
      if (e !== value[i]) (out ??= value.slice())[i] = e;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined;
    for (const k in value) {
      const e = encode(value[k], depth + 1);
      if (e !== value[k]) (out ??= { ...value })[k] = e;
    }
    return out ?? value;
  }
  return value;
}

export function decode(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (isArrowWire(value)) {
    const table = tableFromIPC(value.ipc);
    const out = value.$arrow === 'table' ? table : value.$arrow === 'batch' ? (table.batches[0] ?? new RecordBatch(table.schema)) : table.getChildAt(0);
    // Shared bytes can go out again as they are (plain ones were a copy made for this hop).
    if (out && value.ipc.buffer instanceof SharedArrayBuffer) wireOf.set(out, value);
    return out;
  }
  if (depth > 32) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const d = decode(value[i], depth + 1);
      if (d !== value[i]) (out ??= value.slice())[i] = d;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined;
    for (const k in value) {
      const d = decode(value[k], depth + 1);
      if (d !== value[k]) (out ??= { ...value })[k] = d;
    }
    return out ?? value;
  }
  return value;
}

/** Copy a typed array into shared memory unless it already lives there. */
export function share<T extends ArrayBufferView>(view: T): T {
  if (view.buffer instanceof SharedArrayBuffer) return view;
  const Ctor = view.constructor as new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => T;
  const bytesPer = (view as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  const sab = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(sab).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  if (view instanceof DataView) return new DataView(sab) as unknown as T;
  return new Ctor(sab, 0, view.byteLength / bytesPer);
}

function toShared(bytes: Uint8Array): Uint8Array {
  return share(bytes);
}

/** Move large typed arrays of a result into shared memory (small ones are cheaper to clone). */
export function shareResult(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && value.byteLength >= SHARE_THRESHOLD) return share(value);
  return value;
}

export const SHARE_THRESHOLD = 4096;
