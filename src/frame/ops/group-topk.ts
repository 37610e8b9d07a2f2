/**
 * `groupby(keys).col(c).nlargest(n)` / `nsmallest(n)` as a tree reduction (worker side): each
 * group keeps its best `n` values (missing ones skipped; rows with a missing key dropped, as
 * pandas' `dropna`), partials merge in partition order keeping the best `n` of both, and the
 * result has one row per value kept — groups sorted by key, values best first, ties in order of
 * appearance (pandas' stable nlargest: earlier rows first among equal values).
 *
 * A partial is columnar, like the aggregation's (`aggregate.ts`) — typed arrays only, in shared
 * memory on worker threads, so it crosses threads and spills as buffers:
 *
 *   keys     one PCol per key column, one row per group;
 *   off      group g's values are rows `off[g] .. off[g + 1]` of `values` (at most n, best first);
 *   values   a PCol of the input dtype (int64 and dates exact, never through doubles).
 *
 * Chunk and combine run one kernel (`bestOf`) over a stream of items in order of appearance —
 * a partition's rows, or the partials' kept values one partial after another — each with a group
 * id (from `groupCodes` / `groupCodesOfChunks`, the keys coded piece by piece) and a comparable
 * double (`rankKeys`). It counts the items of each group first, so each group gets exactly
 * `min(n, count)` slots, then inserts every item into its group's sorted slots in one tight loop
 * (small n), or sorts each group's items (large n). A stable insertion (after equal values) of
 * items in order of appearance is what keeps ties in that order across partitions.
 */
import type { Col } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, type Slot, colOf, findColumn } from '../core/part.js';
import { beyondDoubles, lowerBound, sortKeys, sortKeysOfPieces } from './compare.js';
import { groupCodes, groupCodesOfChunks } from './group-codes.js';
import { type NumValues, type PCol, emptyPCol, fromCol, gatherSlot, locate, mapArrays, pcolLength, pcolPart, pcolSlot, takeLocated, takePCol, takePieces } from './pcol.js';
import { scratchF64, scratchI32 } from './scratch.js';
import { i32, toShared } from './shared-alloc.js';
import { bucketOf, rowsByBucket } from './shuffle.js';

export interface TopKSpec {
  readonly by: readonly ColumnMeta[];
  readonly column: string;
  readonly dtype: Dtype;
  readonly n: number;
  readonly largest: boolean;
}

export interface TopKPartial {
  /** Number of groups. */
  readonly n: number;
  /** The keys of each group, one column per key of the spec (never missing). */
  readonly keys: readonly PCol[];
  /** n + 1 offsets: group g's values are rows off[g] .. off[g + 1] of `values`. */
  readonly off: Int32Array;
  /** The kept values, best first within a group, never missing. */
  readonly values: PCol;
}

const slotOf = (p: Part, name: string): Slot => {
  const s = findColumn(p, name);
  if (s === undefined) throw new Error(`group top-k: no column "${name}"`);
  return s;
};

// ---- the kernel ----------------------------------------------------------------------------

/** Up to this n, items are inserted into sorted slots; beyond, each group's items are sorted. */
const INSERTION_MAX_N = 16;

/**
 * The best `n` items of each of `ng` groups among items 0 .. m-1 in order of appearance: item i
 * belongs to group `grp[i]` (-1: skipped) and is worth `key[i]` (larger is better; equal values
 * keep the order of appearance). Returns the offsets of each group's slots (shared) and the item
 * in each slot, best first (a scratch array, valid until the next call).
 */
function bestOf(grp: Int32Array, key: Float64Array, m: number, ng: number, n: number): { off: Int32Array; src: Int32Array } {
  const off = i32(ng + 1);
  for (let i = 0; i < m; i++) {
    const g = grp[i]!;
    if (g >= 0) off[g + 1]++;
  }
  const count = n > INSERTION_MAX_N ? scratchI32('topk.count', ng + 1) : null;
  if (count !== null) count.set(off);
  let total = 0;
  for (let g = 1; g <= ng; g++) {
    const c = off[g]!;
    total += c < n ? c : n;
    off[g] = total;
  }
  const src = scratchI32('topk.src', total);
  if (total === 0) return { off, src };
  if (count === null) insertBest(grp, key, m, ng, off, src);
  else sortBest(grp, key, m, ng, off, src, count);
  return { off, src };
}

/** Small n: each item enters its group's sorted slots (after the equal values already there). */
function insertBest(grp: Int32Array, key: Float64Array, m: number, ng: number, off: Int32Array, src: Int32Array): void {
  const len = scratchI32('topk.len', ng).fill(0);
  const best = scratchF64('topk.best', off[ng]!);
  for (let i = 0; i < m; i++) {
    const g = grp[i]!;
    if (g < 0) continue;
    const base = off[g]!;
    const cap = off[g + 1]! - base;
    const v = key[i]!;
    let pos = len[g]!;
    if (pos === cap) {
      // Full: only a strictly better value enters, and the last one leaves.
      if (cap === 0 || !(v > best[base + cap - 1]!)) continue;
      pos = cap - 1;
    } else len[g] = pos + 1;
    let at = base + pos;
    while (at > base && v > best[at - 1]!) {
      best[at] = best[at - 1]!;
      src[at] = src[at - 1]!;
      at--;
    }
    best[at] = v;
    src[at] = i;
  }
}

