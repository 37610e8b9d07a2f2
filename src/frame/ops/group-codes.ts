/**
 * Group ids for the rows of a partition: the hashing kernel of group-by (worker side).
 *
 * Each key column is coded to small integers first — strings by hashing their UTF-8 bytes in the
 * Arrow buffer (no JS string per row), integers in a narrow range by a lookup table, any other
 * number by hashing the bits of its value in an open-addressing table of typed arrays — and the
 * per-column codes are packed into mixed-radix words below 2^32; two words at a time are made
 * dense by a lookup table (a small product) or that hash table, until one is left. A row with a
 * missing key gets -1 (pandas' dropna). Groups are numbered in
 * order of first appearance, and each group's first row is returned, so callers gather the key
 * values (or anything else) of the groups with one `take`.
 *
 * Equal values get equal codes: -0 and 0 are one value; a NaN counts as missing, as in pandas.
 * Temporaries live in per-thread scratch buffers (`scratch.ts`); results are fresh arrays.
 */
import type { Data } from 'apache-arrow';
import type { Col } from '../core/column.js';
import { type Part, type Slot, colOf, findColumn } from '../core/part.js';
import { type PCol, pcolData } from './pcol.js';
import { scratchF64, scratchI32 } from './scratch.js';
import { fmix32 } from './hash.js';
import { getKernels } from '../../kernels/select.js';
import type { Utf8Parts } from '../../kernels/backend.js';

export interface GroupCodes {
  /** Group of each row; -1 where a key is missing. */
  codes: Int32Array;
  ngroups: number;
  /** The first row of each group. */
  first: Int32Array;
}

/** Codes of one column: value ids in order of first appearance (-1 = missing). */
export interface ColumnCodes {
  codes: Int32Array;
  count: number;
  /** The first row holding each value. */
  first: Int32Array;
}

const LUT_RANGE = 1 << 22;
const TWO32 = 4294967296;

/**
 * With `out`, the codes are written there (a caller's scratch buffer: a fresh array of a
 * partition's length costs a page fault per 4 KiB, which on some VMs is most of a group-by).
 */
export function groupCodes(p: Part, names: readonly string[], out?: Int32Array): GroupCodes {
  const slots = names.map((nm) => {
    const s = findColumn(p, nm);
    if (s === undefined) throw new Error(`groupCodes: no column "${nm}"`);
    return s;
  });
  return combineCodes(slots.map((s) => (into?: Int32Array) => codeSlot(s, p.length, into)), p.length, false, out);
}

/** Group codes of key columns held in pieces (per key, its pieces one after another: a combine's partials). */
export function groupCodesOfChunks(keys: readonly (readonly PCol[])[], n: number, keep = false, out?: Int32Array): GroupCodes & { columns?: ColumnCodes[] } {
  return combineCodes(keys.map((pieces) => (into?: Int32Array) => codePieces(pieces, n, into)), n, keep, out);
}

/** Codes of one column held in PCol pieces (`n` rows in all). */
export function codePieces(pieces: readonly PCol[], n: number, into?: Int32Array): ColumnCodes {
  const strings = pieces.length > 0 && pieces[0]!.dtype === 'string';
  const chunks = pieces.map((c) => (c.dtype === 'string' ? pcolData(c) : { dtype: c.dtype, values: c.values, valid: c.valid }));
  return codeChunks(chunks as Col[] | Data[], strings, n, into);
}

/**
 * Codes of the key columns combined into group codes. With `keep`, each column's own codes come
 * back too (`columns`, in scratch buffers valid until the next group coding): a finalizer ranks
 * the key values with them instead of coding the columns again.
 */
