/**
 * Row gathers and concatenation on Arrow buffers (worker side), for the verbs that move whole
 * rows without computing on them: the shuffle's split, a join's output, the concat of a
 * bucket's pieces. A slot that still holds its Arrow vector is gathered from the vector's
 * buffers — strings are copied as UTF-8 byte ranges, never decoded to JS strings and encoded
 * back (which costs ~1 µs a string) — and the result is again a slot holding a vector, which
 * `toTable` passes through untouched. A slot already decoded (`col`) goes through `Col` as before.
 *
 * Arrow JS slices a vector by cutting its value and offset buffers to the slice but not its
 * null bitmap (nor a bool's bit-packed values): those keep `data.offset`.
 *
 * New buffers live in SharedArrayBuffers, so a result crosses to another thread without a copy.
 */
import { type Data, type DataType, Vector, makeData, makeVector } from 'apache-arrow';
import { concatCols, take as takeCol, toData } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, type Slot, colOf, slot } from '../core/part.js';
import { getKernels } from '../../kernels/select.js';
import { copyBytes, copyRowBytes, viewOf } from './bytes.js';
import { sharedBuffer } from '../../kernels/alloc.js';

type Fixed = BigInt64Array | Int32Array | Uint8Array | Float64Array | Float32Array;
type FixedCtor = { new (buffer: SharedArrayBuffer): Fixed; readonly BYTES_PER_ELEMENT: number };

function sharedOf<T extends Fixed>(C: FixedCtor, n: number): T {
  return new C(sharedBuffer(Math.max(0, n) * C.BYTES_PER_ELEMENT)) as T;
}
const sharedBytes = (n: number): Uint8Array => new Uint8Array(sharedBuffer(Math.max(0, n)));
const sharedInt32 = (n: number): Int32Array => new Int32Array(sharedBuffer(Math.max(0, n) * 4));

/**
 * int64 values as float64 (rounded as `Number(bigint)` rounds), reading 32-bit words: reading a
 * BigInt64Array element allocates a BigInt.
 */
export function int64ToFloat(v: BigInt64Array, out: Float64Array = new Float64Array(v.length)): Float64Array {
  const w = new Int32Array(v.buffer, v.byteOffset, 2 * v.length);
  for (let i = 0; i < v.length; i++) out[i] = w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
  return out;
}