/** Large n: each group's items (in order of appearance) sorted by value, the first ones kept. */
function sortBest(grp: Int32Array, key: Float64Array, m: number, ng: number, off: Int32Array, src: Int32Array, count: Int32Array): void {
  // count[g + 1] = items of group g → start of each group's run of items.
  count[0] = 0;
  for (let g = 1; g <= ng; g++) count[g] += count[g - 1]!;
  const items = scratchI32('topk.items', count[ng]!);
  const at = scratchI32('topk.at', ng);
  at.set(count.subarray(0, ng));
  for (let i = 0; i < m; i++) {
    const g = grp[i]!;
    if (g >= 0) items[at[g]!++] = i;
  }
  const byValue = (a: number, b: number): number => {
    const x = key[a]!;
    const y = key[b]!;
    return x > y ? -1 : x < y ? 1 : a - b;
  };
  for (let g = 0; g < ng; g++) {
    const run = items.subarray(count[g]!, count[g + 1]!);
    if (run.length > 1) run.sort(byValue);
    src.set(run.subarray(0, off[g + 1]! - off[g]!), off[g]!);
  }
}

// ---- values as comparable doubles ------------------------------------------------------------

/**
 * Doubles ordered as the values of `columns` one after another (`total` in all; negated for
 * nsmallest, so larger is always better). Numbers and dates are exact as doubles; an int64 or
 * datetime column with a value beyond 2^53 is ranked among its distinct values instead.
 * A scratch array (or the one column itself); slots of missing values hold anything.
 */
function rankKeys(columns: readonly NumValues[], total: number, largest: boolean): Float64Array {
  if (largest && columns.length === 1 && columns[0] instanceof Float64Array) return columns[0];
  const out = scratchF64('topk.key', total);
  const sign = largest ? 1 : -1;
  const wide = columns.some((v) => v instanceof BigInt64Array && beyondDoubles(v));
  if (wide) {
    const all = new BigInt64Array(total);
    let at = 0;
    for (const v of columns) (all.set(v as BigInt64Array, at), (at += v.length));
    const sorted = all.slice().sort();
    for (let i = 0; i < total; i++) out[i] = sign * lowerBound(sorted, all[i]!);
    return out;
  }
  let at = 0;
  for (const v of columns) {
    const n = v.length;
    if (v instanceof BigInt64Array) {
      const w = new Int32Array(v.buffer, v.byteOffset, n * 2);
      for (let i = 0; i < n; i++) out[at + i] = sign * (w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0));
    } else if (largest && v instanceof Float64Array) out.set(v, at);
    else {
      const x = v as Float64Array;
      for (let i = 0; i < n; i++) out[at + i] = sign * x[i]!;
    }
    at += n;
  }
  return out;
}

const numValuesOf = (c: PCol): NumValues => {
  if (c.dtype === 'string') throw new Error('group top-k: string values');
  return c.values;
};

// ---- chunk and combine -----------------------------------------------------------------------

export function topkChunk(spec: TopKSpec, p: Part): TopKPartial {
  const { codes, ngroups, first } = groupCodes(p, spec.by.map((b) => b.name));
  const s = slotOf(p, spec.column);
  const c: Col = colOf(s);
  // The codes are this call's own array: a missing value drops its row here.
  const valid = c.valid;
  if (valid !== null) for (let i = 0; i < p.length; i++) if (valid[i] === 0) codes[i] = -1;
  const v = fromCol(c);
  const { off, src } = bestOf(codes, rankKeys([numValuesOf(v)], p.length, spec.largest), p.length, ngroups, spec.n);
  const keys = spec.by.map((b) => gatherSlot(slotOf(p, b.name), first));
  return sharePartial({ n: ngroups, keys, off, values: takePCol(v, src) });
}

export function emptyTopK(spec: TopKSpec): TopKPartial {
  return { n: 0, keys: spec.by.map((b) => emptyPCol(b.dtype)), off: new Int32Array(1), values: emptyPCol(spec.dtype) };
}

/** Merges partials in order (groups keep first-seen order). Inputs are never changed. */
export function topkCombine(spec: TopKSpec, parts: readonly TopKPartial[]): TopKPartial {
  if (parts.length === 0) return emptyTopK(spec);
  if (parts.length === 1) return parts[0]!;
  const m = merged(spec, parts);
  const at = locate(parts.map((p) => p.n), m.first);
  const keys = spec.by.map((b, k) => takeLocated(b.dtype, m.pieces[k]!, at));
  return sharePartial({ n: m.ngroups, keys, off: m.off, values: m.values });
}

