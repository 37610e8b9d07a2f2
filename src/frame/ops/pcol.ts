/**
 * Columns of group-by partial states (worker side): like `Col`, but strings are kept as UTF-8
 * bytes and offsets (Arrow's layout) instead of JS strings, so a partial is nothing but typed
 * arrays — it crosses threads and spills as buffers, string keys are gathered from the Arrow
 * partition without decoding them, hashed by their bytes, and become the result's Arrow column
 * without encoding them again.
 */
import { type Data, Utf8, type Vector, makeData, makeVector } from 'apache-arrow';
import { type Col, type Values, allocValues } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, type Slot, colOf, slot } from '../core/part.js';
import { copyBytes, copyRowBytes, viewOf } from './bytes.js';
import { type ChunkRows, chunkStringBytes, chunkStringOffsets, chunkWords, locateLoop } from './gather.js';
import { scratchI32 } from './scratch.js';
import type { GatherLoops } from '../../kernels/backend.js';
import { getKernels } from '../../kernels/select.js';
import { type NumValues, i32, numValues, u8 } from './shared-alloc.js';

export type { NumValues };

const colOfValues = (dtype: Dtype, values: Values, valid: Uint8Array | null): Col => ({ dtype, values, valid });


export interface NumPCol {
  readonly dtype: Exclude<Dtype, 'string'>;
  readonly values: NumValues;
  /** 1 = present; null = all present. */
  readonly valid: Uint8Array | null;
}

export interface StrPCol {
  readonly dtype: 'string';
  /** length + 1 byte offsets into `bytes`. */
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  readonly valid: Uint8Array | null;
}

export type PCol = NumPCol | StrPCol;

export const pcolLength = (c: PCol): number => (c.dtype === 'string' ? c.offsets.length - 1 : c.values.length);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A PCol of `rows` of a partition's column (-1 → missing); strings are copied byte-wise from
 * Arrow when they are still there. (Arrow JS slices a Utf8 vector by cutting its offsets buffer
 * to the slice, not its bytes nor its validity bitmap: offsets are indexed from the slice's
 * start, the bitmap from `data.offset`.)
 */
export function gatherSlot(s: Slot, rows: ArrayLike<number>): PCol {
  if (s.dtype === 'string' && s.col === undefined && s.vector !== undefined) return gatherUtf8(s.vector, rows);
  return takePCol(fromCol(colOf(s)), rows);
}

/** A PCol holding a Col's values (strings encoded to UTF-8). */
export function fromCol(c: Col): PCol {
  if (c.dtype !== 'string') return { dtype: c.dtype, values: c.values as NumValues, valid: c.valid };
  const strs = c.values as string[];
  const n = strs.length;
  const offsets = new Int32Array(n + 1);
  let bytes: Uint8Array = new Uint8Array(Math.max(16, n * 8));
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (c.valid === null || c.valid[i] === 1) {
      const s = strs[i]!;
      // At most 3 bytes per UTF-16 unit.
      if (at + s.length * 3 > bytes.length) bytes = grow(bytes, at + s.length * 3);
      at += encoder.encodeInto(s, bytes.subarray(at)).written;
    }
    offsets[i + 1] = at;
  }
  return { dtype: 'string', offsets, bytes: bytes.slice(0, at), valid: c.valid };
}

function grow(b: Uint8Array, need: number): Uint8Array {
  const out = new Uint8Array(Math.max(need, b.length * 2));
  out.set(b);
  return out;
}

// The loops of the one-chunk path are functions of their own, each optimized once (a function
// holding both kept being deoptimized after its first loop: see group-codes.ts).

/** Offsets of the gathered strings (a row < 0: empty); returns the total of bytes. */
function gatherLengths(o: Int32Array, rows: ArrayLike<number>, offsets: Int32Array): number {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r >= 0) total += o[r + 1]! - o[r]!;
    offsets[i + 1] = total;
  }
  return total;
}

/** Validity of gathered rows: 0 where the row is < 0 (none such: null). */
function validOfRows(rows: ArrayLike<number>): Uint8Array | null {
  let i = 0;
  while (i < rows.length && rows[i]! >= 0) i++;
  if (i === rows.length) return null;
  const valid = u8(rows.length).fill(1);
  for (; i < rows.length; i++) if (rows[i]! < 0) valid[i] = 0;
  return valid;
}

