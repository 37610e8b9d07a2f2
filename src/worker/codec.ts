/**
 * What crosses a thread boundary. Typed arrays backed by SharedArrayBuffer cross without a copy
 * (DESIGN decision 3); Arrow tables, batches and vectors travel as IPC bytes and are rebuilt on
 * the other side (their classes would not survive structured clone); everything else is
 * structured-cloned. `share` moves a result into shared memory once, on the worker, so later
 * hops are free.
 */
import { Data, DataType, RecordBatch, RecordBatchStreamWriter, Struct, Table, Vector, tableFromIPC } from 'apache-arrow';
import { isPlainObject } from '../graph/types.js';
import { sharedBuffer } from '../kernels/alloc.js';

/**
 * An Arrow value on the wire, in one of two forms:
 *   - `ipc`: Arrow IPC stream bytes in shared memory (any table);
 *   - `schema` + `batches`: when most of the value's buffers already live in shared memory (the
 *     CSV reader and the group-by build their columns there), the buffers themselves, as views,
 *     with the schema as a small IPC message — no serialization, and a copy only of the buffers
 *     not shared yet.
 */
interface ArrowWire {
  readonly $arrow: 'table' | 'batch' | 'vector';
  readonly ipc?: Uint8Array;
  readonly schema?: Uint8Array;
  readonly batches?: readonly DataWire[];
}

/** One Arrow `Data` by its buffers (views into SharedArrayBuffers, or empty). */
interface DataWire {
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  readonly valueOffsets?: ArrayBufferView;
  readonly values?: ArrayBufferView;
  readonly nullBitmap?: ArrayBufferView;
  readonly typeIds?: ArrayBufferView;
  readonly children: readonly DataWire[];
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
  const kind = value instanceof Table ? 'table' : value instanceof RecordBatch ? 'batch' : 'vector';
  const table = value instanceof Table ? value : value instanceof RecordBatch ? new Table(value) : new Table({ v: value });
  if (table.batches.every((b) => noDictionary(b.data))) {
    const bytes = { shared: 0, plain: 0 };
    for (const b of table.batches) countBuffers(b.data, bytes);
    // Mostly in shared memory already (a worker's result): the buffers as they are, one that is
    // not yet there copied alone (a result's small buffers, a column allocated plainly) — not the
    // whole table through IPC bytes, which copied each group-by final's ~100 MB of output (~0.45 s
    // of fresh pages a task on this VM, while the scheduler waited for it). A table mostly in
    // plain memory (the main thread's, maybe a slice of a bigger one) goes as IPC bytes, which
    // hold only its rows.
    if (bytes.plain <= bytes.shared) return { $arrow: kind, schema: sharedIPC(new Table(table.schema)), batches: table.batches.map((b) => dataWire(b.data)) };
  }
  return { $arrow: kind, ipc: sharedIPC(table) };
}

function noDictionary(d: Data): boolean {
  return d.dictionary === undefined && !DataType.isDictionary(d.type) && d.children.every(noDictionary);
}

function countBuffers(d: Data, into: { shared: number; plain: number }): void {
  for (const v of [d.valueOffsets, d.values, d.nullBitmap, d.typeIds] as (ArrayBufferView | undefined | null)[]) {
    if (v === undefined || v === null || v.byteLength === 0) continue;
    if (v.buffer instanceof SharedArrayBuffer) into.shared += v.byteLength;
    else into.plain += v.byteLength;
  }
  for (const c of d.children) countBuffers(c, into);
}

/** Empty buffers are sent as fresh empty views (they may belong to a plain ArrayBuffer); others in shared memory (copied there if they are not). */
const bufferOf = <T extends ArrayBufferView>(v: T | undefined): T | undefined =>
  v === undefined || v === null ? undefined : v.byteLength === 0 ? (new (v.constructor as new (n: number) => T)(0)) : share(v);

function dataWire(d: Data): DataWire {
  return {
    length: d.length,
    offset: d.offset,
    nullCount: d.nullCount,
    valueOffsets: bufferOf(d.valueOffsets),
    values: bufferOf(d.values),
    nullBitmap: bufferOf(d.nullBitmap),
    typeIds: bufferOf(d.typeIds),
    children: d.children.map(dataWire),
  };
}

function fromDataWire(type: DataType, w: DataWire): Data {
  const children = w.children.map((c, i) => fromDataWire(type.children[i]!.type as DataType, c));
  return new Data(type, w.offset, w.length, w.nullCount, [w.valueOffsets, w.values, w.nullBitmap, w.typeIds] as never, children);
}

function fromBuffersWire(schemaBytes: Uint8Array, batches: readonly DataWire[]): Table {
  const schema = tableFromIPC(schemaBytes).schema;
  const struct = new Struct(schema.fields);
  return new Table(schema, batches.map((w) => new RecordBatch(schema, fromDataWire(struct, w) as Data<Struct>)));
}

/**
 * A table as Arrow IPC stream bytes in shared memory, copied once: the writer's pieces go
 * straight into one SharedArrayBuffer (`tableToIPC` would first join them into a plain buffer,
 * which `share` then copied again — two copies of every result). The pieces are read from the
 * writer's byte queue, an internal of apache-arrow (pinned in package.json); if its shape ever
 * changes, this falls back to the two copies rather than failing.
 */
function sharedIPC(table: Table): Uint8Array {
  const writer = RecordBatchStreamWriter.writeAll(table);
  const pieces = (writer as unknown as { _sink?: { _values?: unknown } })._sink?._values;
  if (!Array.isArray(pieces) || !pieces.every((p) => p instanceof Uint8Array)) return toShared(writer.toUint8Array(true));
  let total = 0;
  for (const p of pieces as Uint8Array[]) total += p.byteLength;
  const out = new Uint8Array(sharedBuffer(total));
  let at = 0;
  for (const p of pieces as Uint8Array[]) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function isArrowWire(x: unknown): x is ArrowWire {
  if (!isPlainObject(x) || typeof x.$arrow !== 'string') return false;
  const keys = Object.keys(x).length;
  return (keys === 2 && x.ipc instanceof Uint8Array) || (keys === 3 && x.schema instanceof Uint8Array && Array.isArray(x.batches));
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
    const table = value.ipc !== undefined ? tableFromIPC(value.ipc) : fromBuffersWire(value.schema!, value.batches!);
    const out = value.$arrow === 'table' ? table : value.$arrow === 'batch' ? (table.batches[0] ?? new RecordBatch(table.schema)) : table.getChildAt(0);
    // Shared memory can go out again as it is (plain IPC bytes were a copy made for this hop).
    if (out && (value.ipc === undefined || value.ipc.buffer instanceof SharedArrayBuffer)) wireOf.set(out, value);
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
  const sab = sharedBuffer(view.byteLength);
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