/**
 * The groups of several partials and their merged values; the keys stay in the partials' pieces
 * (group g's are row `first[g]` of them), coded piece by piece, never concatenated.
 */
function merged(spec: TopKSpec, parts: readonly TopKPartial[], keep = false) {
  const total = parts.reduce((s, p) => s + p.n, 0);
  const pieces = spec.by.map((_, k) => parts.map((p) => p.keys[k]!));
  const { codes, ngroups, first, columns } = groupCodesOfChunks(pieces, total, keep);
  // Items: every partial's kept values, one partial after another, each with its new group.
  const nv = parts.reduce((s, p) => s + pcolLength(p.values), 0);
  const grp = scratchI32('topk.grp', nv);
  let base = 0;
  let item = 0;
  for (const p of parts) {
    for (let r = 0; r < p.n; r++) {
      const g = codes[base + r]!;
      for (let j = p.off[r]!, e = p.off[r + 1]!; j < e; j++) grp[item++] = g;
    }
    base += p.n;
  }
  const key = rankKeys(parts.map((p) => numValuesOf(p.values)), nv, spec.largest);
  const { off, src } = bestOf(grp, key, nv, ngroups, spec.n);
  const values = takePieces(spec.dtype, parts.map((p) => p.values), src);
  return { ngroups, first, pieces, off, values, columns };
}

// ---- split (hash group-by) -------------------------------------------------------------------

/** A partial cut into `nbuckets` partials by a hash of its keys (as `aggSplit`). */
export function topkSplit(spec: TopKSpec, partial: TopKPartial, nbuckets: number): TopKPartial[] {
  if (nbuckets <= 1) return [partial];
  const names = spec.by.map((b) => b.name);
  const n = partial.n;
  const { start, order: rows } = rowsByBucket(bucketOf(pcolPart(names, partial.keys, n), names, nbuckets), nbuckets);
  const out: TopKPartial[] = [];
  for (let j = 0; j < nbuckets; j++) out.push(sharePartial(takeGroups(partial, rows.subarray(start[j]!, start[j + 1]!))));
  return out;
}

/** Groups `rows` (in that order) of a partial. */
function takeGroups(p: TopKPartial, rows: Int32Array): TopKPartial {
  const m = rows.length;
  const off = i32(m + 1);
  for (let k = 0; k < m; k++) off[k + 1] = off[k]! + p.off[rows[k]! + 1]! - p.off[rows[k]!]!;
  const idx = new Int32Array(off[m]!);
  for (let k = 0, at = 0; k < m; k++) for (let j = p.off[rows[k]!]!, e = p.off[rows[k]! + 1]!; j < e; j++) idx[at++] = j;
  return { n: m, keys: p.keys.map((c) => takePCol(c, rows)), off, values: takePCol(p.values, idx) };
}

// ---- finalize ------------------------------------------------------------------------------

/** The result table: one row per value kept, groups sorted by key, values best first; index = the keys. */
export function topkFinalize(spec: TopKSpec, partial: TopKPartial): Part {
  const { order, keys } = sortKeys(partial.keys, partial.n);
  return resultPart(spec, keys, partial.off, partial.values, order);
}

/** The result table of the last few partials at once: their combine and the finalize in one pass. */
export function topkFinalizeOf(spec: TopKSpec, parts: readonly TopKPartial[]): Part {
  if (parts.length <= 1) return topkFinalize(spec, parts[0] ?? emptyTopK(spec));
  const m = merged(spec, parts, true);
  const { order, keys } = sortKeysOfPieces(m.pieces, m.first, m.ngroups, m.columns);
  return resultPart(spec, keys, m.off, m.values, order);
}

/** `keys`: one row per group in sorted order; group `order[k]`'s values are repeated key row k. */
function resultPart(spec: TopKSpec, keys: readonly PCol[], off: Int32Array, values: PCol, order: Int32Array): Part {
  const ng = order.length;
  const total = off[off.length - 1]!;
  const keyRow = new Int32Array(total);
  const valueRow = new Int32Array(total);
  let at = 0;
  for (let k = 0; k < ng; k++) {
    const g = order[k]!;
    for (let j = off[g]!, e = off[g + 1]!; j < e; j++) {
      keyRow[at] = k;
      valueRow[at++] = j;
    }
  }
  return {
    index: spec.by.map((b, k) => pcolSlot(b.name, takePCol(keys[k]!, keyRow))),
    columns: [pcolSlot(spec.column, takePCol(values, valueRow))],
    length: total,
  };
}

// ---- shared memory -------------------------------------------------------------------------

/** The partial with its large arrays in shared memory, on a worker thread (most are allocated there already). */
function sharePartial(p: TopKPartial): TopKPartial {
  return { n: p.n, keys: p.keys.map((c) => mapArrays(c, toShared)), off: toShared(p.off), values: mapArrays(p.values, toShared) };
}