/** Validity bit i of a chunk (true = present). */
const present = (bm: Uint8Array | null, offset: number, i: number): boolean => bm === null || ((bm[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;

function bitmapOf(d: Data): Uint8Array | null {
  return d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap !== null && d.nullBitmap.length > 0 ? d.nullBitmap : null;
}

/** A slot's column as one Arrow chunk: its vector's only chunk, its chunks concatenated, or its decoded column encoded. */
export function dataOf(s: Slot): Data {
  if (s.col === undefined && s.vector !== undefined) {
    const chunks = s.vector.data as Data[];
    if (chunks.length === 1) return chunks[0]!;
    if (chunks.length > 1) return concatData(s.dtype, chunks);
  }
  return toData(colOf(s));
}

/** Whether gathering this slot on Arrow buffers beats decoding it. */
const onArrow = (s: Slot): boolean => s.col === undefined && s.vector !== undefined;

/** Packs per-row validity (1 = present) into a bitmap; null when every row is present. */
function packValidity(valid: Uint8Array, n: number, nulls: number): Uint8Array | undefined {
  if (nulls === 0) return undefined;
  const out = sharedBytes(Math.ceil(n / 64) * 8);
  for (let i = 0; i < n; i++) if (valid[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/**
 * Rows `idx` of a chunk (in that order); an index of -1 gives a missing value.
 *
 * Each loop is a function of its own, by dtype: V8 optimizes each once. (One function holding
 * every dtype's loops was optimized inside its first loop and deoptimized after it on most calls:
 * a join's output gather took 8 s of a worker's 32 in db-benchmark's j5.)
 */
export function gatherData(dtype: Dtype, d: Data, idx: ArrayLike<number>, missing?: number): Data {
  const n = idx.length;
  const bm = bitmapOf(d);
  // Validity of the output: only computed when some value is missing (`valid` null: all present).
  let nulls = missing ?? countMissing(idx);
  let valid: Uint8Array | null = null;
  if (nulls > 0 || bm !== null) {
    valid = new Uint8Array(n);
    nulls = gatherValidity(bm, d.offset, idx, valid);
    if (nulls === 0) valid = null;
  }
  const nullBitmap = valid === null ? undefined : packValidity(valid, n, nulls);
  const type = d.type as DataType;
  // The native kernels' ports of the string and 8-byte loops, where they are built (the same bytes).
  const loops = idx instanceof Int32Array ? getKernels().gatherLoops : undefined;
  if (dtype === 'string') {
    const offs = d.valueOffsets as Int32Array;
    const offsets = sharedInt32(n + 1);
    if (loops !== undefined) {
      const bytes = sharedBytes(loops.utf8Offsets(offs, idx as Int32Array, valid, offsets));
      loops.utf8Bytes(offs, d.values as Uint8Array, idx as Int32Array, valid, offsets, bytes);
      return makeData({ type, length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data: bytes } as never);
    }
    const bytes = sharedBytes(gatherStringOffsets(offs, idx, valid, offsets));
    gatherStringBytes(offs, d.values as Uint8Array, idx, valid, offsets, bytes);
    return makeData({ type, length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data: bytes } as never);
  }
  if (dtype === 'bool') {
    const out = sharedBytes(Math.ceil(n / 64) * 8);
    gatherBits(d.values as Uint8Array, d.offset, idx, valid, out);
    return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out } as never);
  }
  const src = d.values as Fixed;
  const out = sharedOf<Fixed>(src.constructor as FixedCtor, n);
  if (loops !== undefined && (src instanceof BigInt64Array || src instanceof Float64Array)) {
    loops.words64(new Float64Array(src.buffer, src.byteOffset, src.length), idx as Int32Array, valid, new Float64Array(out.buffer, out.byteOffset, n));
  } else if (src instanceof BigInt64Array) {
    // Two 32-bit words at a time: reading a BigInt64Array element allocates a BigInt.
    gatherWords(new Int32Array(src.buffer, src.byteOffset, 2 * src.length), idx, valid, new Int32Array(out.buffer, out.byteOffset, 2 * n));
  } else if (src instanceof Float64Array) {
    gatherF64(src, idx, valid, out as Float64Array);
  } else {
    gatherNumbers(src as Exclude<Fixed, BigInt64Array | Float64Array>, idx, valid, out as Exclude<Fixed, BigInt64Array | Float64Array>);
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out } as never);
}

/** How many of `idx` are < 0 (counted once for every column gathered by the same rows). */
export function countMissing(idx: ArrayLike<number>): number {
  let nulls = 0;
  for (let k = 0; k < idx.length; k++) if (idx[k]! < 0) nulls++;
  return nulls;
}

/** valid[k] = 1 where row idx[k] is present; returns the number missing. */
function gatherValidity(bm: Uint8Array | null, off: number, idx: ArrayLike<number>, valid: Uint8Array): number {
  let nulls = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (i < 0 || !present(bm, off, i)) nulls++;
    else valid[k] = 1;
  }
  return nulls;
}

/** Offsets of the gathered strings; returns their total bytes. */
export function gatherStringOffsets(offs: Int32Array, idx: ArrayLike<number>, valid: Uint8Array | null, offsets: Int32Array): number {
  let total = 0;
  for (let k = 0; k < idx.length; k++) {
    if (valid === null || valid[k]) {
      const i = idx[k]!;
      total += offs[i + 1]! - offs[i]!;
    }
    offsets[k + 1] = total;
  }
  return total;
}

/** The bytes of the strings at `offsets` (`gatherStringOffsets`: rows not present have none). */
export function gatherStringBytes(offs: Int32Array, src: Uint8Array, idx: ArrayLike<number>, _valid: Uint8Array | null, offsets: Int32Array, bytes: Uint8Array): void {
  copyRowBytes(offs, src, idx, offsets, bytes);
}

function gatherBits(bits: Uint8Array, off: number, idx: ArrayLike<number>, valid: Uint8Array | null, out: Uint8Array): void {
  for (let k = 0; k < idx.length; k++) {
    if (valid !== null && !valid[k]) continue;
    const b = off + idx[k]!;
    if ((bits[b >> 3]! >> (b & 7)) & 1) out[k >> 3]! |= 1 << (k & 7);
  }
}

export function gatherWords(w: Int32Array, idx: ArrayLike<number>, valid: Uint8Array | null, o: Int32Array): void {
  const n = idx.length;
  if (valid === null) {
    for (let k = 0; k < n; k++) {
      const i = 2 * idx[k]!;
      o[2 * k] = w[i]!;
      o[2 * k + 1] = w[i + 1]!;
    }
    return;
  }
  for (let k = 0; k < n; k++) {
    if (!valid[k]) continue;
    const i = 2 * idx[k]!;
    o[2 * k] = w[i]!;
    o[2 * k + 1] = w[i + 1]!;
  }
}

export function gatherF64(s: Float64Array, idx: ArrayLike<number>, valid: Uint8Array | null, o: Float64Array): void {
  const n = idx.length;
  if (valid === null) for (let k = 0; k < n; k++) o[k] = s[idx[k]!]!;
  else for (let k = 0; k < n; k++) if (valid[k]) o[k] = s[idx[k]!]!;
}

function gatherNumbers(s: Int32Array | Uint8Array | Float32Array, idx: ArrayLike<number>, valid: Uint8Array | null, o: Int32Array | Uint8Array | Float32Array): void {
  const n = idx.length;
  if (valid === null) for (let k = 0; k < n; k++) o[k] = s[idx[k]!]!;
  else for (let k = 0; k < n; k++) if (valid[k]) o[k] = s[idx[k]!]!;
}

/** Bits [off, off + n) of `bm` (null: all set) to bits [at, at + n) of `out`. */
function copyValidity(bm: Uint8Array | null, off: number, n: number, out: Uint8Array, at: number): void {
  for (let i = 0; i < n; i++, at++) if (present(bm, off, i)) out[at >> 3]! |= 1 << (at & 7);
}

/** offsets[row + i] = offs[i] + shift for i in 1..n. */
function shiftOffsets(offs: Int32Array, n: number, shift: number, offsets: Int32Array, row: number): void {
  for (let i = 1; i <= n; i++) offsets[row + i] = offs[i]! + shift;
}

/** Chunks of one column, one after another, as one chunk. */
export function concatData(dtype: Dtype, chunks: readonly Data[]): Data {
  const n = chunks.reduce((s, d) => s + d.length, 0);
  const type = chunks[0]!.type as DataType;
  const nulls = chunks.reduce((s, d) => s + (bitmapOf(d) === null ? 0 : d.nullCount), 0);
  let nullBitmap: Uint8Array | undefined;
  if (nulls > 0) {
    nullBitmap = sharedBytes(Math.ceil(n / 64) * 8);
    let at = 0;
    for (const d of chunks) {
      copyValidity(bitmapOf(d), d.offset, d.length, nullBitmap, at);
      at += d.length;
    }
  }
  if (dtype === 'string') {
    const total = chunks.reduce((s, d) => s + (d.length === 0 ? 0 : (d.valueOffsets as Int32Array)[d.length]! - (d.valueOffsets as Int32Array)[0]!), 0);
    const offsets = sharedInt32(n + 1);
    const bytes = sharedBytes(total);
    let row = 0;
    let pos = 0;
    for (const d of chunks) {
      if (d.length === 0) continue;
      const offs = d.valueOffsets as Int32Array;
      const base = offs[0]!;
      bytes.set((d.values as Uint8Array).subarray(base, offs[d.length]!), pos);
      shiftOffsets(offs, d.length, pos - base, offsets, row);
      pos += offs[d.length]! - base;
      row += d.length;
    }
    return makeData({ type, length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data: bytes } as never);
  }
  if (dtype === 'bool') {
    const out = sharedBytes(Math.ceil(n / 64) * 8);
    let at = 0;
    for (const d of chunks) {
      copyValidity(d.values as Uint8Array, d.offset, d.length, out, at); // the same bit copy
      at += d.length;
    }
    return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out } as never);
  }
  const first = chunks[0]!.values as Fixed;
  const out = sharedOf<Fixed>(first.constructor as FixedCtor, n);
  let at = 0;
  for (const d of chunks) {
    (out as Float64Array).set((d.values as Float64Array).subarray(0, d.length), at);
    at += d.length;
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out } as never);
}

