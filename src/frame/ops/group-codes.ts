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

export function groupCodes(p: Part, names: readonly string[]): GroupCodes {
  const slots = names.map((nm) => {
    const s = findColumn(p, nm);
    if (s === undefined) throw new Error(`groupCodes: no column "${nm}"`);
    return s;
  });
  return combineCodes(slots.map((s) => (into?: Int32Array) => codeSlot(s, p.length, into)), p.length);
}

/** Group codes of key columns held in pieces (per key, its pieces one after another: a combine's partials). */
export function groupCodesOfChunks(keys: readonly (readonly PCol[])[], n: number, keep = false): GroupCodes & { columns?: ColumnCodes[] } {
  return combineCodes(keys.map((pieces) => (into?: Int32Array) => codePieces(pieces, n, into)), n, keep);
}

/** Codes of one column held in PCol pieces (`n` rows in all). */
export function codePieces(pieces: readonly PCol[], n: number, into?: Int32Array): ColumnCodes {
  const strings = pieces.length > 0 && pieces[0]!.dtype === 'string';
  const chunks = pieces.map((c) => (c.dtype === 'string' ? pcolData(c) : { dtype: c.dtype, values: c.values, valid: c.valid }));
  return codeChunks(chunks as Col[] | Data[], strings, n, into);
}

/** Codes of the key columns combined into group codes. */
/**
 * Codes of the key columns combined into group codes. With `keep`, each column's own codes come
 * back too (`columns`, in scratch buffers valid until the next group coding): a finalizer ranks
 * the key values with them instead of coding the columns again.
 */
function combineCodes(coders: readonly ((into?: Int32Array) => ColumnCodes)[], n: number, keep = false): GroupCodes & { columns?: ColumnCodes[] } {
  if (coders.length === 0) return { codes: new Int32Array(n), ngroups: n > 0 ? 1 : 0, first: new Int32Array(n > 0 ? 1 : 0), ...(keep ? { columns: [] } : {}) };
  if (coders.length === 1) {
    const c = coders[0]!();
    return { codes: c.codes, ngroups: c.count, first: c.first, ...(keep ? { columns: [c] } : {}) };
  }
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
      for (let i = 0; i < n; i++) {
        const a = cur[i]!;
        const b = ck[i]!;
        cur[i] = a < 0 || b < 0 ? -1 : a * card + b;
      }
      curRange *= card;
      continue;
    }
    if (cur !== null) {
      if (acc === null) {
        acc = cur;
        accRange = curRange;
      } else {
        const d = densifyPair(acc, accRange, cur, curRange, n);
        for (let i = 0; i < n; i++) acc[i] = d.codes[i]!;
        accRange = Math.max(1, d.ngroups);
      }
    }
    cur = scratchF64(acc === null ? 'group.word0' : 'group.word1', n);
    for (let i = 0; i < n; i++) cur[i] = ck[i]!;
    curRange = card;
  }
  const g = acc === null ? densify(cur!, curRange, n) : densifyPair(acc, accRange, cur!, curRange, n);
  return keep ? { ...g, columns } : g;
}

const WORD = 2 ** 32;

/** Dense ids of pairs of words (each below 2^32; -1 in either: missing). */
function densifyPair(a: Float64Array, ra: number, b: Float64Array, rb: number, n: number): GroupCodes {
  if (ra * rb <= LUT_RANGE) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = a[i]!;
      const v = b[i]!;
      x[i] = u < 0 || v < 0 ? -1 : u * rb + v;
    }
    return densify(x, ra * rb, n);
  }
  const codes = new Int32Array(n);
  const first = new Grow(n);
  const t = new WordTable(Math.min(n, ra * rb));
  for (let i = 0; i < n; i++) {
    const u = a[i]!;
    const v = b[i]!;
    if (u < 0 || v < 0) {
      codes[i] = -1;
      continue;
    }
    const g = t.id(u | 0, v | 0);
    if (g === first.length) first.push(i);
    codes[i] = g;
  }
  return { codes, ngroups: first.length, first: first.done() };
}

/** Dense ids, in order of first appearance, of non-negative integers below `range` (< 2^53); -1 stays -1. */
function densify(x: Float64Array, range: number, n: number): GroupCodes {
  const codes = new Int32Array(n);
  const first = new Grow(n);
  if (range <= LUT_RANGE) {
    const lut = scratchI32('lut', range).fill(-1);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v < 0) {
        codes[i] = -1;
        continue;
      }
      let g = lut[v]!;
      if (g < 0) {
        g = lut[v] = first.length;
        first.push(i);
      }
      codes[i] = g;
    }
  } else {
    const t = new WordTable(Math.min(n, range));
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v < 0) {
        codes[i] = -1;
        continue;
      }
      const g = t.id(v >>> 0, Math.floor(v / TWO32) | 0);
      if (g === first.length) first.push(i);
      codes[i] = g;
    }
  }
  return { codes, ngroups: first.length, first: first.done() };
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

const scratchF = new Float64Array(1);
const scratchW = new Int32Array(scratchF.buffer);

/** The value of int64 words (lo, hi) as a number, exact when |hi| < 2^21. */
const wordsValue = (w: Int32Array, i: number): number => w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);

/**
 * Numbers of any dtype (all pieces of one dtype): a lookup table when they are integers in a
 * narrow range (int64 read as two 32-bit words, no BigInt per value), else the hash table on the
 * bits of their value (float64: -0 as 0) or of the int64 itself.
 */
