/** Ordering of cells (nulls last whatever the direction, as pandas' `na_position='last'`). */
import type { Cell } from '../core/column.js';
import { type ColumnCodes, codePieces } from './group-codes.js';
import { scratchI32 } from './scratch.js';
import { type NumValues, type PCol, type StrPCol, locate, pcolLength, takeLocated, takePCol, takePieces } from './pcol.js';

export function compareValues(a: Cell, b: Cell): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  // number/bigint, possibly mixed
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

/**
 * Strings in code-point order — Python's, so pandas' — which is also the order of their UTF-8
 * bytes. JS's `<` compares UTF-16 units instead, and puts characters beyond U+FFFF (a surrogate
 * pair, units 0xD800–0xDFFF) before U+E000–U+FFFF, where Python puts them after.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointUnit(x) - codePointUnit(y) : x - y;
  }
  return a.length - b.length;
}

/** A UTF-16 unit ≥ 0xD800 moved so that surrogates sort after U+E000–U+FFFF (as their code points do). */
const codePointUnit = (u: number): number => (u >= 0xe000 ? u - 0x800 : u + 0x2000);

/** Multi-key comparison; `ascending[k]` per key; nulls last. */
export function compareRows(a: readonly Cell[], b: readonly Cell[], ascending: readonly boolean[]): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? 1 : -1;
    }
    const c = compareValues(x, y);
    if (c !== 0) return ascending[k] === false ? -c : c;
  }
  return 0;
}

/**
 * Key columns sorted ascending by every key (missing values last; ties keep their order): what
 * orders a group-by result. Each column's distinct values are found by the group-coding kernel
 * and sorted once (typed-array sorts for numbers); rows are then ordered by stable counting sorts
 * on the integer ranks, last key first — O(n) per key, no comparisons of rows — and the sorted
 * columns are built from the sorted distinct values by rank (a gather from a small dictionary
 * rather than from the whole column, which costs a cache miss or three per row).
 */
export interface SortedKeys {
  /** Row of each position in sorted order. */
  readonly order: Int32Array;
  /** The key columns in sorted order. */
  readonly keys: PCol[];
}

export function sortKeys(keys: readonly PCol[], n: number): SortedKeys {
  return sortKeysOfPieces(keys.map((k) => [k]), null, n);
}

/**
 * As `sortKeys`, for `n` groups whose key values are rows `rowsOf[g]` of columns held in pieces
 * one after another (a combine's partials, not concatenated); `rowsOf` null: row g, else
 * increasing (the groups' first rows). `columns`: the columns' codes over all their rows when the
 * caller has them (`groupCodesOfChunks` with keep) — they are overwritten.
 */
export function sortKeysOfPieces(pieces: readonly (readonly PCol[])[], rowsOf: Int32Array | null, n: number, columns?: readonly ColumnCodes[]): SortedKeys {
  const ranked = pieces.map((pcs, k) => ranksOf(pcs, rowsOf, n, k, columns?.[k]));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  let order: Int32Array = out;
  let tmp: Int32Array = scratchI32('order.tmp', n);
  // Stable counting sorts, last key first; adjacent keys whose rank product stays small are one
  // pass (composite rank a · count(b) + b).
  for (let k = ranked.length - 1; k >= 0; ) {
    let j = k;
    let buckets = ranked[k]!.count + 1;
    while (j > 0 && buckets * (ranked[j - 1]!.count + 1) <= Math.max(n, 1 << 16)) buckets *= ranked[--j]!.count + 1;
    let rank: Int32Array;
    if (j === k) rank = ranked[k]!.rank;
    else {
      rank = scratchI32('order.composite', n);
      rank.set(ranked[j]!.rank.subarray(0, n));
      for (let q = j + 1; q <= k; q++) {
        const r = ranked[q]!.rank;
        const c = ranked[q]!.count + 1;
        for (let i = 0; i < n; i++) rank[i] = rank[i]! * c + r[i]!;
      }
    }
    k = j - 1;
    if (buckets <= 1) continue;
    const start = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) start[rank[i]! + 1]!++;
    for (let r = 0; r < buckets; r++) start[r + 1]! += start[r]!;
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      tmp[start[rank[row]!]!++] = row;
    }
    [order, tmp] = [tmp, order];
  }
  if (order !== out) out.set(order);
  const sorted = ranked.map(({ rank, count, dict }) => {
    const at = scratchI32('order.at', n);
    for (let i = 0; i < n; i++) {
      const r = rank[out[i]!]!;
      at[i] = r === count ? -1 : r;
    }
    return takePCol(dict, at);
  });
  return { order: out, keys: sorted };
}

