/**
 * Hash partitioning of a partition's rows by key (worker side): the split of a shuffle join, of a
 * hash-partitioned drop-duplicates, of a hash group-by.
 *
 * `bucketOf` gives each row a bucket in [0, nbuckets) from a hash of its key values, such that
 * rows with equal keys land in the same bucket whatever partition they come from and whatever
 * numeric dtype holds them — exactly the equality joins use (`cellKey`: int64 1, int32 1 and
 * float64 1.0 are one key):
 *
 *   - numbers (int64, int32, uint8, bool, float32, float64, date, datetime) hash the bits of their
 *     float64 value, with -0 as 0 and one canonical NaN;
 *   - strings hash their UTF-8 bytes — read from the Arrow buffer while the slot still holds its
 *     vector (no JS string per row), else encoded on the fly from the JS string (same bytes, same
 *     hash);
 *   - a row with a missing value in any key column goes to bucket 0 (missing keys match missing
 *     keys in a merge, so they must meet in one bucket).
 *
 * Per-column hashes are combined murmur3-style and finished with murmur3's fmix32, so dense and
 * sequential keys spread evenly. The hash is part of the on-disk/cross-worker contract only
 * within one run: it need not be stable across versions.
 *
 * `splitByBucket` cuts a partition into one piece per bucket, rows in their original order
 * (gathered on the Arrow buffers: string columns are not decoded).
 */
import { type Data, RecordBatch, Schema, Table } from 'apache-arrow';
import type { Col } from '../core/column.js';
import { type Part, type Slot, colOf, findColumn, fromTable, sliceRows, toTable } from '../core/part.js';
import { concatPartsArrow, gatherRows, int64ToFloat, singleChunks } from './gather.js';
import { keyCodes } from './join.js';
import { fmix32 } from './hash.js';
import { sharedBuffer } from '../../kernels/alloc.js';
import { getKernels } from '../../kernels/select.js';
import { scratchF64, scratchI32, scratchU8 } from './scratch.js';

const SEED = 0x9747b28c;
const NULL_BUCKET = 0;

/** murmur3's per-word step: mixes `k` into `h`. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Hash of a JS string's UTF-8 bytes (encoded on the fly, no allocation); equals the hash of its Arrow bytes. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) h = Math.imul(h ^ c, 0x01000193);
    else if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
          h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), 0x01000193);
          h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
          h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
          continue;
        }
      }
      // A lone surrogate encodes as U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    }
  }
  return fmix32(h);
}

/** FNV-1a of UTF-8 bytes, finished with fmix32 (the reference of the native kernels' `utf8Hashes`). */
export function hashUtf8(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let j = s; j < e; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
  return fmix32(h);
}

/** Column hashes into `out`, and 0 into `valid` where a value is missing. */
function hashSlot(s: Slot, n: number, out: Uint32Array, valid: Uint8Array): void {
  if (s.dtype === 'string' && s.col === undefined && s.vector !== undefined) {
    let at = 0;
    // The native kernels' port where it is built (the same hashes).
    const loops = getKernels().groupLoops;
    const words = new Int32Array(out.buffer, out.byteOffset, out.length);
    for (const d of s.vector.data as Data[]) {
      // Arrow JS cuts the offsets of a sliced vector to the slice; the null bitmap it does not.
      const offs = d.valueOffsets as Int32Array;
      const bytes = d.values as Uint8Array;
      const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null;
      if (loops !== undefined) {
        loops.utf8Hashes(offs, bytes, bm, d.offset, d.length, words, valid, at);
        at += d.length;
        continue;
      }
      for (let i = 0; i < d.length; i++, at++) {
        const b = d.offset + i;
        if (bm !== null && ((bm[b >> 3]! >> (b & 7)) & 1) === 0) {
          valid[at] = 0;
          continue;
        }
        out[at] = hashUtf8(bytes, offs[i]!, offs[i + 1]!);
      }
    }
    return;
  }
  const c: Col = colOf(s);
  const cv = c.valid;
  if (cv !== null) for (let i = 0; i < n; i++) if (cv[i] === 0) valid[i] = 0;
  if (c.dtype === 'string') {
    const v = c.values as string[];
    for (let i = 0; i < n; i++) if (valid[i] === 1) out[i] = hashString(v[i]!);
    return;
  }
  // Numbers: the bits of the float64 value, a whole column at a time.
  const fl = scratchF64('bucket.numbers', n);
  if (c.dtype === 'int64' || c.dtype === 'datetime') int64ToFloat(c.values as BigInt64Array, fl);
  else fl.set(c.values as Float64Array);
  const w = new Uint32Array(fl.buffer);
  for (let i = 0; i < n; i++) {
    const x = fl[i]!;
    if (x === 0) {
      w[2 * i] = 0;
      w[2 * i + 1] = 0;
    } else if (x !== x) {
      // A NaN that is still "present" (normalizeNaN makes float NaN missing; a computed column may not).
      fl[i] = NaN;
    }
    out[i] = fmix32(mixWord(mixWord(SEED, w[2 * i]!), w[2 * i + 1]!));
  }
}

