/**
 * Hash-join kernels shared by `join` and `merge` (worker side): one partition of one side
 * against a table of the other — the whole small side (broadcast), or the same hash bucket of
 * the other side (shuffle). Keys compare by value across int and float columns (int64 1, int32 1
 * and float64 1.0 are one key); a missing key matches a missing key, as in pandas' merge.
 *
 * The kernel codes each key column of both sides to shared small integers (integers in a narrow
 * range by offset, other numbers through a hash table on their float64 value, strings by hashing
 * their UTF-8 bytes — from the Arrow buffers, no JS string per row), combines multi-key codes
 * into one, and matches by a counting sort of the right side's codes. Output columns are
 * gathered on the Arrow buffers (ops/gather.ts).
 *
 * Output order: left rows in order, each with its matches in right order (a left row without
 * match, for `left`/`outer`, gets missing right columns); then, for `outer`, the right rows
 * whose key no left row has, in right order.
 */
import type { Data } from 'apache-arrow';
import { type Col, castCol, cellKey, concatCols, isValid, take } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, type Slot, colOf, findColumn, slot } from '../core/part.js';
import { getKernels } from '../../kernels/select.js';
import { type ChunkRows, countMissing, dataOf, gatherSlot, int64ToFloat, locateChunkRows } from './gather.js';
import { scratchF64, scratchI32 } from './scratch.js';

/** A string key per row (`cellKey`s joined): the broadcast outer merge's key set, a one-partition dropDuplicates. */
export function rowKeys(p: Part, names: readonly string[]): string[] {
  const cols = names.map((n) => colOf(findColumn(p, n)!));
  const out = new Array<string>(p.length);
  for (let i = 0; i < p.length; i++) out[i] = cols.length === 1 ? cellKey(cols[0]!, i) : cols.map((c) => cellKey(c, i)).join('\u0001');
  return out;
}

// ---- key codes ---------------------------------------------------------------------------

/** Codes of both sides' key values in [0, n): equal keys ⇔ equal codes (missing is a key too). */
export interface Codes {
  lc: Int32Array;
  rc: Int32Array;
  n: number;
}