/**
 * As `sortKeysOfPieces` without the sort (`groupby(..., { sort: false })`): groups in code order —
 * the order of their first appearance — and their key columns gathered from the pieces.
 */
export function unsortedKeysOfPieces(pieces: readonly (readonly PCol[])[], rowsOf: Int32Array | null, n: number): SortedKeys {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rows = rowsOf ?? order;
  // Every key column is cut into the same pieces: locate the rows once for all of them.
  const at = pieces.length > 0 && pieces[0]!.length > 1 ? locate(pieces[0]!.map(pcolLength), rows) : undefined;
  const keys = pieces.map((pcs) => (rowsOf === null && pcs.length === 1 ? pcs[0]! : at !== undefined ? takeLocated(pcs[0]!.dtype, pcs, at) : takePieces(pcs[0]!.dtype, pcs, rows)));
  return { order, keys };
}

/** Rank of each group's value among the column's distinct values (missing: `count`, after all), and the distinct values sorted. */
function ranksOf(pcs: readonly PCol[], rowsOf: Int32Array | null, n: number, k: number, known?: ColumnCodes): { rank: Int32Array; count: number; missing: boolean; dict: PCol } {
  const total = pcs.reduce((s, c) => s + pcolLength(c), 0);
  const { codes, count, first } = known ?? codePieces(pcs, total, scratchI32('order.codes', total));
  const distinct = takePieces(pcs[0]!.dtype, pcs, first);
  // The distinct values in order (a permutation: each its own rank), and each one's rank.
  const byRank = distinct.dtype === 'string' ? sortUtf8(distinct) : sortNumeric(distinct.values);
  const rankOf = new Int32Array(count);
  for (let r = 0; r < count; r++) rankOf[byRank[r]!] = r;
  // With the caller's codes (its own buffer) ranks overwrite them in place: rowsOf[i] ≥ i and
  // increasing, so no code is read after its slot is written.
  const rank = known !== undefined ? codes : scratchI32(`order.rank.${k}`, n);
  let missing = false;
  for (let i = 0; i < n; i++) {
    const g = codes[rowsOf === null ? i : rowsOf[i]!]!;
    if (g < 0) missing = true;
    rank[i] = g < 0 ? count : rankOf[g]!;
  }
  return { rank, count, missing, dict: takePCol(distinct, byRank) };
}

/** Whether some int64 value is not exact as a double (its high word beyond ±2^21). */
export function beyondDoubles(b: BigInt64Array): boolean {
  const w = new Int32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let i = 1; i < w.length; i += 2) if (w[i]! < -0x200000 || w[i]! >= 0x200000) return true;
  return false;
}

/** The first position in sorted `a` whose value is not below `x`. */
export function lowerBound<T extends number | bigint>(a: { readonly length: number; readonly [i: number]: T }, x: T): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The order of a string column's values by their UTF-8 bytes (= code points, pandas' order;
 * missing values last), stable: an LSD radix sort on 16-bit digits of each value's first 16
 * bytes (big-endian, zero-padded) and its length capped at 17, skipping the digits every value
 * shares; then each run of values equal in those with more than 16 bytes is sorted by the rest.
 * No string is decoded (sorting 1e5 decoded strings with a comparator took ~60 ms).
 */
