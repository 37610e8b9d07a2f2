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
  if (value instanceof Table) return { $arrow: 'table', ipc: toShared(tableToIPC(value, 'stream')) } satisfies ArrowWire;
  if (value instanceof RecordBatch) return { $arrow: 'batch', ipc: toShared(tableToIPC(new Table(value), 'stream')) } satisfies ArrowWire;
  if (value instanceof Vector) {
    return { $arrow: 'vector', ipc: toShared(tableToIPC(new Table({ v: value }), 'stream')) } satisfies ArrowWire;
  }
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
    if (value.$arrow === 'table') return table;
    if (value.$arrow === 'batch') return table.batches[0] ?? new RecordBatch(table.schema);
    return table.getChildAt(0);
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