/** Largest code range used as is (counting-sort arrays of this size are cheap). */
const RANGE_LIMIT = 1 << 22;
const SAFE = Number.MAX_SAFE_INTEGER;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function hashFloat(x: number): number {
  f64[0] = x;
  let h = Math.imul(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of a number: a 32-bit integer by its value alone (no store and reload of its bits), any other by its bits. */
function hashNumber(x: number): number {
  const i = x | 0;
  if (i !== x) return hashFloat(x);
  let h = Math.imul(i ^ (i >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Dense codes of float64 values (-0 is 0; NaN is one value), by open addressing. Sized up front
 * for `expected` distinct values (at most 2^20: the caller passes both sides' row counts, a bound
 * that few keys may be far below), then grown: growing from 1,024 slots moved every value ~11
 * times over for a 1.4M-row join bucket.
 */
export class FloatCoder {
  private cap: number;
  private slots: Int32Array;
  private vals: Float64Array;
  private nanCode = -1;
  n = 0;

  constructor(expected = 512) {
    let cap = 1024;
    while (cap < 2 * Math.min(expected, 1 << 20)) cap *= 2;
    this.cap = cap;
    this.slots = new Int32Array(cap).fill(-1);
    this.vals = new Float64Array(cap >> 1);
  }

  code(x: number): number {
    if (x !== x) return this.nanCode >= 0 ? this.nanCode : (this.nanCode = this.n++);
    if (x === 0) x = 0;
    const mask = this.cap - 1;
    let at = hashNumber(x) & mask;
    for (;;) {
      const c = this.slots[at]!;
      if (c < 0) break;
      if (this.vals[c] === x) return c;
      at = (at + 1) & mask;
    }
    const c = this.n++;
    if (c >= this.vals.length) {
      const v = new Float64Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[c] = x;
    this.slots[at] = c;
    if (this.n * 2 > this.cap) this.grow();
    return c;
  }

  private grow(): void {
    this.cap *= 2;
    const mask = this.cap - 1;
    this.slots = new Int32Array(this.cap).fill(-1);
    for (let c = 0; c < this.n; c++) {
      const x = this.vals[c]!;
      if (x !== x) continue;
      let at = hashNumber(x) & mask;
      while (this.slots[at]! >= 0) at = (at + 1) & mask;
      this.slots[at] = c;
    }
  }
}

/** Numbers of a column as float64 (NaN where missing); undefined when an int64 is beyond 2^53 (not exact). */
function numbersOf(c: Col, slot: string): Float64Array | undefined {
  const n = c.values.length;
  // A scratch buffer (see scratch.ts): only numberCodes reads it, before the next call.
  const out = scratchF64(slot, n);
  if (c.dtype === 'int64' || c.dtype === 'datetime') {
    int64ToFloat(c.values as BigInt64Array, out);
    for (let i = 0; i < n; i++) if (out[i]! > SAFE || out[i]! < -SAFE) return undefined;
  } else out.set(c.values as Float64Array);
  return out;
}

function numberCodes(a: Col, b: Col): Codes | undefined {
  const x = numbersOf(a, 'join.keys.left');
  const y = numbersOf(b, 'join.keys.right');
  if (x === undefined || y === undefined) return undefined;
  const lc = new Int32Array(x.length);
  const rc = new Int32Array(y.length);
  // Integers in a narrow range: the value minus the smallest is the code; missing gets the last.
  const range = RANGE;
  range[0] = Infinity;
  range[1] = -Infinity;
  const ints = scanInts(x, a.valid, range) && scanInts(y, b.valid, range);
  const lo = range[0]!;
  const hi = range[1]!;
  if (ints && (lo === Infinity || hi - lo < RANGE_LIMIT)) {
    const span = lo === Infinity ? 0 : hi - lo + 1;
    fillOffsets(x, a.valid, lo, span, lc);
    fillOffsets(y, b.valid, lo, span, rc);
    return { lc, rc, n: span + 1 };
  }
  // Integers over a wider range, not much sparser than the rows: each value's rank among the
  // distinct present values (a bitmap of the range and its running counts, 2.5 MB for a range
  // of 10^7, probed in cache). db-benchmark j5's buckets (keys spread over 1..10^7) were hash
  // coded at 60–80 ns a key in the cluster; by rank, a few ns.
  if (ints && hi - lo < Math.min(RANK_LIMIT, RANK_SPARSITY * (x.length + y.length))) {
    const span = hi - lo + 1;
    const words = scratchI32('join.rank.bits', Math.ceil(span / 32)).fill(0);
    markBits(x, a.valid, lo, words);
    markBits(y, b.valid, lo, words);
    const prefix = scratchI32('join.rank.prefix', words.length);
    const distinct = runningCounts(words, prefix);
    rankOf(x, a.valid, lo, words, prefix, distinct, lc);
    rankOf(y, b.valid, lo, words, prefix, distinct, rc);
    return { lc, rc, n: distinct + 1 };
  }
  // Missing and a present NaN share the NaN code: the only way a present NaN survives decoding
  // is a computed column, and cellKey would not match it to a missing value — give it its own.
  if (!nanFree(x, a.valid) || !nanFree(y, b.valid)) return undefined;
  const native = getKernels().codeF64;
  if (native !== undefined) {
    // The native kernels' coder: the same codes (they depend only on the order of first appearance).
    markMissing(x, a.valid);
    markMissing(y, b.valid);
    const codes = new Int32Array(x.length + y.length);
    const n = native([x, y], codes);
    return { lc: codes.subarray(0, x.length), rc: codes.subarray(x.length), n };
  }
  const coder = new FloatCoder(x.length + y.length);
  fillCoded(coder, x, a.valid, lc);
  fillCoded(coder, y, b.valid, rc);
  return { lc, rc, n: coder.n };
}

// The loops of numberCodes are functions of their own, optimized once (closures made per call,
// each holding a loop, were deoptimized on most calls: 1.8 s of a worker's j5).
const RANGE = new Float64Array(2);

/** Widens [range[0], range[1]] by the present values; false if one is not an integer. */
function scanInts(v: Float64Array, valid: Uint8Array | null, range: Float64Array): boolean {
  let lo = range[0]!;
  let hi = range[1]!;
  for (let i = 0; i < v.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const t = v[i]!;
    if (!Number.isInteger(t)) return false;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  range[0] = lo;
  range[1] = hi;
  return true;
}

function fillOffsets(v: Float64Array, valid: Uint8Array | null, lo: number, span: number, out: Int32Array): void {
  for (let i = 0; i < v.length; i++) out[i] = valid !== null && valid[i] === 0 ? span : v[i]! - lo;
}

/** Largest range coded by rank (bitmap + running counts: range/4 bytes), and how much sparser than the rows it may be. */
const RANK_LIMIT = 2 ** 30;
const RANK_SPARSITY = 32;

/** Sets bit v − lo of `words` for every present value. */
function markBits(v: Float64Array, valid: Uint8Array | null, lo: number, words: Int32Array): void {
  for (let i = 0; i < v.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const k = v[i]! - lo;
    words[k >>> 5] |= 1 << (k & 31);
  }
}

/** prefix[w] = bits set in words before w; returns the total. */
function runningCounts(words: Int32Array, prefix: Int32Array): number {
  let total = 0;
  for (let w = 0; w < words.length; w++) {
    prefix[w] = total;
    total += popcount(words[w]!);
  }
  return total;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The rank of each present value among the set bits (its code); a missing row gets `missing`, the last code. */
function rankOf(v: Float64Array, valid: Uint8Array | null, lo: number, words: Int32Array, prefix: Int32Array, missing: number, out: Int32Array): void {
  for (let i = 0; i < v.length; i++) {
    if (valid !== null && valid[i] === 0) {
      out[i] = missing;
      continue;
    }
    const k = v[i]! - lo;
    const w = k >>> 5;
    out[i] = prefix[w]! + popcount(words[w]! & ~(-1 << (k & 31)));
  }
}

function fillCoded(coder: FloatCoder, v: Float64Array, valid: Uint8Array | null, out: Int32Array): void {
  for (let i = 0; i < v.length; i++) out[i] = coder.code(valid !== null && valid[i] === 0 ? NaN : v[i]!);
}

/** NaN where a row is missing (FloatCoder's code for a missing key). */
function markMissing(v: Float64Array, valid: Uint8Array | null): void {
  if (valid !== null) for (let i = 0; i < v.length; i++) if (valid[i] === 0) v[i] = NaN;
}

function nanFree(v: Float64Array, valid: Uint8Array | null): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i] && (valid === null || valid[i] === 1)) return false;
  return true;
}

/** Dense codes of UTF-8 strings of both sides, hashing their bytes (FNV-1a), by open addressing. */
function stringCodes(a: Slot, b: Slot, nl: number, nr: number): Codes {
  const sides = [dataOf(a), dataOf(b)];
  const out = [new Int32Array(nl), new Int32Array(nr)];
  let cap = 1024;
  let slots = new Int32Array(cap).fill(-1);
  let uHash = new Int32Array(512);
  let uSide = new Uint8Array(512);
  let uStart = new Int32Array(512);
  let uEnd = new Int32Array(512);
  let n = 0;
  let nullCode = -1;
  const bytesOf = sides.map((d) => d.values as Uint8Array);
  for (let side = 0; side < 2; side++) {
    const d = sides[side]!;
    const codes = out[side]!;
    const offs = d.valueOffsets as Int32Array;
    const bytes = bytesOf[side]!;
    const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap !== null && d.nullBitmap.length > 0 ? d.nullBitmap : null;
    for (let i = 0; i < d.length; i++) {
      if (bm !== null) {
        const bit = d.offset + i;
        if (((bm[bit >> 3]! >> (bit & 7)) & 1) === 0) {
          codes[i] = nullCode >= 0 ? nullCode : (nullCode = n++);
          continue;
        }
      }
      const s = offs[i]!;
      const e = offs[i + 1]!;
      let h = 0x811c9dc5;
      for (let j = s; j < e; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
      h ^= h >>> 16;
      let at = h & (cap - 1);
      let g = -1;
      for (;;) {
        const u = slots[at]!;
        if (u < 0) break;
        if (uHash[u] === h && uEnd[u]! - uStart[u]! === e - s) {
          const ub = bytesOf[uSide[u]!]!;
          const us = uStart[u]!;
          let same = true;
          for (let j = 0; j < e - s; j++) {
            if (ub[us + j] !== bytes[s + j]) {
              same = false;
              break;
            }
          }
          if (same) {
            g = u;
            break;
          }
        }
        at = (at + 1) & (cap - 1);
      }
      if (g < 0) {
        g = n++;
        if (g >= uHash.length) {
          const grow = <T extends Int32Array | Uint8Array>(x: T): T => {
            const y = new (x.constructor as new (k: number) => T)(x.length * 2);
            y.set(x);
            return y;
          };
          uHash = grow(uHash);
          uSide = grow(uSide);
          uStart = grow(uStart);
          uEnd = grow(uEnd);
        }
        uHash[g] = h;
        uSide[g] = side;
        uStart[g] = s;
        uEnd[g] = e;
        slots[at] = g;
        if (n * 2 > cap) {
          cap *= 2;
          slots = new Int32Array(cap).fill(-1);
          for (let u = 0; u < n; u++) {
            if (u === nullCode) continue;
            let k = uHash[u]! & (cap - 1);
            while (slots[k]! >= 0) k = (k + 1) & (cap - 1);
            slots[k] = u;
          }
        }
      }
      codes[i] = g;
    }
  }
  return { lc: out[0]!, rc: out[1]!, n };
}

/** Any two columns, by `cellKey` (int64 beyond 2^53 compared exactly, a present NaN…). */
function genericCodes(a: Col, b: Col): Codes {
  const map = new Map<string, number>();
  const fill = (c: Col) => {
    const out = new Int32Array(c.values.length);
    for (let i = 0; i < out.length; i++) {
      const k = cellKey(c, i);
      let g = map.get(k);
      if (g === undefined) map.set(k, (g = map.size));
      out[i] = g;
    }
    return out;
  };
  const lc = fill(a);
  const rc = fill(b);
  return { lc, rc, n: map.size };
}

function columnCodes(a: Slot, b: Slot, nl: number, nr: number): Codes {
  if (a.dtype === 'string' && b.dtype === 'string') return stringCodes(a, b, nl, nr);
  const ca = colOf(a);
  const cb = colOf(b);
  if (a.dtype !== 'string' && b.dtype !== 'string') {
    const c = numberCodes(ca, cb);
    if (c !== undefined) return c;
  }
  return genericCodes(ca, cb);
}

/** Codes of the key tuples of both sides (one column's codes, or several combined). */
export function keyCodes(l: Part, leftOn: readonly string[], r: Part, rightOn: readonly string[]): Codes {
  let acc: Codes | undefined;
  leftOn.forEach((name, k) => {
    const c = columnCodes(findColumn(l, name)!, findColumn(r, rightOn[k]!)!, l.length, r.length);
    if (acc === undefined) {
      acc = c;
      return;
    }
    const prev: Codes = acc;
    const span = prev.n * c.n;
    if (span <= RANGE_LIMIT) {
      for (let i = 0; i < l.length; i++) prev.lc[i] = prev.lc[i]! * c.n + c.lc[i]!;
      for (let j = 0; j < r.length; j++) prev.rc[j] = prev.rc[j]! * c.n + c.rc[j]!;
      acc = { lc: prev.lc, rc: prev.rc, n: span };
      return;
    }
    // Both code sets are dense and below the row counts, so the product is exact in a float64.
    const coder = new FloatCoder(l.length + r.length);
    for (let i = 0; i < l.length; i++) prev.lc[i] = coder.code(prev.lc[i]! * c.n + c.lc[i]!);
    for (let j = 0; j < r.length; j++) prev.rc[j] = coder.code(prev.rc[j]! * c.n + c.rc[j]!);
    acc = { lc: prev.lc, rc: prev.rc, n: coder.n };
  });
  return acc ?? { lc: new Int32Array(l.length), rc: new Int32Array(r.length), n: 1 };
}

/**
 * Matching row pairs from key codes: left rows in order, each with its matches in right order;
 * `left`/`outer` keep unmatched left rows (right index -1); `outer` then adds the right rows no
 * left row matched (left index -1).
 */
export function matchCodes(codes: Codes, how: 'inner' | 'left' | 'outer'): { li: Int32Array; ri: Int32Array } {
  const { lc, rc, n } = codes;
  const unique = matchUnique(codes, how);
  if (unique !== null) return unique;
  // The counting sort's arrays are scratch (fresh pages cost more than the sort here).
  const start = scratchI32('match.start', n + 1).fill(0);
  for (let j = 0; j < rc.length; j++) start[rc[j]! + 1]!++;
  for (let c = 0; c < n; c++) start[c + 1]! += start[c]!;
  const rows = scratchI32('match.rows', rc.length);
  const at = scratchI32('match.at', n);
  at.set(start.subarray(0, n));
  for (let j = 0; j < rc.length; j++) rows[at[rc[j]!]!++] = j;
  const keepLeft = how !== 'inner';
  let total = 0;
  for (let i = 0; i < lc.length; i++) {
    const m = start[lc[i]! + 1]! - start[lc[i]!]!;
    total += m > 0 ? m : keepLeft ? 1 : 0;
  }
  const { li, ri, seen } = pairArrays(total, how, lc, rc, n);
  let k = 0;
  for (let i = 0; i < lc.length; i++) {
    const c = lc[i]!;
    const s = start[c]!;
    const e = start[c + 1]!;
    if (s === e) {
      if (keepLeft) {
        li[k] = i;
        ri[k++] = -1;
      }
      continue;
    }
    for (let q = s; q < e; q++) {
      li[k] = i;
      ri[k++] = rows[q]!;
    }
  }
  if (seen !== undefined) unseenRows(rc, seen, li, ri, k);
  return { li, ri };
}

/**
 * The pair arrays of a match: `matched` pairs (left rows kept without a match included), and for
 * an outer join room for the right rows no left code saw — `seen` marks the left codes, and
 * `unseenRows` appends those rows after the matched pairs.
 */
function pairArrays(matched: number, how: 'inner' | 'left' | 'outer', lc: Int32Array, rc: Int32Array, n: number): { li: Int32Array; ri: Int32Array; seen: Uint8Array | undefined } {
  const seen = how === 'outer' ? codesOf(lc, n) : undefined;
  const total = matched + (seen !== undefined ? unseenRows(rc, seen, null, null, 0) : 0);
  return { li: new Int32Array(total), ri: new Int32Array(total), seen };
}

/**
 * `matchCodes` when no two right rows share a code (a join against a key column, as db-benchmark's
 * j5): one table from code to right row, written once per right row and read once per left row —
 * the counting sort's four random passes over tables of `n` cost ~40 ns a row in j5's buckets.
 * The same pairs in the same order. Null as soon as a code repeats on the right.
 */
function matchUnique(codes: Codes, how: 'inner' | 'left' | 'outer'): { li: Int32Array; ri: Int32Array } | null {
  const { lc, rc, n } = codes;
  const rowOf = scratchI32('match.rowOf', n).fill(-1);
  if (!fillRowOf(rc, rowOf)) return null;
  const hit = scratchI32('match.hit', lc.length);
  const keepLeft = how !== 'inner';
  const total = lookUpRows(lc, rowOf, hit, keepLeft);
  const { li, ri, seen } = pairArrays(total, how, lc, rc, n);
  let k = 0;
  for (let i = 0; i < lc.length; i++) {
    const j = hit[i]!;
    if (j < 0 && !keepLeft) continue;
    li[k] = i;
    ri[k++] = j;
  }
  if (seen !== undefined) unseenRows(rc, seen, li, ri, k);
  return { li, ri };
}

/** The codes the left side has (an outer join's unmatched right rows are those without one). */
function codesOf(lc: Int32Array, n: number): Uint8Array {
  const seen = new Uint8Array(n);
  for (let i = 0; i < lc.length; i++) seen[lc[i]!] = 1;
  return seen;
}

/** The right rows whose code the left side lacks, appended as (-1, row) from li/ri[k] on (null: only counted); returns how many. */
function unseenRows(rc: Int32Array, seen: Uint8Array, li: Int32Array | null, ri: Int32Array | null, k: number): number {
  let m = 0;
  for (let j = 0; j < rc.length; j++) {
    if (seen[rc[j]!] !== 0) continue;
    if (li !== null && ri !== null) {
      li[k + m] = -1;
      ri[k + m] = j;
    }
    m++;
  }
  return m;
}

/** rowOf[code] = the right row of that code; false when a code comes twice. */
function fillRowOf(rc: Int32Array, rowOf: Int32Array): boolean {
  for (let j = 0; j < rc.length; j++) {
    const c = rc[j]!;
    if (rowOf[c]! >= 0) return false;
    rowOf[c] = j;
  }
  return true;
}

/** hit[i] = the right row matching left row i (-1: none); returns the output rows (unmatched ones count when kept). */
function lookUpRows(lc: Int32Array, rowOf: Int32Array, hit: Int32Array, keepLeft: boolean): number {
  let total = 0;
  for (let i = 0; i < lc.length; i++) {
    const j = rowOf[lc[i]!]!;
    hit[i] = j;
    total += j >= 0 || keepLeft ? 1 : 0;
  }
  return total;
}

// ---- output columns ----------------------------------------------------------------------

/** Where an output column comes from: a left column, a right column, or left else right (keys of an outer merge). */
export interface OutColumn {
  readonly out: string;
  readonly dtype: Dtype;
  readonly left?: string;
  readonly right?: string;
}

function coalesce(a: Col, b: Col): Col {
  if (a.valid === null) return a;
  const values = a.values.slice() as Col['values'];
  const valid = a.valid.slice();
  for (let i = 0; i < valid.length; i++) {
    if (valid[i] === 0 && isValid(b, i)) {
      (values as unknown[])[i] = b.values[i];
      valid[i] = 1;
    }
  }
  return { dtype: a.dtype, values, valid };
}


/**
 * The matched rows of both sides, with how many of each are -1 (counted once for every column),
 * and — for columns held in several chunks (a shuffle bucket's pieces) — where the rows fall in
 * the chunks, located once per side and chunking.
 */
interface Matched {
  readonly li: Int32Array;
  readonly ri: Int32Array;
  readonly missL: number;
  readonly missR: number;
  located(idx: Int32Array, s: Slot): ChunkRows;
}

function matched(li: Int32Array, ri: Int32Array): Matched {
  const cache = new Map<string, ChunkRows>();
  return {
    li,
    ri,
    missL: countMissing(li),
    missR: countMissing(ri),
    located(idx: Int32Array, s: Slot): ChunkRows {
      const lengths = (s.vector!.data as Data[]).map((d) => d.length);
      const key = `${idx === li ? 'l' : 'r'}:${lengths.join(',')}`;
      let at = cache.get(key);
      if (at === undefined) cache.set(key, (at = locateChunkRows(lengths, idx)));
      return at;
    },
  };
}

function build(oc: OutColumn, l: Part, r: Part, m: Matched): Slot {
  const { li, ri } = m;
  const ls = oc.left !== undefined ? findColumn(l, oc.left)! : undefined;
  const rs = oc.right !== undefined ? findColumn(r, oc.right)! : undefined;
  // A key column on both sides equals the left value wherever there is a left row.
  const src = ls !== undefined && (rs === undefined || m.missL === 0) ? { s: ls, idx: li, miss: m.missL } : rs !== undefined && ls === undefined ? { s: rs, idx: ri, miss: m.missR } : undefined;
  if (src !== undefined && src.s.dtype === oc.dtype) return gatherSlot(src.s, src.idx, oc.out, src.miss, () => m.located(src.idx, src.s));
  let c: Col;
  if (src !== undefined) c = take(colOf(src.s), src.idx);
  else c = coalesce(castCol(take(colOf(ls!), li), oc.dtype), castCol(take(colOf(rs!), ri), oc.dtype));
  if (c.dtype !== oc.dtype) c = concatCols(oc.dtype, [c]);
  return slot(oc.out, c);
}

export interface JoinSpec {
  /** `outer` within one hash bucket (the shuffle join); the broadcast join uses `left`/`inner`. */
  readonly how: 'left' | 'inner' | 'outer';
  readonly leftOn: readonly string[];
  readonly rightOn: readonly string[];
  /** Output index columns (usually the left index; none for merge). */
  readonly index: readonly OutColumn[];
  readonly columns: readonly OutColumn[];
}

/** `l` and `r` may hold columns in several chunks (a shuffle bucket's pieces): they are gathered from there. */
export function joinParts(l: Part, r: Part, spec: JoinSpec): Part {
  const { li, ri } = matchCodes(keyCodes(l, spec.leftOn, r, spec.rightOn), spec.how);
  const m = matched(li, ri);
  return {
    index: spec.index.map((oc) => build(oc, l, r, m)),
    columns: spec.columns.map((oc) => build(oc, l, r, m)),
    length: li.length,
  };
}

/** Right rows whose key is not in `seen`, with left columns missing (the tail of an outer merge). */
export function unmatchedRight(r: Part, rightOn: readonly string[], seen: ReadonlySet<string>, spec: JoinSpec, leftTemplate: Part): Part {
  const keys = rowKeys(r, rightOn);
  const rows: number[] = [];
  keys.forEach((k, j) => {
    if (!seen.has(k)) rows.push(j);
  });
  const ri = Int32Array.from(rows);
  const li = new Int32Array(ri.length).fill(-1);
  const m = matched(li, ri);
  return {
    index: spec.index.map((oc) => build(oc, leftTemplate, r, m)),
    columns: spec.columns.map((oc) => build(oc, leftTemplate, r, m)),
    length: ri.length,
  };
}