/**
 * The bucket in [0, nbuckets) of every row of `p` by the values of `keys`, into `ids` (a fresh
 * array by default). The temporaries are the thread's scratch buffers: fresh, they were most of
 * the time of a split (~30 MB of new pages for 1.4M rows, at 1.6–8 µs a 4 KiB page on this VM).
 */
export function bucketOf(p: Part, keys: readonly string[], nbuckets: number, ids: Int32Array = new Int32Array(p.length)): Int32Array {
  const n = p.length;
  if (nbuckets <= 1 || n === 0) return ids.fill(0, 0, n);
  const valid = scratchU8('bucket.valid', n).fill(1);
  const one = new Uint32Array(scratchI32('bucket.one', n).buffer, 0, n);
  let acc: Uint32Array | null = null;
  for (const name of keys) {
    const s = findColumn(p, name);
    if (s === undefined) throw new Error(`bucketOf: no column "${name}"`);
    hashSlot(s, n, one, valid);
    if (acc === null) {
      acc = keys.length === 1 ? one : new Uint32Array(scratchI32('bucket.acc', n).buffer, 0, n);
      if (acc !== one) acc.set(one);
    } else {
      for (let i = 0; i < n; i++) acc[i] = mixWord(acc[i]!, one[i]!) >>> 0;
    }
  }
  if (acc === null) return ids;
  bucketIds(acc, valid, keys.length > 1, nbuckets, n, ids);
  return ids;
}

/**
 * ids[i] = hash mod nbuckets (NULL_BUCKET where a key is missing). The hashes are uint32, which V8
 * holds as doubles, and `%` of doubles is a call to fmod: 18 ns a row, most of a split's time. The
 * remainder is taken as h − floor(h / nb)·nb instead — the same integer: for h < 2^32 the quotient's
 * rounding error is below 1/nb, so the floor is the true one (2.8 against 26 ms for 1.4M rows).
 */
function bucketIds(acc: Uint32Array, valid: Uint8Array, multi: boolean, nbuckets: number, n: number, ids: Int32Array): void {
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      ids[i] = NULL_BUCKET;
      continue;
    }
    const h = multi ? fmix32(acc[i]!) : acc[i]!;
    ids[i] = h - Math.floor(h / nbuckets) * nbuckets;
  }
}

/**
 * Rows 0 … ids.length − 1 grouped by bucket (a counting sort, stable): bucket j's rows are
 * `order[start[j] … start[j + 1])`, in their original order.
 */
export function rowsByBucket(ids: Int32Array, nbuckets: number): { start: Int32Array; order: Int32Array } {
  const n = ids.length;
  const start = new Int32Array(nbuckets + 1);
  for (let i = 0; i < n; i++) start[ids[i]! + 1]!++;
  for (let j = 0; j < nbuckets; j++) start[j + 1]! += start[j]!;
  const order = new Int32Array(n);
  const at = start.slice(0, nbuckets);
  for (let i = 0; i < n; i++) order[at[ids[i]!]!++] = i;
  return { start, order };
}

/** Rows of every bucket, each in original order (bucket j → piece j; empty pieces included). */
export function splitByBucket(p: Part, ids: Int32Array, nbuckets: number): Part[] {
  if (nbuckets <= 1) return [p];
  const { start, order } = rowsByBucket(ids.subarray(0, p.length), nbuckets);
  const out: Part[] = [];
  for (let j = 0; j < nbuckets; j++) out.push(gatherRows(p, order.subarray(start[j]!, start[j + 1]!)));
  return out;
}

// ---- pieces in one table ------------------------------------------------------------------
//
// A split's output is ONE Arrow table, not a list of tables: the store spills a table as Arrow
// IPC, whereas a list would go through v8.serialize, which does not keep Arrow classes. The piece
// boundaries are in its schema metadata; a hash split also carries a column of row numbers in
// piece order (its rows stay where they are: the split copies nothing but that column). So:
//
//   sorted split    rows of piece j = rows starts[j] … starts[j + 1] of the table;
//   hash split      rows of piece j = rows order[starts[j] … starts[j + 1]].
//
// `pickPiece` copies one piece into a table of its own, so a piece kept or spilled does not pin
// the whole split in memory, and the split is released once its pieces are picked.

export const PIECES_KEY = 'tusk.pieces';

/** The row-number column of a hash split (rows in piece order), last; flagged in the metadata. */
export const ORDER_COLUMN = '__tusk_order';
const ORDERED_KEY = 'tusk.pieces.ordered';