const vectorSlot = (name: string, dtype: Dtype, data: Data): Slot => ({ name, dtype, vector: makeVector(data) as Vector });

// ---- gathers from a column held in chunks ---------------------------------------------------

/** Where rows of a column held in chunks fall: the chunk (-1 for a row -1) and the row within it. */
export interface ChunkRows {
  readonly piece: Int32Array;
  readonly local: Int32Array;
}

/** The chunk and local row of each of `idx` over chunks of `lengths` rows one after another (arrays of its own). */
export function locateChunkRows(lengths: readonly number[], idx: ArrayLike<number>): ChunkRows {
  const base = new Float64Array(lengths.length + 1);
  lengths.forEach((l, i) => (base[i + 1] = base[i]! + l));
  const piece = new Int32Array(idx.length);
  const local = new Int32Array(idx.length);
  locateLoop(base, idx, piece, local);
  return { piece, local };
}

/**
 * piece[k], local[k] of each row idx[k] over chunks starting at `base` (-1, 0 for a row -1). A
 * row's chunk is read from a table of the chunk holding each 4096-row block's first row, then
 * stepped past the chunk ends inside the block — no search: a binary search per row in random
 * order (a join's right rows over a bucket's pieces) mispredicted its way to 16 ns a row.
 * A row beyond the last chunk lands in the last chunk, past its end (the gathers reject it).
 */