function combineCodes(coders: readonly ((into?: Int32Array) => ColumnCodes)[], n: number, keep = false, out?: Int32Array): GroupCodes & { columns?: ColumnCodes[] } {
  if (coders.length === 0) return { codes: out === undefined ? new Int32Array(n) : out.fill(0, 0, n), ngroups: n > 0 ? 1 : 0, first: new Int32Array(n > 0 ? 1 : 0), ...(keep ? { columns: [] } : {}) };
  if (coders.length === 1) {
    const c = coders[0]!(out);
    return { codes: c.codes, ngroups: c.count, first: c.first, ...(keep ? { columns: [c] } : {}) };
  }
  if (coders.length === 2) return combineTwo(coders[0]!, coders[1]!, n, keep, out);
  const columns: ColumnCodes[] = [];
  // Pack the columns' codes into mixed-radix words below 2^32 (-1: a key is missing); whenever a
  // second word fills up, make the pair dense (its range is then at most n) and carry on.
  let acc: Float64Array | null = null;
  let accRange = 0;
  let cur: Float64Array | null = null;
  let curRange = 0;
  for (let k = 0; k < coders.length; k++) {
    const c = coders[k]!(scratchI32(keep ? `group.column.${k}` : 'group.column', n));
    if (keep) columns.push(c);
    const card = Math.max(1, c.count);
    const ck = c.codes;
    if (cur !== null && curRange * card <= WORD) {
      radixWords(cur, ck, card, n, cur);
      curRange *= card;
      continue;
    }
    if (cur !== null) {
      if (acc === null) {
        acc = cur;
        accRange = curRange;
      } else {
        const d = densifyPair(acc, accRange, cur, curRange, n, scratchI32('group.pairCodes', n));
        copyWords(d.codes, n, acc);
        accRange = Math.max(1, d.ngroups);
      }
    }
    cur = scratchF64(acc === null ? 'group.word0' : 'group.word1', n);
    copyWords(ck, n, cur);
    curRange = card;
  }
  const g = acc === null ? densify(cur!, curRange, n, out) : densifyPair(acc, accRange, cur!, curRange, n, out);
  return keep ? { ...g, columns } : g;
}

const WORD = 2 ** 32;

/**
 * Two key columns (the common case): when the product of their cardinalities fits the lookup
 * table, one pass maps each row's pair to a dense id; otherwise their codes go the general way.
 */
function combineTwo(c0: (into?: Int32Array) => ColumnCodes, c1: (into?: Int32Array) => ColumnCodes, n: number, keep: boolean, out?: Int32Array): GroupCodes & { columns?: ColumnCodes[] } {
  const a = c0(scratchI32('group.column.0', n));
  const b = c1(scratchI32('group.column.1', n));
  const ca = Math.max(1, a.count);
  const cb = Math.max(1, b.count);
  const extra = keep ? { columns: [a, b] } : {};
  if (ca * cb <= LUT_RANGE) {
    const codes = out ?? new Int32Array(n);
    const lut = scratchI32('lut', ca * cb).fill(-1);
    const first = new Grow(n);
    const loops = getKernels().groupLoops;
    first.length = loops !== undefined ? loops.lutPairCodes(a.codes, b.codes, cb, n, lut, codes, first.a) : lutPairCodes(a.codes, b.codes, cb, n, lut, codes, first.a);
    return { codes, ngroups: first.length, first: first.done(), ...extra };
  }
  const wa = scratchF64('group.word0', n);
  if (ca * cb <= WORD) {
    // One word per row: the pair in mixed radix.
    radixWords(a.codes, b.codes, cb, n, wa);
    return { ...densify(wa, ca * cb, n, out), ...extra };
  }
  const wb = scratchF64('group.word1', n);
  copyWords(a.codes, n, wa);
  copyWords(b.codes, n, wb);
  return { ...densifyPair(wa, ca, wb, cb, n, out), ...extra };
}

// Each loop of the coders is a function of its own, so it is optimized once and stays optimized
// (see `codeNumberChunks`).