export function sortUtf8(c: StrPCol): Int32Array {
  const n = c.offsets.length - 1;
  const { offsets, bytes, valid } = c;
  const W = 5; // four words of bytes and the capped length
  const key = new Int32Array(n * W);
  for (let i = 0; i < n; i++) {
    const s = offsets[i]!;
    const l = offsets[i + 1]! - s;
    const b = i * W;
    if (valid !== null && valid[i] === 0) {
      key[b] = key[b + 1] = key[b + 2] = key[b + 3] = -1; // missing: after every value, as 0xFF… bytes and length 18
      key[b + 4] = 18;
      continue;
    }
    const m = Math.min(l, 16);
    for (let j = 0; j < m; j++) key[b + (j >> 2)]! |= bytes[s + j]! << (24 - ((j & 3) << 3));
    key[b + 4] = Math.min(l, 17);
  }
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n <= 1) return order;
  if (n < 1024) {
    // Few values: a comparison sort costs less than nine passes over 65,536 counters.
    const ids = Array.from(order);
    ids.sort((x, y) => {
      const a = x * W;
      const b = y * W;
      for (let w = 0; w < W; w++) if (key[a + w] !== key[b + w]) return (key[a + w]! >>> 0) - (key[b + w]! >>> 0);
      return (key[a + 4] === 17 ? compareBytes(bytes, offsets[x]! + 16, offsets[x + 1]!, offsets[y]! + 16, offsets[y + 1]!) : 0) || x - y;
    });
    order.set(ids);
    return order;
  }
  // Digits, least significant first: the length, then each word's low and high halves, last word first.
  order = radixSort(key, W, [[4, 0], [3, 0], [3, 16], [2, 0], [2, 16], [1, 0], [1, 16], [0, 0], [0, 16]], order);
  // Values longer than 16 bytes that share their first 16: by the remaining bytes.
  for (let i = 0; i < n; ) {
    const a = order[i]! * W;
    let j = i + 1;
    if (key[a + 4] === 17) {
      while (j < n) {
        const b = order[j]! * W;
        if (key[b + 4] !== 17 || key[b] !== key[a] || key[b + 1] !== key[a + 1] || key[b + 2] !== key[a + 2] || key[b + 3] !== key[a + 3]) break;
        j++;
      }
    }
    if (j - i > 1) {
      const run = Array.from(order.subarray(i, j));
      run.sort((x, y) => compareBytes(bytes, offsets[x]! + 16, offsets[x + 1]!, offsets[y]! + 16, offsets[y + 1]!) || x - y);
      order.set(run, i);
    }
    i = j;
  }
  return order;
}

function compareBytes(b: Uint8Array, s0: number, e0: number, s1: number, e1: number): number {
  const n = Math.min(e0 - s0, e1 - s1);
  for (let j = 0; j < n; j++) {
    const d = b[s0 + j]! - b[s1 + j]!;
    if (d !== 0) return d;
  }
  return e0 - s0 - (e1 - s1);
}

/**
 * The ascending order of numbers (stable; NaN last, −0 before +0): an LSD radix sort on 16-bit
 * digits of each value's 64 bits made order-preserving — int64 with its sign bit flipped, doubles
 * with every bit flipped when negative and the sign bit set when not — skipping the digits every
 * value shares. (A BigInt64Array sort and a binary search per value read every element as a heap
 * BigInt: 46 ms of a 150 ms final for the 1e5 int64 keys of db-benchmark's q5.)
 */
export function sortNumeric(values: NumValues): Int32Array {
  const n = values.length;
  const key = new Int32Array(n * 2); // per value: low word, high word
  if (values instanceof BigInt64Array) {
    const w = new Int32Array(values.buffer, values.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      key[2 * i] = w[2 * i]!;
      key[2 * i + 1] = w[2 * i + 1]! ^ 0x80000000;
    }
  } else {
    const f = new Float64Array(1);
    const fw = new Int32Array(f.buffer);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      f[0] = v !== v ? NaN : v; // one NaN: the canonical quiet NaN, after +Infinity
      const h = fw[1]!;
      key[2 * i] = h < 0 ? ~fw[0]! : fw[0]!;
      key[2 * i + 1] = h < 0 ? ~h : h ^ 0x80000000;
    }
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n <= 1) return order;
  if (n < 1024) {
    const ids = Array.from(order);
    ids.sort((x, y) => (key[2 * x + 1] !== key[2 * y + 1] ? (key[2 * x + 1]! >>> 0) - (key[2 * y + 1]! >>> 0) : (key[2 * x]! >>> 0) - (key[2 * y]! >>> 0)) || x - y);
    order.set(ids);
    return order;
  }
  return radixSort(key, 2, [[0, 0], [0, 16], [1, 0], [1, 16]], order);
}

/**
 * Stable LSD radix sort of `order` by 16-bit digits of unsigned words, `key[i · stride + word]
 * >>> shift`, least significant digit first; a digit every value shares costs one counting pass.
 */
function radixSort(key: Int32Array, stride: number, digits: readonly (readonly [number, number])[], order: Int32Array): Int32Array {
  const n = order.length;
  let tmp: Int32Array = new Int32Array(n);
  const count = new Int32Array(65537);
  for (const [w, shift] of digits) {
    count.fill(0);
    const first = (key[w]! >>> shift) & 0xffff;
    let same = true;
    for (let i = 0; i < n; i++) {
      const digit = (key[i * stride + w]! >>> shift) & 0xffff;
      if (digit !== first) same = false;
      count[digit + 1]!++;
    }
    if (same) continue;
    for (let v = 0; v < 65536; v++) count[v + 1]! += count[v]!;
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      tmp[count[(key[row * stride + w]! >>> shift) & 0xffff]!++] = row;
    }
    [order, tmp] = [tmp, order];
  }
  return order;
}
