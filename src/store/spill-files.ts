/**
 * Spill to disk: one file per value in a private folder under `spillDir`.
 *
 * Typed arrays are written as Arrow IPC files (one column; dtype and length in the schema
 * metadata) and read back into shared memory; Arrow tables as Arrow IPC; other values with
 * `v8.serialize`. Every file is written under a temporary name and renamed when complete.
 * The folder is removed on close, on process exit and on SIGINT/SIGTERM, so nothing is left
 * behind; a full disk gives a `SpillFailed` error and removes the partial file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { createHash } from 'node:crypto';
import { Table, tableFromIPC, makeVector, Schema, Field, RecordBatch, RecordBatchFileWriter, makeData, Struct } from 'apache-arrow';
import { TuskError } from '../errors.js';
import type { SpillBackend, SpillHandle } from './spill.js';
import { sharedBuffer } from '../kernels/alloc.js';

interface FileHandle extends SpillHandle {
  readonly kind: 'typed' | 'arrow' | 'v8';
}

const liveDirs = new Set<string>();
let hooksInstalled = false;

function installCleanupHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const cleanAll = () => {
    for (const d of liveDirs) fs.rmSync(d, { recursive: true, force: true });
    liveDirs.clear();
  };
  process.on('exit', cleanAll);
  // Signals often come in twos (`timeout` forwards the SIGTERM that `pkill` also sent): the
  // listener stays installed while the folder is removed, so a second signal during the removal
  // finds a listener and is ignored instead of killing the process half-way (a once-listener is
  // removed before it runs, which restored the default action: 75 spill files, 7.7 GB, were left).
  let cleaning = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      if (cleaning) return;
      cleaning = true;
      cleanAll();
      process.removeListener(sig, onSignal);
      // Keep the default meaning of the signal once our files are gone.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** Six hex digits naming this machine in spill folder names (so only our own machine's are judged stale). */
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);
const SPILL_DIR_NAME = /^tusk-spill-(\d+)-([0-9a-f]{6})-/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Spill folders left by processes of this machine that no longer run. Exit and signal hooks
 * remove a folder in every way a process can end but two: SIGKILL and a fatal V8 error (a heap
 * out of memory aborts without running them: 7.8 GB were left by a 1e8-row benchmark). So the
 * next store to spill in the same parent folder removes them.
 */
export function removeStaleDirs(parent: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = SPILL_DIR_NAME.exec(name);
    if (!m || m[2] !== HOST_TAG || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove after all (permissions): leave it
    }
  }
  return removed;
}

const TYPED: Record<string, new (buf: ArrayBufferLike, offset: number, length: number) => ArrayBufferView> = {
  Float64Array, Float32Array, Int32Array, Uint8Array, Int16Array, Uint16Array, Int8Array, Uint32Array,
  BigInt64Array: BigInt64Array as never, BigUint64Array: BigUint64Array as never,
};

export class SpillFiles implements SpillBackend {
  private dir: string | undefined;
  private readonly parent: string;
  private counter = 0;
  private closed = false;

  constructor(spillDir?: string) {
    this.parent = spillDir ?? os.tmpdir();
  }

  /** The private folder (created on first spill). */
  get directory(): string | undefined {
    return this.dir;
  }

  canSpill(value: unknown): boolean {
    if (ArrayBuffer.isView(value)) return !(value instanceof DataView) && value.constructor.name in TYPED;
    if (value instanceof Table) return true;
    if (typeof value === 'function' || typeof value === 'symbol') return false;
    return true;
  }