/** Dense ids of the pairs (x[i], y[i]) (each < its cardinality; y's is `cb`) by a lookup table; returns their count. */
export function lutPairCodes(x: Int32Array, y: Int32Array, cb: number, n: number, lut: Int32Array, codes: Int32Array, first: Int32Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u < 0 || v < 0) {
      codes[i] = -1;
      continue;
    }
    const k = u * cb + v;
    let g = lut[k]!;
    if (g < 0) {
      g = lut[k] = count;
      first[count++] = i;
    }
    codes[i] = g;
  }
  return count;
}

/** x[i] * rb + y[i] into `out` (-1 when either is missing). */
function radixWords(x: ArrayLike<number>, y: ArrayLike<number>, rb: number, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const u = x[i]!;
    const v = y[i]!;
    out[i] = u < 0 || v < 0 ? -1 : u * rb + v;
  }
}

function copyWords(x: Int32Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = x[i]!;
}

/** Dense ids of pairs of words (each below 2^32; -1 in either: missing). */
function densifyPair(a: Float64Array, ra: number, b: Float64Array, rb: number, n: number, out: Int32Array = new Int32Array(n)): GroupCodes {
  if (ra * rb <= LUT_RANGE) {
    const x = scratchF64('group.pairWords', n);
    radixWords(a, b, rb, n, x);
    return densify(x, ra * rb, n, out);
  }
  const first = new Grow(n);
  // The native kernels' port where it is built (the same ids: they depend only on the order of first appearance).
  const loops = getKernels().groupLoops;
  first.length = loops !== undefined ? loops.pairCodes(a, b, n, out, first.a) : hashPairCodes(a, b, n, new WordTable(Math.min(n, ra * rb)), out, first.a);
  return { codes: out, ngroups: first.length, first: first.done() };
}

/** The TypeScript pair coder (the reference of the native kernels' `pairCodes`). */
export function pairCodesTs(a: Float64Array, b: Float64Array, n: number, codes: Int32Array, first: Int32Array): number {
  return hashPairCodes(a, b, n, new WordTable(n), codes, first);
}

/** Dense ids of the pairs of words (a[i], b[i]) by the hash table; returns their count. */
function hashPairCodes(a: Float64Array, b: Float64Array, n: number, t: WordTable, codes: Int32Array, first: Int32Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const u = a[i]!;
    const v = b[i]!;
    if (u < 0 || v < 0) {
      codes[i] = -1;
      continue;
    }
    const g = t.id(u | 0, v | 0);
    if (g === count) first[count++] = i;
    codes[i] = g;
  }
  return count;
}

/** Dense ids, in order of first appearance, of non-negative integers below `range` (< 2^53); -1 stays -1. */
function densify(x: Float64Array, range: number, n: number, out: Int32Array = new Int32Array(n)): GroupCodes {
  const first = new Grow(n);
  first.length = range <= LUT_RANGE ? lutWordCodes(x, n, scratchI32('lut', range).fill(-1), out, first.a) : hashWordCodes(x, n, new WordTable(Math.min(n, range)), out, first.a);
  return { codes: out, ngroups: first.length, first: first.done() };
}

function lutWordCodes(x: Float64Array, n: number, lut: Int32Array, codes: Int32Array, first: Int32Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v < 0) {
      codes[i] = -1;
      continue;
    }
    let g = lut[v]!;
    if (g < 0) {
      g = lut[v] = count;
      first[count++] = i;
    }
    codes[i] = g;
  }
  return count;
}

function hashWordCodes(x: Float64Array, n: number, t: WordTable, codes: Int32Array, first: Int32Array): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v < 0) {
      codes[i] = -1;
      continue;
    }
    const g = t.id(v >>> 0, Math.floor(v / TWO32) | 0);
    if (g === count) first[count++] = i;
    codes[i] = g;
  }
  return count;
}