function codeNumberChunks(chunks: readonly Col[], n: number, codes: Int32Array): ColumnCodes {
  const big = chunks.length > 0 && (chunks[0]!.dtype === 'int64' || chunks[0]!.dtype === 'datetime');
  const isFloat = chunks.length > 0 && (chunks[0]!.dtype === 'float64' || chunks[0]!.dtype === 'float32');
  const wordsOf = (c: Col): Int32Array => {
    const b = c.values as BigInt64Array;
    return new Int32Array(b.buffer, b.byteOffset, b.length * 2);
  };
  // Range of the present values; whether they are whole numbers exact as doubles.
  let lo = Infinity;
  let hi = -Infinity;
  let lutOk = true;
  for (const c of chunks) {
    const valid = c.valid;
    const m = c.values.length;
    if (big) {
      const w = wordsOf(c);
      for (let i = 0; i < m && lutOk; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const h = w[2 * i + 1]!;
        if (h < -0x200000 || h >= 0x200000) lutOk = false;
        const x = wordsValue(w, i);
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    } else {
      const num = c.values as Float64Array;
      for (let i = 0; i < m; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const x = num[i]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        if (isFloat && lutOk && !Number.isInteger(x) && x === x) lutOk = false;
      }
    }
    if (!lutOk) break;
  }
  if (lutOk && lo === Infinity) return { codes: codes.fill(-1, 0, n), count: 0, first: new Int32Array(0) };
  const first = new Grow(n);
  let at = 0;
  if (lutOk && hi - lo < LUT_RANGE) {
    const lut = scratchI32('lut', hi - lo + 1).fill(-1);
    for (const c of chunks) {
      const valid = c.valid;
      const m = c.values.length;
      const w = big ? wordsOf(c) : null;
      const num = c.values as Float64Array;
      for (let i = 0; i < m; i++, at++) {
        const x = w !== null ? wordsValue(w, i) : num[i]!;
        if ((valid !== null && valid[i] === 0) || x !== x) {
          codes[at] = -1;
          continue;
        }
        const k = x - lo;
        let g = lut[k]!;
        if (g < 0) {
          g = lut[k] = first.length;
          first.push(at);
        }
        codes[at] = g;
      }
    }
    return { codes, count: first.length, first: first.done() };
  }
  const t = new WordTable(1024);
  for (const c of chunks) {
    const valid = c.valid;
    const m = c.values.length;
    const w = big ? wordsOf(c) : null;
    const num = c.values as Float64Array;
    for (let i = 0; i < m; i++, at++) {
      let a: number;
      let b: number;
      if (w !== null) {
        if (valid !== null && valid[i] === 0) {
          codes[at] = -1;
          continue;
        }
        a = w[2 * i]!;
        b = w[2 * i + 1]!;
      } else {
        const x = num[i]!;
        if ((valid !== null && valid[i] === 0) || x !== x) {
          codes[at] = -1;
          continue;
        }
        scratchF[0] = x === 0 ? 0 : x; // -0 → 0
        a = scratchW[0]!;
        b = scratchW[1]!;
      }
      const g = t.id(a, b);
      if (g === first.length) first.push(at);
      codes[at] = g;
    }
  }
  return { codes, count: first.length, first: first.done() };
}

/** Distinct UTF-8 strings by hashing their bytes (FNV-1a, open addressing); nothing is decoded. */
function codeUtf8(chunks: readonly Data[], codes: Int32Array): ColumnCodes {
  let cap = 1024;
  let mask = cap - 1;
  let slots = new Int32Array(cap).fill(-1);
  // Per distinct value: hash, chunk, byte range, first row.
  let room = 256;
  let uHash = new Int32Array(room);
  let uChunk = new Int32Array(room);
  let uStart = new Int32Array(room);
  let uLen = new Int32Array(room);
  let uFirst = new Int32Array(room);
  let count = 0;
  const chunkBytes = chunks.map((d) => d.values as Uint8Array);
  let at = 0;
  for (let k = 0; k < chunks.length; k++) {
    const d = chunks[k]!;
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null;
    const off = d.offset;
    const len = d.length;
    for (let r = 0; r < len; r++, at++) {
      const i = off + r;
      if (bm !== null && ((bm[i >> 3]! >> (i & 7)) & 1) === 0) {
        codes[at] = -1;
        continue;
      }
      // Arrow slices cut the offsets buffer to the slice, but not the validity bitmap.
      const s = offs[r]!;
      const e = offs[r + 1]!;
      const l = e - s;
      let h = 0x811c9dc5 | 0;
      for (let j = s; j < e; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
      let idx = h & mask;
      let g = -1;
      for (;;) {
        const u = slots[idx]!;
        if (u < 0) break;
        if (uHash[u] === h && uLen[u] === l) {
          const ub = uChunk[u] === k ? bytes : chunkBytes[uChunk[u]!]!;
          const us = uStart[u]!;
          let j = 0;
          while (j < l && ub[us + j] === bytes[s + j]) j++;
          if (j === l) {
            g = u;
            break;
          }
        }
        idx = (idx + 1) & mask;
      }
      if (g < 0) {
        g = count++;
        if (g === room) {
          room *= 2;
          const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
            const b = new Int32Array(room);
            b.set(a);
            return b;
          };
          uHash = grow(uHash);
          uChunk = grow(uChunk);
          uStart = grow(uStart);
          uLen = grow(uLen);
          uFirst = grow(uFirst);
        }
        uHash[g] = h;
        uChunk[g] = k;
        uStart[g] = s;
        uLen[g] = l;
        uFirst[g] = at;
        slots[idx] = g;
        if (count * 2 > cap) {
          cap *= 2;
          mask = cap - 1;
          slots = new Int32Array(cap).fill(-1);
          for (let u = 0; u < count; u++) {
            let q = uHash[u]! & mask;
            while (slots[q]! >= 0) q = (q + 1) & mask;
            slots[q] = u;
          }
        }
      }
      codes[at] = g;
    }
  }
  return { codes, count, first: uFirst.slice(0, count) };
}

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