/** `table` with piece boundaries (`starts[j]` … `starts[j + 1]`) in its schema metadata; `ordered`: a hash split's (its last column is the order). */
export function withPieces(table: Table, starts: readonly number[], ordered = false): Table {
  const metadata = new Map(table.schema.metadata);
  metadata.set(PIECES_KEY, JSON.stringify(starts));
  if (ordered) metadata.set(ORDERED_KEY, '1');
  const schema = new Schema(table.schema.fields, metadata);
  return new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
}

/** Rows of piece `j` of a split table, copied, without the piece metadata (nor the order column). */
export function pieceOf(table: Table, j: number): Part {
  const starts = JSON.parse(table.schema.metadata.get(PIECES_KEY) ?? '[]') as number[];
  const s = starts[j] ?? table.numRows;
  const e = starts[j + 1] ?? table.numRows;
  const p = fromTable(table);
  // The split appended it last (a user column of that name, if any, comes before).
  const last = p.columns.length - 1;
  const at = last >= 0 && p.columns[last]!.name === ORDER_COLUMN && table.schema.metadata.has(ORDERED_KEY) ? last : -1;
  let idx: Int32Array;
  if (at >= 0) {
    idx = (colOf(p.columns[at]!).values as Int32Array).subarray(s, e);
    p.columns.splice(at, 1);
  } else {
    idx = new Int32Array(e - s);
    for (let k = 0; k < idx.length; k++) idx[k] = s + k;
  }
  return gatherRows(p, idx);
}

/** A partition split by key hash into `nbuckets` pieces, as one table (see above). */
export function splitTableByBucket(p0: Part, keys: readonly string[], nbuckets: number): Table {
  const p = singleChunks(p0);
  const ids = bucketOf(p, keys, nbuckets, scratchI32('bucket.ids', p.length));
  const n = p.length;
  const starts = new Array<number>(nbuckets + 1).fill(0);
  for (let i = 0; i < n; i++) starts[ids[i]! + 1]!++;
  for (let j = 0; j < nbuckets; j++) starts[j + 1]! += starts[j]!;
  const order = new Int32Array(sharedBuffer(4 * n));
  const at = starts.slice(0, nbuckets);
  for (let i = 0; i < n; i++) order[at[ids[i]!]!++] = i;
  const withOrder: Part = { index: p.index, columns: [...p.columns, { name: ORDER_COLUMN, dtype: 'int32', col: { dtype: 'int32', values: order, valid: null } }], length: n };
  return withPieces(toTable(withOrder), starts, true);
}

// ---- drop-duplicates by hash ---------------------------------------------------------------

/** Name of the row-number column a drop-duplicates split carries with the keys. */
export const ROW_COLUMN = '__tusk_row';

/** The key columns of a partition and each row's number, split by key hash (one table, pieces). */
export function splitRowKeys(p: Part, subset: readonly string[], nbuckets: number): Table {
  const rows = new Int32Array(p.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  const keys: Part = { index: [], columns: [...subset.map((n) => ({ ...findColumn(p, n)!, name: n })), { name: ROW_COLUMN, dtype: 'int32', col: { dtype: 'int32', values: rows, valid: null } }], length: p.length };
  return splitTableByBucket(keys, subset, nbuckets);
}

/**
 * Which rows of one bucket to keep: `pieces[i]` holds the bucket's keys of input partition i (in
 * row order), so scanning them in order scans the rows in the frame's order. The result lists,
 * per input partition, the row numbers kept (ascending) — one table with a piece per partition.
 */
export function keptRows(pieces: readonly Part[], subset: readonly string[], keep: 'first' | 'last' | false): Table {
  const all = concatPartsArrow(pieces);
  // Codes of the key tuples (a missing value equals a missing value), against no rows.
  const { lc: codes, n } = keyCodes(all, subset, sliceRows(all, 0, 0), subset);
  const count = new Int32Array(n);
  const at = new Int32Array(n).fill(-1);
  for (let i = 0; i < all.length; i++) {
    const c = codes[i]!;
    count[c]!++;
    if (keep === 'last' || at[c]! < 0) at[c] = i;
  }
  const rowsOf = colOf(findColumn(all, ROW_COLUMN)!).values as Int32Array;
  const kept: number[] = [];
  const starts = [0];
  let i = 0;
  for (const piece of pieces) {
    for (let e = i + piece.length; i < e; i++) {
      const c = codes[i]!;
      if (keep === false ? count[c] === 1 : at[c] === i) kept.push(rowsOf[i]!);
    }
    starts.push(kept.length);
  }
  const rows: Part = { index: [], columns: [{ name: ROW_COLUMN, dtype: 'int32', col: { dtype: 'int32', values: Int32Array.from(kept), valid: null } }], length: kept.length };
  return withPieces(toTable(rows), starts);
}