/** An Int32Array filled front to back, at most `cap` entries (a scratch buffer: one Grow at a time). */
class Grow {
  readonly a: Int32Array;
  length = 0;
  constructor(cap: number) {
    this.a = scratchI32('grow', Math.max(1, cap));
  }
  push(v: number): void {
    this.a[this.length++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

/**
 * Open addressing over pairs of 32-bit words (each slot holds id + 1 and the two words: one cache
 * line per probe); ids are given in insertion order. Storage is scratch: one table at a time.
 */
class WordTable {
  private t: Int32Array;
  private mask: number;
  private side = 0;
  size = 0;

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2 && cap < 1 << 28) cap *= 2;
    this.t = scratchI32('table.0', cap * 3).fill(0);
    this.mask = cap - 1;
  }

  /** The id of (a, b): an existing one, or `size` before the call when new. */
  id(a: number, b: number): number {
    a |= 0;
    b |= 0;
    const t = this.t;
    const mask = this.mask;
    let h = fmix32(a ^ Math.imul(b ^ 0x27d4eb2f, 0x9e3779b1)) & mask;
    for (;;) {
      const at = h * 3;
      const u = t[at]!;
      if (u === 0) {
        t[at] = ++this.size;
        t[at + 1] = a;
        t[at + 2] = b;
        if (this.size * 2 > mask + 1) this.rehash();
        return this.size - 1;
      }
      if (t[at + 1] === a && t[at + 2] === b) return u - 1;
      h = (h + 1) & mask;
    }
  }

  private rehash(): void {
    const old = this.t;
    const cap = (this.mask + 1) * 2;
    this.side ^= 1;
    const t = scratchI32(`table.${this.side}`, cap * 3).fill(0);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += 3) {
      const u = old[at]!;
      if (u === 0) continue;
      const a = old[at + 1]!;
      const b = old[at + 2]!;
      let h = fmix32(a ^ Math.imul(b ^ 0x27d4eb2f, 0x9e3779b1)) & mask;
      while (t[h * 3] !== 0) h = (h + 1) & mask;
      t[h * 3] = u;
      t[h * 3 + 1] = a;
      t[h * 3 + 2] = b;
    }
    this.t = t;
    this.mask = mask;
  }
}

/** Codes of one column of `n` rows. */
export function codeSlot(s: Slot, n: number, into: Int32Array = new Int32Array(n)): ColumnCodes {
  if (s.dtype === 'string' && s.col === undefined && s.vector !== undefined) return codeUtf8(s.vector.data as Data[], into);
  const c = colOf(s);
  if (c.dtype === 'string') return codeStrings(c, n, into);
  return codeNumberChunks([c], n, into);
}

/**
 * Codes of one column held in pieces, one after another (a combine's partials: the pieces are
 * coded in place, never concatenated). Numbers are `Col`s; strings UTF-8 (`Utf8` Arrow data).
 */
export function codeChunks(chunks: readonly Col[] | readonly Data[], strings: boolean, n: number, into: Int32Array = new Int32Array(n)): ColumnCodes {
  return strings ? codeUtf8(chunks as readonly Data[], into) : codeNumberChunks(chunks as readonly Col[], n, into);
}

function codeStrings(c: Col, n: number, codes: Int32Array): ColumnCodes {
  const map = new Map<string, number>();
  const first = new Grow(n);
  const v = c.values as string[];
  const valid = c.valid;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) {
      codes[i] = -1;
      continue;
    }
    const k = v[i]!;
    let g = map.get(k);
    if (g === undefined) {
      g = first.length;
      map.set(k, g);
      first.push(i);
    }
    codes[i] = g;
  }
  return { codes, count: first.length, first: first.done() };
}

/**
 * Numbers of any dtype (all pieces of one dtype): a lookup table when they are integers in a
 * narrow range (int64 read as two 32-bit words, no BigInt per value), else the hash table on the
 * bits of their value (float64: -0 as 0) or of the int64 itself.
 *
 * The loops are small functions of typed arrays and numbers, one per case, so each is optimized
 * once and stays optimized. (One function holding every loop was optimized on stack in its first
 * loop with no type feedback for the next ones, deoptimized there, and again on each call: q4's
 * coding ran at a fifth of its speed in the workers.)
 */