  async write(key: string, value: unknown): Promise<FileHandle> {
    if (this.closed) throw new TuskError('SpillFailed', 'spill: the store is closed');
    const dir = this.ensureDir();
    const base = path.join(dir, `${(this.counter++).toString(36)}-${key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}`);
    let kind: FileHandle['kind'];
    let table: Table | undefined;
    if (ArrayBuffer.isView(value)) {
      kind = 'typed';
      table = typedTable(value);
    } else if (value instanceof Table) {
      kind = 'arrow';
      table = value;
    } else {
      kind = 'v8';
    }
    const file = `${base}.${kind === 'v8' ? 'v8' : 'arrow'}`;
    const tmp = `${file}.tmp`;
    let written = 0;
    try {
      const fh = await fs.promises.open(tmp, 'w');
      try {
        if (kind === 'v8') {
          // The value's structure, then its typed arrays' bytes as they are (no copy into one blob).
          const parts = serializeApart(value);
          const total = parts.reduce((n, b) => n + b.byteLength, 0);
          // One gathered write (a call per part was a thread-pool round trip each); should it
          // stop short, the rest goes part by part.
          let done = (await fh.writev(parts)).bytesWritten;
          for (let at = 0, k = 0; done < total && k < parts.length; k++) {
            const part = parts[k]!;
            const end = at + part.byteLength;
            if (done < end) for (let off = done - at; off < part.byteLength; ) {
              const w = (await fh.write(part, off, part.byteLength - off, at + off)).bytesWritten;
              off += w;
              done += w;
            }
            at = end;
          }
          written = total;
        } else {
          // The writer yields the column buffers themselves (no copy into one big IPC blob).
          for await (const chunk of RecordBatchFileWriter.writeAll(table!)) {
            let off = 0;
            while (off < chunk.byteLength) off += (await fh.write(chunk, off)).bytesWritten;
            written += chunk.byteLength;
          }
        }
      } finally {
        await fh.close();
      }
      await fs.promises.rename(tmp, file);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      throw new TuskError('SpillFailed', `could not spill ${key} to ${dir}: ${code ?? (err as Error).message}`, {
        context: { key, dir, code },
        hint: code === 'ENOSPC' ? 'the spill folder is full: free space, point spillDir at a bigger disk, or raise memoryLimit' : 'check that spillDir is writable',
        cause: err,
      });
    }
    return { path: file, nbytes: written, kind };
  }

  async read(handle: SpillHandle): Promise<unknown> {
    const h = handle as FileHandle;
    const fd = await fs.promises.open(h.path, 'r');
    try {
      const { size } = await fd.stat();
      // Read straight into shared memory so the chunk can go to a worker thread without a copy.
      const bytes = new Uint8Array(sharedBuffer(size));
      let off = 0;
      while (off < size) {
        const { bytesRead } = await fd.read(bytes, off, size - off, off);
        if (bytesRead === 0) throw new TuskError('SpillFailed', `spill file ${h.path} is truncated (${off} of ${size} bytes)`);
        off += bytesRead;
      }
      if (h.kind === 'v8') return deserializeApart(bytes, h.path);
      const table = tableFromIPC(bytes);
      return h.kind === 'arrow' ? table : typedFromTable(table);
    } finally {
      await fd.close();
    }
  }

  remove(handle: SpillHandle): void {
    fs.rmSync(handle.path, { force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.dir) {
      await fs.promises.rm(this.dir, { recursive: true, force: true });
      liveDirs.delete(this.dir);
      this.dir = undefined;
    }
  }

  private ensureDir(): string {
    if (this.dir) return this.dir;
    installCleanupHooks();
    fs.mkdirSync(this.parent, { recursive: true });
    removeStaleDirs(this.parent);
    this.dir = fs.mkdtempSync(path.join(this.parent, `tusk-spill-${process.pid}-${HOST_TAG}-`));
    liveDirs.add(this.dir);
    return this.dir;
  }
}

function typedTable(view: ArrayBufferView): Table {
  const name = view.constructor.name;
  const vector = makeVector(view as Float64Array);
  const schema = new Schema([new Field('data', vector.type, false)], new Map([['tusk.typed', name], ['tusk.length', String((view as Float64Array).length)]]));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: vector.length, children: [vector.data[0]!] }));
  return new Table(batch);
}