export function locateLoop(base: Float64Array, idx: ArrayLike<number>, piece: Int32Array, local: Int32Array): void {
  const np = base.length - 1;
  if (np <= 0) {
    for (let k = 0; k < idx.length; k++) (piece[k] = idx[k]! < 0 ? -1 : 0), (local[k] = idx[k]! < 0 ? 0 : idx[k]!);
    return;
  }
  const blocks = blockChunks(base, np);
  const last = np - 1;
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k]!;
    if (r < 0) {
      piece[k] = -1;
      local[k] = 0;
      continue;
    }
    const b = r >>> BLOCK_SHIFT;
    let p = b < blocks.length ? blocks[b]! : last;
    while (p < last && r >= base[p + 1]!) p++;
    piece[k] = p;
    local[k] = r - base[p]!;
  }
}

const BLOCK_SHIFT = 12;

/** For each 4096-row block, the chunk holding its first row (the last chunk past the end). */
function blockChunks(base: Float64Array, np: number): Int32Array {
  const nb = Math.floor(base[np]! / 2 ** BLOCK_SHIFT) + 1;
  const out = new Int32Array(nb);
  let p = 0;
  for (let b = 0; b < nb; b++) {
    const start = b * 2 ** BLOCK_SHIFT;
    while (p < np - 1 && base[p + 1]! <= start) p++;
    out[b] = p;
  }
  return out;
}

/** valid[k] = 1 where row k's chunk holds a present value; returns the number missing. */
function chunkValidity(bms: readonly (Uint8Array | null)[], offsets: readonly number[], at: ChunkRows, valid: Uint8Array): number {
  const { piece, local } = at;
  let nulls = 0;
  for (let k = 0; k < piece.length; k++) {
    const j = piece[k]!;
    if (j < 0 || !present(bms[j]!, offsets[j]!, local[k]!)) nulls++;
    else valid[k] = 1;
  }
  return nulls;
}

/** Offsets of rows located in string chunks (valid 0: empty); returns the total bytes. */
export function chunkStringOffsets(offs: readonly Int32Array[], at: ChunkRows, valid: Uint8Array | null, offsets: Int32Array): number {
  const { piece, local } = at;
  let total = 0;
  for (let k = 0; k < piece.length; k++) {
    if (valid === null || valid[k] === 1) {
      const o = offs[piece[k]!]!;
      const i = local[k]!;
      total += o[i + 1]! - o[i]!;
    }
    offsets[k + 1] = total;
  }
  return total;
}