function gatherUtf8(v: Vector, rows: ArrayLike<number>): StrPCol {
  const chunks = v.data as Data[];
  if (chunks.length === 1 && chunks[0]!.nullCount <= 0) {
    // One chunk, nothing missing: offsets and bytes straight from the Arrow buffers.
    const d = chunks[0]!;
    const o = d.valueOffsets as Int32Array;
    const src = d.values as Uint8Array;
    const valid = validOfRows(rows);
    const loops = rows instanceof Int32Array ? getKernels().gatherLoops : undefined;
    if (loops !== undefined) return { dtype: 'string', ...nativeStrings(loops, o, src, rows as Int32Array, valid), valid };
    const offsets = i32(rows.length + 1);
    const bytes = u8(gatherLengths(o, rows, offsets));
    copyRowBytes(o, src, rows, offsets, bytes);
    return { dtype: 'string', offsets, bytes, valid };
  }
  const n = rows.length;
  const starts = new Float64Array(chunks.length + 1);
  chunks.forEach((d, k) => (starts[k + 1] = starts[k]! + d.length));
  const offsets = i32(n + 1);
  let valid: Uint8Array | null = null;
  let total = 0;
  // Two passes: lengths, then bytes.
  const where = (r: number): number => {
    if (chunks.length === 1) return 0;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const present = (d: Data, b: number): boolean => {
    if (d.nullCount <= 0) return true;
    const bm = d.nullBitmap;
    return bm === undefined || bm.length === 0 || ((bm[b >> 3]! >> (b & 7)) & 1) === 1;
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r >= 0) {
      const k = where(r);
      const d = chunks[k]!;
      const b = r - starts[k]!;
      if (present(d, d.offset + b)) {
        const o = d.valueOffsets as Int32Array;
        total += o[b + 1]! - o[b]!;
        offsets[i + 1] = total;
        continue;
      }
    }
    valid ??= u8(n).fill(1);
    valid[i] = 0;
    offsets[i + 1] = total;
  }
  const bytes = u8(total);
  const bv = viewOf(bytes);
  const views = chunks.map((d) => viewOf(d.values as Uint8Array));
  for (let i = 0; i < n; i++) {
    const len = offsets[i + 1]! - offsets[i]!;
    if (len === 0) continue;
    const r = rows[i]!;
    const k = where(r);
    const d = chunks[k]!;
    const b = r - starts[k]!;
    copyBytes(d.values as Uint8Array, views[k]!, (d.valueOffsets as Int32Array)[b]!, len, bytes, bv, offsets[i]!, total);
  }
  return { dtype: 'string', offsets, bytes, valid };
}

/**
 * Strings `rows` of (offsets `o`, bytes `src`), rows not present by `valid` empty, by the addon's
 * gather loops (prefetched; the same bytes as `copyRowBytes`, which stays the reference): db-benchmark
 * q10's key and partial gathers spent ~0.5 s a worker in the TypeScript byte loops.
 */
function nativeStrings(loops: GatherLoops, o: Int32Array, src: Uint8Array, rows: Int32Array, valid: Uint8Array | null): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = i32(rows.length + 1);
  const bytes = u8(loops.utf8Offsets(o, rows, valid, offsets));
  loops.utf8Bytes(o, src, rows, valid, offsets, bytes);
  return { offsets, bytes };
}