function codeNumberChunks(chunks: readonly Col[], n: number, codes: Int32Array): ColumnCodes {
  const dtype = chunks.length > 0 ? chunks[0]!.dtype : 'float64';
  const big = dtype === 'int64' || dtype === 'datetime';
  const isFloat = dtype === 'float64' || dtype === 'float32';
  // Range of the present values; whether they are whole numbers exact as doubles.
  const range = RANGE;
  range[0] = Infinity;
  range[1] = -Infinity;
  let lutOk = true;
  // The native kernels' ports of the int64 loops, where they are built (the same results).
  const loops = big ? getKernels().groupLoops : undefined;
  for (const c of chunks) {
    if (big) lutOk = loops !== undefined ? loops.int64Range(wordsOf(c), c.valid, c.values.length, range) : rangeWords(wordsOf(c), c.valid, c.values.length, range);
    else lutOk = rangeNums(c.values as NumArray, c.valid, c.values.length, isFloat, range);
    if (!lutOk) break;
  }
  const lo = range[0]!;
  const hi = range[1]!;
  if (lutOk && lo === Infinity) return { codes: codes.fill(-1, 0, n), count: 0, first: new Int32Array(0) };
  const first = new Grow(n);
  let at = 0;
  if (lutOk && hi - lo < LUT_RANGE) {
    const lut = scratchI32('lut', hi - lo + 1).fill(-1);
    for (const c of chunks) {
      const m = c.values.length;
      if (!big) first.length = lutNums(c.values as NumArray, c.valid, m, lo, lut, codes, at, first.a, first.length);
      else if (loops !== undefined) first.length = loops.int64LutCodes(wordsOf(c), c.valid, m, lo, lut, codes, at, first.a, first.length);
      else first.length = lutWords(wordsOf(c), c.valid, m, lo, lut, codes, at, first.a, first.length);
      at += m;
    }
    return { codes, count: first.length, first: first.done() };
  }
  const t = new WordTable(1024);
  for (const c of chunks) {
    const m = c.values.length;
    first.length = big ? hashWords(wordsOf(c), c.valid, m, t, codes, at, first.a, first.length) : hashNums(c.values as NumArray, c.valid, m, t, codes, at, first.a, first.length);
    at += m;
  }
  return { codes, count: first.length, first: first.done() };
}

type NumArray = Float64Array | Float32Array | Int32Array | Uint8Array;
const RANGE = new Float64Array(2);

const wordsOf = (c: Col): Int32Array => {
  const b = c.values as BigInt64Array;
  return new Int32Array(b.buffer, b.byteOffset, b.length * 2);
};