/** The bytes of rows located in string chunks, at `offsets` (`chunkStringOffsets`). */
export function chunkStringBytes(offs: readonly Int32Array[], srcs: readonly Uint8Array[], at: ChunkRows, offsets: Int32Array, bytes: Uint8Array): void {
  const { piece, local } = at;
  const views = srcs.map(viewOf);
  const bv = viewOf(bytes);
  const end = offsets[piece.length]!;
  for (let k = 0; k < piece.length; k++) {
    const to = offsets[k]!;
    const len = offsets[k + 1]! - to;
    if (len === 0) continue;
    const j = piece[k]!;
    copyBytes(srcs[j]!, views[j]!, offs[j]![local[k]!]!, len, bytes, bv, to, end);
  }
}

/** 8-byte values (as int32 word pairs) of rows located in chunks; rows whose valid is 0 skipped. */
export function chunkWords(words: readonly Int32Array[], at: ChunkRows, valid: Uint8Array | null, o: Int32Array): void {
  const { piece, local } = at;
  for (let k = 0; k < piece.length; k++) {
    if (valid !== null && valid[k] === 0) continue;
    const w = words[piece[k]!]!;
    const i = 2 * local[k]!;
    o[2 * k] = w[i]!;
    o[2 * k + 1] = w[i + 1]!;
  }
}

/**
 * Rows `idx` (-1 → missing) of a column held in several chunks, as one chunk, without
 * concatenating the chunks first: `at` locates the rows (`locateChunkRows`, once for every column
 * gathered by the same rows). Strings and 8-byte values are gathered from the chunks (by the
 * native kernels' located gathers where built); other dtypes concatenate, then gather.
 */
export function gatherChunks(dtype: Dtype, chunks: readonly Data[], idx: ArrayLike<number>, at: ChunkRows, missing?: number): Data {
  if (chunks.length === 1) return gatherData(dtype, chunks[0]!, idx, missing);
  const first = chunks[0]!.values as Fixed | Uint8Array;
  const words = dtype !== 'string' && dtype !== 'bool' && (first instanceof BigInt64Array || first instanceof Float64Array);
  if (dtype !== 'string' && !words) return gatherData(dtype, concatData(dtype, chunks), idx, missing);
  const n = idx.length;
  const bms = chunks.map(bitmapOf);
  let nulls = missing ?? countMissing(idx);
  let valid: Uint8Array | null = null;
  if (nulls > 0 || bms.some((b) => b !== null)) {
    valid = new Uint8Array(n);
    nulls = chunkValidity(bms, chunks.map((d) => d.offset), at, valid);
    if (nulls === 0) valid = null;
  }
  const nullBitmap = valid === null ? undefined : packValidity(valid, n, nulls);
  const type = chunks[0]!.type as DataType;
  const loops = getKernels().gatherLoops;
  if (dtype === 'string') {
    const offs = chunks.map((d) => d.valueOffsets as Int32Array);
    const srcs = chunks.map((d) => d.values as Uint8Array);
    const offsets = sharedInt32(n + 1);
    let bytes: Uint8Array;
    if (loops !== undefined) {
      bytes = sharedBytes(loops.utf8OffsetsLocated(offs, at.piece, at.local, valid, offsets));
      loops.utf8BytesLocated(offs, srcs, at.piece, at.local, valid, offsets, bytes);
    } else {
      bytes = sharedBytes(chunkStringOffsets(offs, at, valid, offsets));
      chunkStringBytes(offs, srcs, at, offsets, bytes);
    }
    return makeData({ type, length: n, nullCount: nulls, nullBitmap, valueOffsets: offsets, data: bytes } as never);
  }
  const out = sharedOf<Fixed>(first.constructor as FixedCtor, n);
  if (loops !== undefined) {
    const srcs = chunks.map((d) => new Float64Array((d.values as Fixed).buffer, (d.values as Fixed).byteOffset, (d.values as Fixed).length));
    loops.words64Located(srcs, at.piece, at.local, valid, new Float64Array(out.buffer, out.byteOffset, n));
  } else {
    const ws = chunks.map((d) => new Int32Array((d.values as Fixed).buffer, (d.values as Fixed).byteOffset, 2 * (d.values as Fixed).length));
    chunkWords(ws, at, valid, new Int32Array(out.buffer, out.byteOffset, 2 * n));
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap, data: out } as never);
}