/** Rows `idx` of `c` (-1 → missing). */
export function takePCol(c: PCol, idx: ArrayLike<number>): PCol {
  const n = idx.length;
  // Rows missing in the result (an index < 0, or a missing value): a validity array only if any.
  const valid = takeValidity(c.valid, idx);
  if (c.dtype === 'string') {
    const loops = idx instanceof Int32Array ? getKernels().gatherLoops : undefined;
    if (loops !== undefined) return { dtype: 'string', ...nativeStrings(loops, c.offsets, c.bytes, idx as Int32Array, valid), valid };
    const offsets = i32(n + 1);
    const bytes = u8(takeLengths(c.offsets, idx, valid, offsets));
    copyRowBytes(c.offsets, c.bytes, idx, offsets, bytes);
    return { dtype: 'string', offsets, bytes, valid };
  }
  const values = numValues(c.dtype, n);
  const loops8 = idx instanceof Int32Array && (values instanceof BigInt64Array || values instanceof Float64Array) ? getKernels().gatherLoops : undefined;
  if (loops8 !== undefined) {
    // 8-byte values by the addon's prefetched gather (the same bits as takeWords / takeF64).
    const sv = c.values as BigInt64Array | Float64Array;
    loops8.words64(new Float64Array(sv.buffer, sv.byteOffset, sv.length), idx as Int32Array, valid, new Float64Array(values.buffer, values.byteOffset, n));
  } else if (values instanceof BigInt64Array) {
    // Two 32-bit words per value: no BigInt per read.
    const sv = c.values as BigInt64Array;
    takeWords(new Int32Array(sv.buffer, sv.byteOffset, sv.length * 2), idx, valid, new Int32Array(values.buffer, values.byteOffset, 2 * n));
  } else if (values instanceof Float64Array) takeF64(c.values as Float64Array, idx, valid, values);
  else takeNumbers(c.values as Int32Array | Uint8Array | Float32Array, idx, valid, values as Int32Array | Uint8Array | Float32Array);
  return { dtype: c.dtype, values, valid };
}

// The loops of takePCol are functions of their own, one per storage (see gatherData in gather.ts).

/** 0 where idx[k] < 0 or the value there is missing; null when none is. */
function takeValidity(cv: Uint8Array | null, idx: ArrayLike<number>): Uint8Array | null {
  const n = idx.length;
  let k = 0;
  while (k < n && idx[k]! >= 0 && (cv === null || cv[idx[k]!] !== 0)) k++;
  if (k === n) return null;
  const valid = u8(n).fill(1);
  for (; k < n; k++) {
    const i = idx[k]!;
    if (i < 0 || (cv !== null && cv[i] === 0)) valid[k] = 0;
  }
  return valid;
}

function takeLengths(so: Int32Array, idx: ArrayLike<number>, valid: Uint8Array | null, offsets: Int32Array): number {
  let total = 0;
  for (let k = 0; k < idx.length; k++) {
    if (valid === null || valid[k] === 1) {
      const i = idx[k]!;
      total += so[i + 1]! - so[i]!;
    }
    offsets[k + 1] = total;
  }
  return total;
}

function takeWords(src: Int32Array, idx: ArrayLike<number>, valid: Uint8Array | null, dst: Int32Array): void {
  for (let k = 0; k < idx.length; k++) {
    if (valid !== null && valid[k] === 0) continue;
    const i = idx[k]!;
    dst[2 * k] = src[2 * i]!;
    dst[2 * k + 1] = src[2 * i + 1]!;
  }
}

function takeF64(src: Float64Array, idx: ArrayLike<number>, valid: Uint8Array | null, dst: Float64Array): void {
  for (let k = 0; k < idx.length; k++) if (valid === null || valid[k] === 1) dst[k] = src[idx[k]!]!;
}

function takeNumbers(src: Int32Array | Uint8Array | Float32Array, idx: ArrayLike<number>, valid: Uint8Array | null, dst: Int32Array | Uint8Array | Float32Array): void {
  for (let k = 0; k < idx.length; k++) if (valid === null || valid[k] === 1) dst[k] = src[idx[k]!]!;
}