/** Widens range [lo, hi] by int64 words; false when a value is beyond ±2^53 (no lookup table). */
export function rangeWords(w: Int32Array, valid: Uint8Array | null, m: number, range: Float64Array): boolean {
  let lo = range[0]!;
  let hi = range[1]!;
  for (let i = 0; i < m; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const h = w[2 * i + 1]!;
    if (h < -0x200000 || h >= 0x200000) return false;
    const x = h * TWO32 + (w[2 * i]! >>> 0);
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  range[0] = lo;
  range[1] = hi;
  return true;
}

/** Widens range [lo, hi] by numbers; false when a float is not a whole number. */
function rangeNums(num: NumArray, valid: Uint8Array | null, m: number, isFloat: boolean, range: Float64Array): boolean {
  let lo = range[0]!;
  let hi = range[1]!;
  let ok = true;
  for (let i = 0; i < m; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = num[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (isFloat && ok && !Number.isInteger(x) && x === x) ok = false;
  }
  range[0] = lo;
  range[1] = hi;
  return ok;
}

/** Codes by lookup table (value - lo); returns the new count of groups (their first rows in `first`). */
export function lutWords(w: Int32Array, valid: Uint8Array | null, m: number, lo: number, lut: Int32Array, codes: Int32Array, at: number, first: Int32Array, count: number): number {
  for (let i = 0; i < m; i++, at++) {
    if (valid !== null && valid[i] === 0) {
      codes[at] = -1;
      continue;
    }
    const k = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0) - lo;
    let g = lut[k]!;
    if (g < 0) {
      g = lut[k] = count;
      first[count++] = at;
    }
    codes[at] = g;
  }
  return count;
}

function lutNums(num: NumArray, valid: Uint8Array | null, m: number, lo: number, lut: Int32Array, codes: Int32Array, at: number, first: Int32Array, count: number): number {
  for (let i = 0; i < m; i++, at++) {
    const x = num[i]!;
    if ((valid !== null && valid[i] === 0) || x !== x) {
      codes[at] = -1;
      continue;
    }
    const k = x - lo;
    let g = lut[k]!;
    if (g < 0) {
      g = lut[k] = count;
      first[count++] = at;
    }
    codes[at] = g;
  }
  return count;
}

/** Codes by the hash table of (lo, hi) words. */
function hashWords(w: Int32Array, valid: Uint8Array | null, m: number, t: WordTable, codes: Int32Array, at: number, first: Int32Array, count: number): number {
  for (let i = 0; i < m; i++, at++) {
    if (valid !== null && valid[i] === 0) {
      codes[at] = -1;
      continue;
    }
    const g = t.id(w[2 * i]!, w[2 * i + 1]!);
    if (g === count) first[count++] = at;
    codes[at] = g;
  }
  return count;
}

const scratchF = new Float64Array(1);
const scratchW = new Int32Array(scratchF.buffer);

/** Codes by the hash table of a number's float64 bits (-0 as 0; NaN is missing). */
function hashNums(num: NumArray, valid: Uint8Array | null, m: number, t: WordTable, codes: Int32Array, at: number, first: Int32Array, count: number): number {
  for (let i = 0; i < m; i++, at++) {
    const x = num[i]!;
    if ((valid !== null && valid[i] === 0) || x !== x) {
      codes[at] = -1;
      continue;
    }
    scratchF[0] = x === 0 ? 0 : x; // -0 → 0
    const g = t.id(scratchW[0]!, scratchW[1]!);
    if (g === count) first[count++] = at;
    codes[at] = g;
  }
  return count;
}

/** Masks of the low 1, 2 and 3 bytes of a little-endian word. */
const LOW_BYTES = [0, 0xff, 0xffff, 0xffffff];
/** Strings up to this many bytes are held in the hash table itself. */
const INLINE = 16;
/** Int32 slots per hash-table entry: id + 1 (0: empty), hash, byte length, four words of bytes, padding. */
const STRIDE = 8;

/**
 * Distinct UTF-8 strings by hashing their bytes in the Arrow buffer (open addressing); nothing
 * is decoded. A string of up to 16 bytes is kept in its table entry as four little-endian words
 * (read with DataView, zero-padded), so finding it reads one 32-byte entry — not the bytes of its
 * first occurrence, a cache miss somewhere in a buffer of tens of MB (db-benchmark's id3, 1e5
 * strings of 12 bytes: 110 ns a row before). Longer strings are compared byte by byte there.
 */
function codeUtf8(chunks: readonly Data[], codes: Int32Array): ColumnCodes {
  const native = getKernels().codeUtf8;
  if (native !== undefined) {
    // The native kernels' coder (the same codes: they depend only on the order of first appearance).
    let rows = 0;
    const parts = chunks.map((d): Utf8Parts => {
      rows += d.length;
      const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null;
      return { offsets: d.valueOffsets as Int32Array, bytes: d.values as Uint8Array, bitmap: bm, bitOffset: d.offset, rows: d.length };
    });
    const first = scratchI32('utf8.first', Math.max(1, rows));
    const count = native(parts, codes, first);
    return { codes, count, first: first.slice(0, count) };
  }
  return codeUtf8Ts(chunks, codes);
}

/** The TypeScript coder of Utf8 strings (the reference the native kernels' `codeUtf8` matches). */
export function codeUtf8Ts(chunks: readonly Data[], codes: Int32Array): ColumnCodes {
  // Sized for as many distinct values as the last call found (at most two per row): growing
  // from 1024 entries moved every entry ~8 times over for 1e5 distinct strings.
  let rows = 0;
  for (const d of chunks) rows += d.length;
  let cap = 1024;
  while (cap < 2 * Math.min(rows, lastDistinct)) cap *= 2;
  let mask = cap - 1;
  let side = 0;
  let table = scratchI32('utf8.table.0', cap * STRIDE).fill(0);
  // Per distinct value: chunk, byte start, first row (long strings are compared at chunk/start).
  let room = 256;
  let uChunk = new Int32Array(room);
  let uStart = new Int32Array(room);
  let uFirst = new Int32Array(room);
  let count = 0;
  const chunkBytes = chunks.map((d) => d.values as Uint8Array);
  // A batch's hashes, lengths (-1: missing), starts and words, worked out before any probe.
  const bh = batchH;
  const bl = batchL;
  const bs = batchS;
  const bw = batchW;
  let touched = 0;
  let at = 0;
  for (let k = 0; k < chunks.length; k++) {
    const d = chunks[k]!;
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const safe = bytes.length - INLINE; // a string starting at or before this can be read as four words
    const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null;
    const off = d.offset;
    const len = d.length;
    for (let r0 = 0; r0 < len; r0 += BATCH) {
      const r1 = Math.min(len, r0 + BATCH);
      // Pass 1: hash the batch and touch each string's first table entry. These loads do not
      // depend on one another, so the CPU overlaps their cache misses; probing row by row
      // waited out one miss per row (the table of 1e5 strings is 8 MiB).
      for (let r = r0, q = 0; r < r1; r++, q++) {
        const i = off + r;
        if (bm !== null && ((bm[i >> 3]! >> (i & 7)) & 1) === 0) {
          bl[q] = -1;
          continue;
        }
        // Arrow slices cut the offsets buffer to the slice, but not the validity bitmap.
        const s = offs[r]!;
        const l = offs[r + 1]! - s;
        let w0 = 0;
        let w1 = 0;
        let w2 = 0;
        let w3 = 0;
        let h: number;
        if (l <= INLINE) {
          if (s <= safe) {
            w0 = dv.getInt32(s, true);
            w1 = dv.getInt32(s + 4, true);
            w2 = dv.getInt32(s + 8, true);
            w3 = dv.getInt32(s + 12, true);
            if (l < 16) {
              if (l <= 12) w3 = 0;
              else w3 &= LOW_BYTES[l - 12]!;
              if (l <= 8) w2 = 0;
              else if (l < 12) w2 &= LOW_BYTES[l - 8]!;
              if (l <= 4) w1 = 0;
              else if (l < 8) w1 &= LOW_BYTES[l - 4]!;
              if (l === 0) w0 = 0;
              else if (l < 4) w0 &= LOW_BYTES[l]!;
            }
          } else {
            for (let j = 0; j < l; j++) {
              const b = bytes[s + j]! << ((j & 3) << 3);
              if (j < 4) w0 |= b;
              else if (j < 8) w1 |= b;
              else if (j < 12) w2 |= b;
              else w3 |= b;
            }
          }
          // One finalizer over the words' odd multiples: entries compare every word anyway.
          h = fmix32(Math.imul(w0, 0xcc9e2d51) ^ Math.imul(w1, 0x1b873593) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3 ^ l, 0xc2b2ae35) ^ (l << 27)) | 0;
        } else {
          h = 0x811c9dc5 | 0;
          for (let j = s; j < s + l; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
          h = fmix32(h) | 0;
        }
        bh[q] = h;
        bl[q] = l;
        bs[q] = s;
        const w = q * 4;
        bw[w] = w0;
        bw[w + 1] = w1;
        bw[w + 2] = w2;
        bw[w + 3] = w3;
        touched += table[(h & mask) * STRIDE]!;
      }
      // Pass 2: probe and insert, the entries now in cache.
      for (let r = r0, q = 0; r < r1; r++, q++, at++) {
        const l = bl[q]!;
        if (l < 0) {
          codes[at] = -1;
          continue;
        }
        const h = bh[q]!;
        const s = bs[q]!;
        const w = q * 4;
        const w0 = bw[w]!;
        const w1 = bw[w + 1]!;
        const w2 = bw[w + 2]!;
        const w3 = bw[w + 3]!;
        let idx = h & mask;
        let g = -1;
        for (;;) {
          const b = idx * STRIDE;
          const u1 = table[b]!;
          if (u1 === 0) break;
          if (table[b + 1] === h && table[b + 2] === l) {
            if (l <= INLINE) {
              if (table[b + 3] === w0 && table[b + 4] === w1 && table[b + 5] === w2 && table[b + 6] === w3) {
                g = u1 - 1;
                break;
              }
            } else {
              const u = u1 - 1;
              const ub = uChunk[u] === k ? bytes : chunkBytes[uChunk[u]!]!;
              const us = uStart[u]!;
              let j = 0;
              while (j < l && ub[us + j] === bytes[s + j]) j++;
              if (j === l) {
                g = u;
                break;
              }
            }
          }
          idx = (idx + 1) & mask;
        }
        if (g < 0) {
          g = count++;
          if (g === room) {
            room *= 2;
            const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
              const c = new Int32Array(room);
              c.set(a);
              return c;
            };
            uChunk = grow(uChunk);
            uStart = grow(uStart);
            uFirst = grow(uFirst);
          }
          uChunk[g] = k;
          uStart[g] = s;
          uFirst[g] = at;
          const b = idx * STRIDE;
          table[b] = g + 1;
          table[b + 1] = h;
          table[b + 2] = l;
          table[b + 3] = w0;
          table[b + 4] = w1;
          table[b + 5] = w2;
          table[b + 6] = w3;
          if (count * 2 > cap) {
            // Grow: move the entries (they hold their hash) into a table twice the size.
            const old = table;
            const oldCap = cap;
            cap *= 2;
            mask = cap - 1;
            side ^= 1;
            table = scratchI32(`utf8.table.${side}`, cap * STRIDE).fill(0);
            for (let o = 0; o < oldCap; o++) {
              const ob = o * STRIDE;
              if (old[ob] === 0) continue;
              let t = old[ob + 1]! & mask;
              while (table[t * STRIDE] !== 0) t = (t + 1) & mask;
              table.set(old.subarray(ob, ob + STRIDE), t * STRIDE);
            }
          }
        }
        codes[at] = g;
      }
    }
  }
  touchSink[0] = touched;
  lastDistinct = count;
  return { codes, count, first: uFirst.slice(0, count) };
}

/** Rows hashed ahead of their probes (`codeUtf8`). */
const BATCH = 256;
const batchH = new Int32Array(BATCH);
const batchL = new Int32Array(BATCH);
const batchS = new Int32Array(BATCH);
const batchW = new Int32Array(BATCH * 4);
/** Distinct values the last `codeUtf8` of this thread found. */
let lastDistinct = 0;
/** Keeps the touching loads of `codeUtf8` from being optimized away. */
const touchSink = new Int32Array(1);

/** Dense ids of the pairs (a[i], b[i]) — a below `ca`, b below `cb`; -1 in either gives -1 — in order of first appearance. */
export function pairCodes(a: Int32Array, ca: number, b: Int32Array, cb: number): GroupCodes {
  const n = a.length;
  const card = Math.max(1, cb);
  const comb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    comb[i] = x < 0 || y < 0 ? -1 : x * card + y;
  }
  return densify(comb, Math.max(1, ca) * card, n);
}