function typedFromTable(table: Table): ArrayBufferView {
  const name = table.schema.metadata.get('tusk.typed') ?? 'Float64Array';
  const length = Number(table.schema.metadata.get('tusk.length') ?? table.numRows);
  const col = table.getChildAt(0);
  const Ctor = TYPED[name];
  if (!col || !Ctor) throw new TuskError('SpillFailed', `spill file holds an unknown array type ${name}`);
  if (col.data.length === 1) {
    const v = col.data[0]!.values as ArrayBufferView;
    if (v.constructor.name === name && (v as Float64Array).length === length) return v;
  }
  const out = new Ctor(sharedBuffer(length * (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT), 0, length) as Float64Array;
  let off = 0;
  for (const d of col.data) {
    out.set(d.values as Float64Array, off);
    off += d.length;
  }
  return out;
}

/**
 * Values other than typed arrays and tables (a group-by partial: an object of typed arrays) are
 * spilled as their structure — `v8` serialization with every typed array replaced by its type,
 * offset and length — followed by the arrays' bytes, each on a 64-byte boundary. Read back, the
 * file is one SharedArrayBuffer and the arrays are views of it: the value goes to a worker
 * thread without a copy. (With plain `v8.serialize` the main thread copied every array into the
 * blob when spilling, and the arrays it read back were ordinary memory, copied again by every
 * `postMessage` to a worker: at 1e7 rows, q10 under 1 GiB, 39 s of the main thread's 94.)
 *
 * Layout: "TUSKV8\0\1", the structure's length (uint32 LE), 4 bytes of zero, the structure, then
 * the data from the next 64-byte boundary.
 */
const MAGIC = Buffer.from('TUSKV8\0\x01', 'latin1');
const VIEW_TYPES = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView', 'Buffer'] as const;
const align64 = (n: number): number => Math.ceil(n / 64) * 64;

class ApartSerializer extends v8.Serializer {
  readonly views: ArrayBufferView[] = [];
  dataBytes = 0;
  constructor() {
    super();
    // Documented (node:v8), missing from @types/node: typed arrays go to _writeHostObject.
    (this as unknown as { _setTreatArrayBufferViewsAsHostObjects(flag: boolean): void })._setTreatArrayBufferViewsAsHostObjects(true);
  }
  _writeHostObject(view: object): void {
    if (!ArrayBuffer.isView(view)) throw new TuskError('SpillFailed', `spill: cannot write a ${(view as object).constructor?.name ?? typeof view}`);
    const name = Buffer.isBuffer(view) ? 'Buffer' : view.constructor.name;
    const type = VIEW_TYPES.indexOf(name as (typeof VIEW_TYPES)[number]);
    if (type < 0) throw new TuskError('SpillFailed', `spill: cannot write a ${name}`);
    this.writeUint32(type);
    this.writeDouble(this.dataBytes);
    this.writeDouble(view.byteLength);
    this.views.push(view);
    this.dataBytes = align64(this.dataBytes + view.byteLength);
  }
}

function serializeApart(value: unknown): Uint8Array[] {
  const ser = new ApartSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  const structure = ser.releaseBuffer();
  const head = Buffer.alloc(16);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(structure.byteLength, 8);
  const parts: Uint8Array[] = [head, structure];
  let at = 16 + structure.byteLength;
  const pad = (to: number): void => {
    if (to > at) parts.push(new Uint8Array(to - at));
    at = to;
  };
  const dataStart = align64(at);
  pad(dataStart);
  let rel = 0;
  for (const v of ser.views) {
    pad(dataStart + rel);
    if (v.byteLength > 0) parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    at += v.byteLength;
    rel = align64(rel + v.byteLength);
  }
  return parts;
}

class ApartDeserializer extends v8.Deserializer {
  constructor(bytes: Uint8Array, private readonly file: Uint8Array, private readonly dataStart: number, private readonly where: string) {
    super(bytes);
  }
  _readHostObject(): ArrayBufferView {
    const type = VIEW_TYPES[this.readUint32()];
    const offset = this.dataStart + this.readDouble();
    const byteLength = this.readDouble();
    if (type === undefined || offset + byteLength > this.file.byteLength) throw new TuskError('SpillFailed', `spill file ${this.where} is damaged (an array beyond its end)`);
    const buf = this.file.buffer;
    const at = this.file.byteOffset + offset;
    switch (type) {
      case 'DataView': return new DataView(buf, at, byteLength);
      case 'Buffer': return Buffer.from(buf, at, byteLength);
      default: {
        const Ctor = globalThis[type] as unknown as { new (b: ArrayBufferLike, o: number, l: number): ArrayBufferView; BYTES_PER_ELEMENT: number };
        return new Ctor(buf, at, byteLength / Ctor.BYTES_PER_ELEMENT);
      }
    }
  }
}

function deserializeApart(file: Uint8Array, where: string): unknown {
  if (file.byteLength < 16 || !Buffer.from(file.buffer, file.byteOffset, 8).equals(MAGIC)) throw new TuskError('SpillFailed', `spill file ${where} is not one Tusk wrote`);
  const length = Buffer.from(file.buffer, file.byteOffset, 16).readUInt32LE(8);
  if (16 + length > file.byteLength) throw new TuskError('SpillFailed', `spill file ${where} is truncated`);
  const des = new ApartDeserializer(Buffer.from(file.buffer, file.byteOffset + 16, length), file, align64(16 + length), where);
  des.readHeader();
  return des.readValue();
}