/** Columns of one dtype one after another. */
export function concatPCols(dtype: Dtype, cols: readonly PCol[]): PCol {
  if (cols.length === 1) return cols[0]!;
  const n = cols.reduce((s, c) => s + pcolLength(c), 0);
  const anyNull = cols.some((c) => c.valid !== null);
  const valid = anyNull ? new Uint8Array(n).fill(1) : null;
  let at = 0;
  for (const c of cols) {
    if (valid !== null && c.valid !== null) valid.set(c.valid, at);
    at += pcolLength(c);
  }
  if (dtype === 'string') {
    const offsets = new Int32Array(n + 1);
    const bytes = new Uint8Array(cols.reduce((s, c) => s + (c as StrPCol).offsets[pcolLength(c)]! - (c as StrPCol).offsets[0]!, 0));
    let row = 0;
    let byte = 0;
    for (const c of cols as StrPCol[]) {
      const m = c.offsets.length - 1;
      const base = c.offsets[0]!;
      const shift = byte - base;
      for (let i = 1; i <= m; i++) offsets[row + i] = c.offsets[i]! + shift;
      const len = c.offsets[m]! - base;
      bytes.set(c.bytes.subarray(base, base + len), byte);
      byte += len;
      row += m;
    }
    return { dtype: 'string', offsets, bytes, valid };
  }
  const values = allocValues(dtype, n) as NumValues;
  let row = 0;
  for (const c of cols as NumPCol[]) {
    (values as Float64Array).set(c.values as Float64Array, row);
    row += c.values.length;
  }
  return { dtype, values, valid } as NumPCol;
}

function packBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 64) * 8);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Arrow Utf8 data over a string PCol's bytes (no copy). */
export function pcolData(c: StrPCol): Data {
  const n = c.offsets.length - 1;
  let nullCount = 0;
  if (c.valid !== null) for (let i = 0; i < n; i++) nullCount += c.valid[i] === 0 ? 1 : 0;
  return makeData({
    type: new Utf8(),
    length: n,
    nullCount,
    nullBitmap: nullCount > 0 ? packBits(c.valid!) : undefined,
    valueOffsets: c.offsets,
    data: c.bytes,
  } as never) as Data;
}

/** A partition slot of a PCol: strings as an Arrow vector over the same bytes (no decoding), others as a Col. */
export function pcolSlot(name: string, c: PCol): Slot {
  if (c.dtype !== 'string') return slot(name, colOfValues(c.dtype, c.values, c.valid));
  return { name, dtype: 'string', vector: makeVector(pcolData(c)) };
}

/** Where global rows fall in pieces one after another: the piece (-1: row -1) and the row within it. */
export type Located = ChunkRows;

/**
 * The piece and local row of each of `rows` (global row numbers, -1 → missing) over pieces of
 * `lengths` rows one after another; fastest when `rows` increase. Scratch arrays (valid until the
 * next call): locate once, take every column of the same rows.
 */
export function locate(lengths: readonly number[], rows: Int32Array): Located {
  const base = new Float64Array(lengths.length + 1);
  lengths.forEach((l, i) => (base[i + 1] = base[i]! + l));
  const piece = scratchI32('locate.piece', rows.length);
  const local = scratchI32('locate.local', rows.length);
  locateLoop(base, rows, piece, local);
  return { piece, local };
}

/** Rows `rows` (global row numbers, -1 → missing) of a column held in pieces one after another, without concatenating them. */
export function takePieces(dtype: Dtype, pieces: readonly PCol[], rows: Int32Array): PCol {
  if (pieces.length === 1) return takePCol(pieces[0]!, rows);
  return takeLocated(dtype, pieces, locate(pieces.map(pcolLength), rows));
}

/** Rows of pieces at located positions (see `locate`). */
export function takeLocated(dtype: Dtype, pieces: readonly PCol[], at: Located): PCol {
  const { piece, local } = at;
  const n = piece.length;
  const valid = locatedValidity(pieces.map((c) => c.valid), piece, local);
  // The addon's located gathers where built (the same values as the TypeScript loops below).
  const loops = getKernels().gatherLoops;
  if (dtype === 'string') {
    const ps = pieces as readonly StrPCol[];
    const offs = ps.map((c) => c.offsets);
    const offsets = i32(n + 1);
    if (loops !== undefined) {
      const bytes = u8(loops.utf8OffsetsLocated(offs, piece, local, valid, offsets));
      loops.utf8BytesLocated(offs, ps.map((c) => c.bytes), piece, local, valid, offsets, bytes);
      return { dtype: 'string', offsets, bytes, valid };
    }
    const bytes = u8(chunkStringOffsets(offs, at, valid, offsets));
    chunkStringBytes(offs, ps.map((c) => c.bytes), at, offsets, bytes);
    return { dtype: 'string', offsets, bytes, valid };
  }
  const values = numValues(dtype, n);
  const ps = pieces as readonly NumPCol[];
  if (loops !== undefined && (values instanceof BigInt64Array || values instanceof Float64Array)) {
    const srcs = ps.map((c) => new Float64Array(c.values.buffer, c.values.byteOffset, c.values.length));
    loops.words64Located(srcs, piece, local, valid, new Float64Array(values.buffer, values.byteOffset, n));
  } else if (values instanceof BigInt64Array) {
    const words = ps.map((c) => new Int32Array(c.values.buffer, c.values.byteOffset, c.values.length * 2));
    chunkWords(words, at, valid, new Int32Array(values.buffer, values.byteOffset, 2 * n));
  } else if (values instanceof Float64Array) {
    locatedF64(ps.map((c) => c.values as Float64Array), piece, local, valid, values);
  } else {
    locatedNumbers(ps.map((c) => c.values as Int32Array | Uint8Array | Float32Array), piece, local, valid, values as Int32Array | Uint8Array | Float32Array);
  }
  return { dtype, values, valid };
}