/**
 * Parts with the same columns one after another, as one part whose columns hold every part's
 * chunks — nothing copied (`gatherChunks` reads them where they are). A column whose parts
 * disagree on dtype, or that is not on Arrow in every part, is concatenated as `concatPartsArrow` does.
 */
export function chunkedParts(parts: readonly Part[]): Part {
  return byColumn(parts, (slots) => {
    const s = slots[0]!;
    if (slots.some((x) => x.dtype !== s.dtype) || !slots.every(onArrow)) return concatSlots(slots);
    const chunks = slots.flatMap((x) => x.vector!.data as Data[]).filter((d) => d.length > 0);
    if (chunks.length === 0) return s;
    if (chunks.length === 1) return vectorSlot(s.name, s.dtype, chunks[0]!);
    return { name: s.name, dtype: s.dtype, vector: new Vector(chunks) as Vector };
  });
}

/** Parts with the same columns one after another: output column k made by `f` of column k's slot in every part. */
function byColumn(parts: readonly Part[], f: (slots: Slot[]) => Slot): Part {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const cat = (pick: (p: Part) => Slot[]): Slot[] => pick(first).map((_, k) => f(parts.map((p) => pick(p)[k]!)));
  return { index: cat((p) => p.index), columns: cat((p) => p.columns), length: parts.reduce((n, p) => n + p.length, 0) };
}

/** One column's slots, one after another, as one chunk (decoded only where a slot already is). */
function concatSlots(slots: readonly Slot[]): Slot {
  const s = slots[0]!;
  // Parts of one frame share dtypes; if not (a user's mapPartitions), convert as concatParts does.
  if (slots.some((x) => x.dtype !== s.dtype)) return slot(s.name, concatCols(s.dtype, slots.map(colOf)));
  const chunks = slots.every(onArrow) ? slots.flatMap((x) => x.vector!.data as Data[]) : [];
  return vectorSlot(s.name, s.dtype, concatData(s.dtype, chunks.length > 0 ? chunks : slots.map(dataOf)));
}

/** Rows `idx` of a slot (-1 → missing), on Arrow buffers when the slot still holds its vector. */
export function gatherSlot(s: Slot, idx: ArrayLike<number>, name: string = s.name, missing?: number, at?: () => ChunkRows): Slot {
  if (onArrow(s)) {
    const chunks = s.vector!.data as Data[];
    // Several chunks and the rows located: gathered where they are, not concatenated first.
    if (chunks.length > 1 && at !== undefined) return vectorSlot(name, s.dtype, gatherChunks(s.dtype, chunks, idx, at(), missing));
    return vectorSlot(name, s.dtype, gatherData(s.dtype, dataOf(s), idx, missing));
  }
  return slot(name, takeCol(colOf(s), idx));
}

/** The part with every multi-chunk vector made one chunk (done once, before many gathers). */
export function singleChunks(p: Part): Part {
  const one = (s: Slot): Slot => (onArrow(s) && (s.vector!.data as Data[]).length > 1 ? vectorSlot(s.name, s.dtype, dataOf(s)) : s);
  if ([...p.index, ...p.columns].every((s) => one(s) === s)) return p;
  return { index: p.index.map(one), columns: p.columns.map(one), length: p.length };
}

/** Rows `idx` (in that order) of every column. */
export function gatherRows(p: Part, idx: ArrayLike<number>): Part {
  const missing = countMissing(idx);
  const g = (s: Slot): Slot => gatherSlot(s, idx, s.name, missing);
  return { index: p.index.map(g), columns: p.columns.map(g), length: idx.length };
}

/** Parts with the same columns, one after another, without decoding the columns that are still Arrow. */
export function concatPartsArrow(parts: readonly Part[]): Part {
  return byColumn(parts, concatSlots);
}