// The loops of takeLocated are functions of their own (see gatherData in gather.ts); a row whose
// `valid` is 0 (piece -1, or a missing value) is skipped.

/** 0 where the row is -1 or its value missing; null when none is. */
function locatedValidity(valids: readonly (Uint8Array | null)[], piece: Int32Array, local: Int32Array): Uint8Array | null {
  const anyNull = valids.some((v) => v !== null);
  let valid: Uint8Array | null = null;
  for (let k = 0; k < piece.length; k++) {
    const j = piece[k]!;
    if (j >= 0 && (!anyNull || valids[j] === null || valids[j]![local[k]!] !== 0)) continue;
    valid ??= u8(piece.length).fill(1);
    valid[k] = 0;
  }
  return valid;
}

function locatedF64(srcs: readonly Float64Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, dst: Float64Array): void {
  for (let k = 0; k < piece.length; k++) if (valid === null || valid[k] === 1) dst[k] = srcs[piece[k]!]![local[k]!]!;
}

function locatedNumbers(srcs: readonly (Int32Array | Uint8Array | Float32Array)[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, dst: Int32Array | Uint8Array | Float32Array): void {
  for (let k = 0; k < piece.length; k++) if (valid === null || valid[k] === 1) dst[k] = srcs[piece[k]!]![local[k]!]!;
}

/** A part whose columns are `cols` named `names` (for group coding and hashing). */
export function pcolPart(names: readonly string[], cols: readonly PCol[], length: number): Part {
  return { index: [], columns: cols.map((c, k) => pcolSlot(names[k]!, c)), length };
}

/** The strings of rows `rows` of a string PCol ('' where missing). */
export function pcolStrings(c: StrPCol, rows?: ArrayLike<number>): string[] {
  const n = rows === undefined ? c.offsets.length - 1 : rows.length;
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const i = rows === undefined ? k : rows[k]!;
    const s = c.offsets[i]!;
    const e = c.offsets[i + 1]!;
    out[k] = e > s ? decoder.decode(c.bytes.subarray(s, e)) : '';
  }
  return out;
}

/** The Col of a PCol (strings decoded). */
export function pcolCol(c: PCol): Col {
  if (c.dtype !== 'string') return colOfValues(c.dtype, c.values, c.valid);
  return colOfValues('string', pcolStrings(c), c.valid);
}

/** An empty PCol of a dtype. */
export function emptyPCol(dtype: Dtype): PCol {
  if (dtype === 'string') return { dtype, offsets: new Int32Array(1), bytes: new Uint8Array(0), valid: null };
  return { dtype, values: allocValues(dtype, 0) as NumValues, valid: null };
}

/** Typed arrays of a PCol, for moving into shared memory. */
export function mapArrays(c: PCol, f: <T extends ArrayBufferView>(a: T) => T): PCol {
  const valid = c.valid === null ? null : f(c.valid);
  if (c.dtype === 'string') return { dtype: 'string', offsets: f(c.offsets), bytes: f(c.bytes), valid };
  return { dtype: c.dtype, values: f(c.values), valid };
}
