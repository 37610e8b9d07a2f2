/**
 * Group-by aggregation as a tree reduction (worker side): `aggChunk` turns a partition into
 * partial states per group, `aggCombine` merges partials (in partition order, so `first`/`last`
 * keep their meaning), `aggFinalizeTable` turns the last partial into a table sorted by the keys
 * (pandas' `sort=True`) or, with no keys, a value. Missing keys are dropped (pandas' `dropna`).
 * `aggSplit` cuts a partial into buckets by a hash of its keys (a hash group-by's `splitOut`).
 *
 * A partial is columnar — typed arrays only, so it crosses threads and spills as buffers:
 *
 *   keys     one PCol per key column (`pcol.ts`: strings as UTF-8 bytes + offsets), one row per group;
 *   states   one per aggregation item, one entry per group:
 *     count, size      n: Float64Array;
 *     sum, mean        n, and the exact sum as a ragged list of Shewchuk partials (`fsum.ts`), so
 *                      results do not depend on the partitioning;
 *     std, var         n, mean, m2 (Welford within a partition, Chan's formula across);
 *     min max first last   the chosen value, a PCol of the input dtype (missing: no value seen);
 *     nunique          the distinct (group, value) pairs: group ids and a PCol of values;
 *     median           every value, ragged (an exact median needs them all);
 *     corr             the co-moments n, mx, my, sxx, syy, sxy.
 *
 * `aggChunk` codes the rows' groups with `groupCodes` and accumulates each item in one tight
 * loop over the rows; `aggCombine` codes the partials' key columns the same way, piece by piece
 * (never concatenated: a combine costs what a chunk of that many groups costs), merges the states
 * group row by group row, in partition order, and gathers the new groups' keys once.
 * `aggFinalizeTableOf` is the last combine and the finalize in one pass (the tree's last level,
 * `fuseFinal`): keys are ranked with the codes just computed and built in sorted order directly.
 * Partials are allocated in shared memory on worker threads (`shared-alloc.ts`); temporaries reuse
 * per-thread scratch buffers (`scratch.ts`).
 */
import { type Cell, type Col, getCell } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, type Slot, colOf, findColumn } from '../core/part.js';
import { beyondDoubles, sortKeys, sortKeysOfPieces, unsortedKeysOfPieces } from './compare.js';
import { ExactSums, type RaggedSums, groupSumsExact, raggedValue } from './fsum.js';
import { type ColumnCodes, codeSlot, groupCodes, groupCodesOfChunks, pairCodes } from './group-codes.js';
import { type PCol, concatPCols, emptyPCol, gatherSlot, pcolCol, pcolPart, pcolSlot, locate, takeLocated, takePCol } from './pcol.js';
import { scratchF64, scratchI32, scratchU8 } from './scratch.js';
import { f64, i32, numValues, toShared, u8 } from './shared-alloc.js';
import { bucketOf, rowsByBucket } from './shuffle.js';
import { getKernels } from '../../kernels/select.js';

export type AggFn = 'sum' | 'mean' | 'count' | 'size' | 'min' | 'max' | 'std' | 'var' | 'nunique' | 'first' | 'last' | 'median' | 'corr';
/** What `agg({ col: fn })` accepts ('corr' pairs two columns: `groupby(k).col(a).corr(b)`). */
export const AGG_FNS: readonly AggFn[] = ['sum', 'mean', 'count', 'size', 'min', 'max', 'std', 'var', 'nunique', 'first', 'last', 'median'];

export interface AggItem {
  /** Input column (null for `size`). */
  readonly column: string | null;
  readonly fn: AggFn;
  readonly out: string;
  readonly inDtype: Dtype;
  /** The second column of a pairwise aggregation (corr). */
  readonly other?: string;
}

export interface AggSpec {
  readonly by: readonly ColumnMeta[];
  readonly items: readonly AggItem[];
  /** Standard deviation / variance degrees of freedom (pandas: 1). */
  readonly ddof: number;
  /** false: groups in order of first appearance, not sorted by key (pandas' `sort=False`). */
  readonly sort?: boolean;
}

export interface CountState {
  readonly t: 'count';
  readonly n: Float64Array;
}
export interface SumState {
  readonly t: 'sum';
  readonly n: Float64Array;
  readonly sum: RaggedSums;
}
export interface MomentState {
  readonly t: 'moments';
  readonly n: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}
export interface ValueState {
  readonly t: 'value';
  readonly v: PCol;
}
export interface DistinctState {
  readonly t: 'distinct';
  /** Group of each distinct pair. */
  readonly g: Int32Array;
  readonly v: PCol;
}
export interface ValuesState {
  readonly t: 'values';
  /** Group g's values are `v[off[g]..off[g+1])`. */
  readonly off: Int32Array;
  readonly v: Float64Array;
}
/** Co-moments of the pairs where both values are present. */
export interface CoState {
  readonly t: 'co';
  readonly n: Float64Array;
  readonly mx: Float64Array;
  readonly my: Float64Array;
  readonly sxx: Float64Array;
  readonly syy: Float64Array;
  readonly sxy: Float64Array;
}
export type State = CountState | SumState | MomentState | ValueState | DistinctState | ValuesState | CoState;

export interface Partial {
  /** Number of groups. */
  readonly n: number;
  /** The keys of each group, one column per key of the spec (never missing). */
  readonly keys: readonly PCol[];
  /** One state per item of the spec. */
  readonly states: readonly State[];
  /**
   * Set when the groups are a partition's rows as they are (`aggSplitChunk`): a key may repeat,
   * so the partial is grouped (merged with itself) before it is finalized.
   */
  readonly rows?: true;
}

const TWO32 = 4294967296;

/**
 * The values of a numeric column as numbers (int64 read from its two 32-bit words: no BigInt per
 * value). A float64 column is returned as it is; others are converted into the scratch `slot`.
 */
function numbersOf(c: Col, slot = 'numbers.x'): Float64Array {
  if (c.values instanceof Float64Array) return c.values;
  const n = c.values.length;
  const out = scratchF64(slot, n);
  if (c.dtype === 'int64' || c.dtype === 'datetime') {
    const b = c.values as BigInt64Array;
    wordsToNumbers(new Int32Array(b.buffer, b.byteOffset, b.length * 2), n, out);
  } else copyNumbers(c.values as Int32Array | Uint8Array | Float32Array, n, out);
  return out;
}

function wordsToNumbers(w: Int32Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
}

function copyNumbers(v: Int32Array | Uint8Array | Float32Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = v[i]!;
}

const INT_DTYPES = new Set<Dtype>(['int64', 'int32', 'uint8', 'bool']);
const TWO53 = 9007199254740992;

/**
 * Sums of integers per group, plainly: while the sum of the magnitudes of the whole chunk stays
 * below 2^53, every partial sum of every group is an integer a double holds exactly, so the plain
 * sum is the exact sum and each group's Shewchuk partials are that one value. Null when the
 * magnitudes reach 2^53 (the caller sums exactly instead). Three to five times faster than
 * `ExactSums` on db-benchmark's integer columns.
 */
function intSums(c: Col, codes: Int32Array, ng: number): SumState | null {
  // Count and sum of a group side by side: a row touches one cache line, not two (10^5 groups:
  // 11 → 7 ns a row in db-benchmark q3's chunks).
  const acc = scratchF64('sums.int', 2 * ng).fill(0);
  const loops = getKernels().groupLoops;
  let small: boolean;
  if (c.values instanceof BigInt64Array) {
    const w = new Int32Array(c.values.buffer, c.values.byteOffset, codes.length * 2); // int64 from its two 32-bit words, no conversion pass
    small = loops !== undefined ? loops.intSums(w, c.valid, codes, acc) === 1 : intSumsWords(w, c.valid, codes, acc) < TWO53;
  } else small = intSumsNums(numbersOf(c), c.valid, codes, acc) < TWO53;
  if (!small) return null;
  const cnt = f64(ng);
  for (let g = 0; g < ng; g++) cnt[g] = acc[2 * g]!;
  return sumStateOf(cnt, acc, 2, 1, ng);
}

// The row loops below are functions of their own, optimized once (V8 deoptimized functions that
// held a row loop and the work after it on most calls: see group-codes.ts).

/** Counts and plain sums per group of int64 words into acc[2g], acc[2g + 1]; returns the sum of the magnitudes. */
export function intSumsWords(w: Int32Array, valid: Uint8Array | null, codes: Int32Array, acc: Float64Array): number {
  const n = codes.length;
  let mag = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const v = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
    acc[2 * g]++;
    acc[2 * g + 1] += v;
    mag += v < 0 ? -v : v;
  }
  return mag;
}

function intSumsNums(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, acc: Float64Array): number {
  const n = codes.length;
  let mag = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const v = x[i]!;
    acc[2 * g]++;
    acc[2 * g + 1] += v;
    mag += v < 0 ? -v : v;
  }
  return mag;
}

/** A SumState from counts and exact integer sums (`sums[g · stride + at]`). */
function sumStateOf(cnt: Float64Array, sums: Float64Array, stride: number, at: number, ng: number): SumState {
  const off = i32(ng + 1);
  let m = 0;
  for (let g = 0; g < ng; g++) {
    if (cnt[g]! > 0) m++;
    off[g + 1] = m;
  }
  const p = f64(m);
  for (let g = 0, k = 0; g < ng; g++) if (cnt[g]! > 0) p[k++] = sums[g * stride + at]!;
  return { t: 'sum', n: cnt, sum: { off, p, special: null } };
}

/**
 * `intSums` of two int64 columns without missing values in one pass: the count and both sums of a
 * group side by side in one array, so a row touches one cache line, not four (q4/q5 of
 * db-benchmark sum or average two int64 columns: 1.4–1.7× faster than two passes). A column whose
 * magnitudes reach 2^53 gives null (summed exactly by the caller instead).
 */
function intSumsPair(a: BigInt64Array, b: BigInt64Array, codes: Int32Array, ng: number): [SumState | null, SumState | null] {
  const n = codes.length;
  const acc = scratchF64('sums.int.pair', ng * 3).fill(0);
  const wa = new Int32Array(a.buffer, a.byteOffset, n * 2);
  const wb = new Int32Array(b.buffer, b.byteOffset, n * 2);
  const loops = getKernels().groupLoops; // the native port, where built (the same sums)
  const ok = loops !== undefined ? loops.pairSums(wa, wb, codes, acc) : pairSums(wa, wb, codes, acc);
  const cnt = f64(ng);
  const pa = (ok & 1) !== 0 ? f64(ng) : null;
  const pb = (ok & 2) !== 0 ? f64(ng) : null;
  if (splitPairs(acc, ng, cnt, pa, pb)) {
    // Every group counted (so far always: the codes are of the groups present): one partial
    // each, at offset g — one offsets array for both states, as the counts.
    const off = i32(ng + 1);
    for (let g = 0; g <= ng; g++) off[g] = g;
    const state = (p: Float64Array | null): SumState | null => (p === null ? null : { t: 'sum', n: cnt, sum: { off, p, special: null } });
    return [state(pa), state(pb)];
  }
  return [pa !== null ? sumStateOf(cnt, acc, 3, 1, ng) : null, pb !== null ? sumStateOf(cnt, acc, 3, 2, ng) : null]; // the same counts: shared
}

/** Counts and both sums out of pairSums' side-by-side triples, in one pass; false when a group has no row. */
function splitPairs(acc: Float64Array, ng: number, cnt: Float64Array, pa: Float64Array | null, pb: Float64Array | null): boolean {
  let all = true;
  for (let g = 0; g < ng; g++) {
    const c = acc[3 * g]!;
    cnt[g] = c;
    if (c === 0) all = false;
    if (pa !== null) pa[g] = acc[3 * g + 1]!;
    if (pb !== null) pb[g] = acc[3 * g + 2]!;
  }
  return all;
}

/** Count and both sums of each group into `acc` (three per group); bit 1 / 2 set when column a / b's magnitudes stay below 2^53. */
export function pairSums(wa: Int32Array, wb: Int32Array, codes: Int32Array, acc: Float64Array): number {
  const n = codes.length;
  let magA = 0;
  let magB = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0) continue;
    const va = wa[2 * i + 1]! * TWO32 + (wa[2 * i]! >>> 0);
    const vb = wb[2 * i + 1]! * TWO32 + (wb[2 * i]! >>> 0);
    const k = g * 3;
    acc[k]++;
    acc[k + 1] += va;
    acc[k + 2] += vb;
    magA += va < 0 ? -va : va;
    magB += vb < 0 ? -vb : vb;
  }
  return (magA < TWO53 ? 1 : 0) | (magB < TWO53 ? 2 : 0);
}

/**
 * Every item's chunk state; sums and means of int64 columns without missing values two at a time
 * (`intSumsPair`), the rest one by one.
 */
function chunkStates(items: readonly AggItem[], p: Part, codes: Int32Array, ng: number): State[] {
  const states: (State | undefined)[] = new Array(items.length);
  const sizes: Sizes = { n: null };
  const pairable: { j: number; values: BigInt64Array }[] = [];
  for (let j = 0; j < items.length; j++) {
    const it = items[j]!;
    if ((it.fn !== 'sum' && it.fn !== 'mean') || it.column === null || it.inDtype !== 'int64') continue;
    const c = colOf(slotOf(p, it.column));
    if (c.valid === null && c.values instanceof BigInt64Array) pairable.push({ j, values: c.values });
  }
  for (let q = 0; q + 1 < pairable.length; q += 2) {
    const [x, y] = [pairable[q]!, pairable[q + 1]!];
    const [sx, sy] = intSumsPair(x.values, y.values, codes, ng);
    if (sx !== null) states[x.j] = sx;
    if (sy !== null) states[y.j] = sy;
    sizes.n ??= (sx ?? sy)?.n ?? null;
  }
  return items.map((it, j) => states[j] ?? chunkState(it, p, codes, ng, sizes));
}

/**
 * The rows of each group (codes ≥ 0) of a chunk, counted once for all the items whose column has
 * no missing value — their counts are these — and shared by them: db-benchmark's q4/q5 counted the
 * same rows for every averaged or summed column, a pass with a random write per row each. States of
 * one partial may share an array: nothing writes into a partial once it is made (combine, split
 * and finalize make their own arrays), and a copy per state cost q5's chunks 1.6 MB each.
 */
interface Sizes { n: Float64Array | null }

function sizesOf(sizes: Sizes | undefined, codes: Int32Array, ng: number): Float64Array {
  if (sizes?.n != null) return sizes.n;
  const cnt = f64(ng);
  countCodes(codes, cnt);
  if (sizes !== undefined) sizes.n = cnt;
  return cnt;
}

function countCodes(codes: Int32Array, cnt: Float64Array): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g >= 0) cnt[g]++;
  }
}

/** Element k of an int64 array viewed as 32-bit words (`w`) set to the integer-valued double `v`. */
function setInt64Words(w: Int32Array, k: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  w[2 * k] = (v - hi * TWO32) | 0;
  w[2 * k + 1] = hi | 0;
}

/** Integer-valued numbers `value(k)`, k < n, as int64 (through the two 32-bit words). */
function int64Of(n: number, value: (k: number) => number): PCol {
  const out = numValues('int64', n) as BigInt64Array; // shared on a worker: crosses threads as it is
  const w = new Int32Array(out.buffer);
  for (let k = 0; k < n; k++) {
    const v = Math.trunc(value(k));
    if (v !== v || v === Infinity || v === -Infinity) continue;
    setInt64Words(w, k, v);
  }
  return { dtype: 'int64', values: out, valid: null };
}

/**
 * Group sums of integers as int64, exact: a sum within ±2^53 is its correctly rounded double;
 * beyond, the sum of the group's exact partials (integers, as every partial of integer inputs is)
 * as a BigInt, wrapped to 64 bits as numpy's int64 sums wrap. (Through a double, a group sum of
 * 2^53 + 1 came out as 2^53.) Inputs are read as doubles, so int64 values beyond ±2^53 are
 * rounded before they are summed.
 */
function int64Sums(s: RaggedSums, order: Int32Array): PCol {
  const m = order.length;
  const out = numValues('int64', m) as BigInt64Array;
  const w = new Int32Array(out.buffer, out.byteOffset, m * 2);
  for (let k = 0; k < m; k++) {
    const g = order[k]!;
    const v = raggedValue(s, g);
    if (v !== v || v === Infinity || v === -Infinity) continue;
    if (v < TWO53 && v > -TWO53) {
      setInt64Words(w, k, v);
      continue;
    }
    let t = 0n;
    for (let q = s.off[g]!; q < s.off[g + 1]!; q++) t += BigInt(s.p[q]!);
    out[k] = BigInt.asIntN(64, t);
  }
  return { dtype: 'int64', values: out, valid: null };
}

/**
 * Exact group sums of int64 values some of which are beyond ±2^53 (not all doubles): each value
 * as its two words, hi·2^32 and lo (unsigned), both exact doubles, summed exactly together — so
 * the sum is the int64 one (int64Sums wraps it to 64 bits, as numpy and pandas do), where the
 * values converted to doubles first were rounded (2^60 + 1 summed as 2^60).
 */
function int64SumsExact(b: BigInt64Array, valid: Uint8Array | null, codes: Int32Array, ng: number): RaggedSums {
  const n = codes.length;
  const w = words(b);
  const x = new Float64Array(2 * n);
  const c2 = new Int32Array(2 * n);
  const v2 = valid === null ? null : new Uint8Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = w[2 * i + 1]! * TWO32;
    x[2 * i + 1] = w[2 * i]! >>> 0;
    c2[2 * i] = c2[2 * i + 1] = codes[i]!;
    if (v2 !== null) v2[2 * i] = v2[2 * i + 1] = valid![i]!;
  }
  return groupSumsExact(x, v2, c2, ng);
}

const slotOf = (p: Part, name: string): Slot => {
  const s = findColumn(p, name);
  if (s === undefined) throw new Error(`aggregate: no column "${name}"`);
  return s;
};

// ---- chunk ---------------------------------------------------------------------------------

export function aggChunk(spec: AggSpec, p: Part): Partial {
  const { codes, ngroups, first } = groupCodes(p, spec.by.map((b) => b.name), scratchI32('agg.codes', p.length));
  const keys = spec.by.map((b) => gatherSlot(slotOf(p, b.name), first));
  const states = chunkStates(spec.items, p, codes, ngroups);
  return sharePartial({ n: ngroups, keys, states });
}

function chunkState(it: AggItem, p: Part, codes: Int32Array, ng: number, sizes?: Sizes): State {
  const n = p.length;
  if (it.fn === 'size') return { t: 'count', n: sizesOf(sizes, codes, ng) };
  const s = slotOf(p, it.column!);
  // count, first, last and nunique read only which values are present: strings stay in Arrow.
  const needsValues = it.fn !== 'count' && it.fn !== 'first' && it.fn !== 'last' && it.fn !== 'nunique';
  const c: Col = needsValues ? colOf(s) : { dtype: s.dtype, values: [], valid: validityOf(s, n) };
  const valid = c.valid;
  switch (it.fn) {
    case 'count': {
      if (valid === null) return { t: 'count', n: sizesOf(sizes, codes, ng) };
      const cnt = f64(ng);
      for (let i = 0; i < n; i++) {
        const g = codes[i]!;
        if (g >= 0 && (valid === null || valid[i] === 1)) cnt[g]++;
      }
      return { t: 'count', n: cnt };
    }
    case 'sum':
    case 'mean': {
      if (INT_DTYPES.has(c.dtype)) {
        const fast = intSums(c, codes, ng);
        if (fast !== null) {
          // Its counts are the group sizes when nothing is missing: the next item need not count.
          if (valid === null && sizes !== undefined) sizes.n ??= fast.n;
          return fast;
        }
      }
      let cnt: Float64Array;
      if (valid === null) cnt = sizesOf(sizes, codes, ng);
      else {
        cnt = f64(ng);
        for (let i = 0; i < n; i++) {
          const g = codes[i]!;
          if (g >= 0 && valid[i] === 1) cnt[g]++;
        }
      }
      if ((c.dtype === 'int64' || c.dtype === 'datetime') && beyondDoubles(c.values as BigInt64Array)) return { t: 'sum', n: cnt, sum: int64SumsExact(c.values as BigInt64Array, valid, codes, ng) };
      return { t: 'sum', n: cnt, sum: groupSumsExact(numbersOf(c), valid, codes, ng) };
    }
    case 'std':
    case 'var': {
      const x = numbersOf(c);
      const cnt = f64(ng);
      const mean = f64(ng);
      const m2 = f64(ng);
      for (let i = 0; i < n; i++) {
        const g = codes[i]!;
        if (g < 0 || (valid !== null && valid[i] === 0)) continue;
        const v = x[i]!;
        const k = ++cnt[g]!;
        const d = v - mean[g]!;
        mean[g] += d / k;
        m2[g] += d * (v - mean[g]!);
      }
      return { t: 'moments', n: cnt, mean, m2 };
    }
    case 'min':
    case 'max': {
      const v = pickExtremes(it.fn, c, codes, ng);
      if (v !== null) return { t: 'value', v };
      return { t: 'value', v: gatherSlot(s, pickRows(it.fn, c, codes, ng)) };
    }
    case 'first':
    case 'last':
      return { t: 'value', v: gatherSlot(s, pickRows(it.fn, c, codes, ng)) };
    case 'nunique': {
      const vc = codeSlot(s, n);
      const pairs = pairCodes(codes, ng, vc.codes, vc.count);
      const g = i32(pairs.ngroups);
      for (let u = 0; u < pairs.ngroups; u++) g[u] = codes[pairs.first[u]!]!;
      return { t: 'distinct', g, v: gatherSlot(s, pairs.first) };
    }
    case 'median': {
      const x = numbersOf(c);
      const off = i32(ng + 1);
      for (let i = 0; i < n; i++) {
        const g = codes[i]!;
        if (g >= 0 && (valid === null || valid[i] === 1)) off[g + 1]++;
      }
      for (let g = 0; g < ng; g++) off[g + 1] += off[g]!;
      const at = off.slice(0, ng);
      const v = f64(off[ng]!);
      for (let i = 0; i < n; i++) {
        const g = codes[i]!;
        if (g >= 0 && (valid === null || valid[i] === 1)) v[at[g]!++] = x[i]!;
      }
      return { t: 'values', off, v };
    }
    case 'corr': {
      const c2 = colOf(slotOf(p, it.other!));
      const v2 = c2.valid;
      if (INT_DTYPES.has(c.dtype) && INT_DTYPES.has(c2.dtype)) {
        const exact = intCoMoments(c, c2, codes, ng);
        if (exact !== null) return exact;
      }
      const x = numbersOf(c);
      const y = numbersOf(c2, 'numbers.y');
      const st = newCo(ng);
      const { n: cnt, mx, my, sxx, syy, sxy } = st;
      for (let i = 0; i < n; i++) {
        const g = codes[i]!;
        if (g < 0 || (valid !== null && valid[i] === 0) || (v2 !== null && v2[i] === 0)) continue;
        const a = x[i]!;
        const b = y[i]!;
        const k = ++cnt[g]!;
        const dx = a - mx[g]!;
        mx[g] += dx / k;
        const dy = b - my[g]!;
        my[g] += dy / k;
        sxx[g] += dx * (a - mx[g]!);
        syy[g] += dy * (b - my[g]!);
        sxy[g] += dx * (b - my[g]!);
      }
      return st;
    }
  }
  throw new Error(`aggregate: unknown aggregation ${it.fn}`);
}

/**
 * Co-moments of integer pairs from exact sums: Σx, Σy, Σx², Σy², Σxy per group are integers a
 * double holds exactly while Σ(x² + y²) over the chunk stays below 2^53 (|x| ≤ x² for integers,
 * 2|xy| ≤ x² + y²), and so are n·Σx² − (Σx)² and the like while n·Σ(x² + y²) does per group; each
 * co-moment is then one rounding of its exact value — no division per row, no chain through the
 * running means as Welford's update has. Null past those bounds (the caller uses Welford).
 */
function intCoMoments(cx: Col, cy: Col, codes: Int32Array, ng: number): CoState | null {
  // Per group, side by side: n, Σx, Σy, Σx², Σy², Σxy.
  const acc = scratchF64('co.acc', ng * 6).fill(0);
  const mag =
    cx.values instanceof BigInt64Array && cy.values instanceof BigInt64Array
      ? coSumsWords(words(cx.values), words(cy.values), cx.valid, cy.valid, codes, acc) // int64 read as words: no conversion pass
      : coSumsNums(numbersOf(cx), numbersOf(cy, 'numbers.y'), cx.valid, cy.valid, codes, acc);
  if (!(mag < TWO53) || !coExact(acc, ng)) return null;
  const st = newCo(ng);
  coFinish(acc, ng, st.n, st.mx, st.my, st.sxx, st.syy, st.sxy);
  return st;
}

const words = (b: BigInt64Array): Int32Array => new Int32Array(b.buffer, b.byteOffset, b.length * 2);

// The loops of intCoMoments are functions of their own (see intSumsWords).

function coSumsWords(wx: Int32Array, wy: Int32Array, vx: Uint8Array | null, vy: Uint8Array | null, codes: Int32Array, acc: Float64Array): number {
  const n = codes.length;
  let mag = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (vx !== null && vx[i] === 0) || (vy !== null && vy[i] === 0)) continue;
    const a = wx[2 * i + 1]! * TWO32 + (wx[2 * i]! >>> 0);
    const b = wy[2 * i + 1]! * TWO32 + (wy[2 * i]! >>> 0);
    const k = 6 * g;
    const aa = a * a;
    const bb = b * b;
    acc[k]++;
    acc[k + 1] += a;
    acc[k + 2] += b;
    acc[k + 3] += aa;
    acc[k + 4] += bb;
    acc[k + 5] += a * b;
    mag += aa + bb;
  }
  return mag;
}

function coSumsNums(x: Float64Array, y: Float64Array, vx: Uint8Array | null, vy: Uint8Array | null, codes: Int32Array, acc: Float64Array): number {
  const n = codes.length;
  let mag = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (vx !== null && vx[i] === 0) || (vy !== null && vy[i] === 0)) continue;
    const a = x[i]!;
    const b = y[i]!;
    const k = 6 * g;
    const aa = a * a;
    const bb = b * b;
    acc[k]++;
    acc[k + 1] += a;
    acc[k + 2] += b;
    acc[k + 3] += aa;
    acc[k + 4] += bb;
    acc[k + 5] += a * b;
    mag += aa + bb;
  }
  return mag;
}

/** Whether n·Σ(x² + y²) stays below 2^53 in every group (the co-moments are then exact before one rounding). */
function coExact(acc: Float64Array, ng: number): boolean {
  for (let g = 0; g < ng; g++) {
    const k = 6 * g;
    if (!(acc[k]! * (acc[k + 3]! + acc[k + 4]!) < TWO53)) return false;
  }
  return true;
}

function coFinish(acc: Float64Array, ng: number, cnt: Float64Array, mx: Float64Array, my: Float64Array, sxx: Float64Array, syy: Float64Array, sxy: Float64Array): void {
  for (let g = 0; g < ng; g++) {
    const b = 6 * g;
    const k = acc[b]!;
    cnt[g] = k;
    if (k === 0) continue;
    const sx = acc[b + 1]!;
    const sy = acc[b + 2]!;
    mx[g] = sx / k;
    my[g] = sy / k;
    sxx[g] = (k * acc[b + 3]! - sx * sx) / k;
    syy[g] = (k * acc[b + 4]! - sy * sy) / k;
    sxy[g] = (k * acc[b + 5]! - sx * sy) / k;
  }
}

/** Which rows of a slot hold a value (null: all), from the Arrow bitmaps while the slot is not decoded. */
function validityOf(s: Slot, n: number): Uint8Array | null {
  // Floats decode (cheaply): a NaN counts as missing, as `colOf` makes it.
  if (s.col !== undefined || s.vector === undefined || s.dtype === 'float64' || s.dtype === 'float32') return colOf(s).valid;
  let out: Uint8Array | null = null;
  let at = 0;
  for (const d of s.vector.data) {
    const bm = d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null;
    if (bm !== null) {
      out ??= new Uint8Array(n).fill(1);
      for (let i = 0; i < d.length; i++) {
        const b = d.offset + i;
        out[at + i] = (bm[b >> 3]! >> (b & 7)) & 1;
      }
    }
    at += d.length;
  }
  return out;
}

const newCo = (ng: number): CoState => ({
  t: 'co', n: f64(ng), mx: f64(ng), my: f64(ng),
  sxx: f64(ng), syy: f64(ng), sxy: f64(ng),
});

/**
 * min or max of a numeric column per group, as values of the column's dtype (missing where a
 * group has none), or null where the row path (`pickRows`) must decide: strings, and int64 beyond
 * ±2^53. The same answer as gathering `pickRows`' rows — the first row of the extreme value
 * wins, so of 0 and −0 the one seen first — but with the best value kept per group instead of
 * its row: `pickRows` compared each value with x[best row], a read at a random row of the chunk
 * (a cache miss per row with 10^5 groups: 17 ns a row, measured on db-benchmark q7), and then
 * gathered the rows (another miss per group).
 */
function pickExtremes(fn: 'min' | 'max', c: Col, codes: Int32Array, ng: number): PCol | null {
  if (c.dtype === 'string') return null;
  const big = c.dtype === 'int64' || c.dtype === 'datetime';
  if (big && beyondDoubles(c.values as BigInt64Array)) return null;
  const x = numbersOf(c);
  const best = scratchF64('extremes.best', ng).fill(fn === 'min' ? Infinity : -Infinity);
  const seen = scratchU8('extremes.seen', ng).fill(0);
  if (fn === 'min') minLoop(x, c.valid, codes, best, seen);
  else maxLoop(x, c.valid, codes, best, seen);
  let missing = 0;
  for (let g = 0; g < ng; g++) missing += 1 - seen[g]!;
  const valid = missing === 0 ? null : u8(ng);
  if (valid !== null) valid.set(seen.subarray(0, ng));
  const values = numValues(c.dtype as Exclude<Dtype, 'string'>, ng);
  if (values instanceof BigInt64Array) {
    const w = new Int32Array(values.buffer, values.byteOffset, 2 * ng);
    for (let g = 0; g < ng; g++) if (seen[g] === 1) setInt64Words(w, g, best[g]!);
  } else {
    for (let g = 0; g < ng; g++) if (seen[g] === 1) values[g] = best[g]!;
  }
  return { dtype: c.dtype, values, valid } as PCol;
}

// One loop per direction: a strict comparison keeps the first row of the extreme value; NaN
// (v !== v) and missing values never count.
function minLoop(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, best: Float64Array, seen: Uint8Array): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    const v = x[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0) || v !== v) continue;
    if (v < best[g]!) best[g] = v;
    seen[g] = 1;
  }
}

function maxLoop(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, best: Float64Array, seen: Uint8Array): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    const v = x[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0) || v !== v) continue;
    if (v > best[g]!) best[g] = v;
    seen[g] = 1;
  }
}

/**
 * The row each group takes its min/max/first/last from (-1: no value). Numbers compare as
 * doubles (int64 as bigints when a value is beyond 2^53), strings as JS strings; a NaN is skipped
 * as a missing value. Equal values keep the earliest row.
 */
function pickRows(fn: 'min' | 'max' | 'first' | 'last', c: Col, codes: Int32Array, ng: number): Int32Array {
  const best = new Int32Array(ng).fill(-1);
  const n = codes.length;
  const valid = c.valid;
  if (fn === 'first' || fn === 'last') {
    for (let i = 0; i < n; i++) {
      const g = codes[i]!;
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      if (fn === 'last' || best[g]! < 0) best[g] = i;
    }
    return best;
  }
  const isMin = fn === 'min';
  if (c.dtype === 'string') {
    const s = c.values as string[];
    for (let i = 0; i < n; i++) {
      const g = codes[i]!;
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const b = best[g]!;
      if (b < 0 || (isMin ? s[i]! < s[b]! : s[i]! > s[b]!)) best[g] = i;
    }
    return best;
  }
  if ((c.dtype === 'int64' || c.dtype === 'datetime') && beyondDoubles(c.values as BigInt64Array)) {
    const s = c.values as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const g = codes[i]!;
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const b = best[g]!;
      if (b < 0 || (isMin ? s[i]! < s[b]! : s[i]! > s[b]!)) best[g] = i;
    }
    return best;
  }
  const x = numbersOf(c);
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    const v = x[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0) || v !== v) continue;
    const b = best[g]!;
    if (b < 0 || (isMin ? v < x[b]! : v > x[b]!)) best[g] = i;
  }
  return best;
}

// ---- combine -------------------------------------------------------------------------------

function emptyStates(spec: AggSpec, ng: number): State[] {
  return spec.items.map((it): State => {
    switch (it.fn) {
      case 'size':
      case 'count': return { t: 'count', n: f64(ng) };
      case 'sum':
      case 'mean': return { t: 'sum', n: f64(ng), sum: new ExactSums(ng).finish() };
      case 'std':
      case 'var': return { t: 'moments', n: f64(ng), mean: f64(ng), m2: f64(ng) };
      case 'nunique': return { t: 'distinct', g: new Int32Array(0), v: emptyPCol(it.inDtype) };
      case 'median': return { t: 'values', off: new Int32Array(ng + 1), v: new Float64Array(0) };
      case 'corr': return newCo(ng);
      default: return { t: 'value', v: takePCol(emptyPCol(it.inDtype), new Int32Array(ng).fill(-1)) };
    }
  });
}

export function emptyPartial(spec: AggSpec): Partial {
  return { n: 0, keys: spec.by.map((b) => emptyPCol(b.dtype)), states: emptyStates(spec, 0) };
}

/** Merges partials in order (groups keep first-seen order). Inputs are never changed. */
export function aggCombine(spec: AggSpec, parts: readonly Partial[]): Partial {
  if (parts.length === 0) return emptyPartial(spec);
  if (parts.length === 1) return parts[0]!;
  const m = merged(spec, parts);
  const at = locate(parts.map((p) => p.n), m.first);
  const keys = spec.by.map((b, k) => takeLocated(b.dtype, m.pieces[k]!, at));
  return sharePartial({ n: m.ngroups, keys, states: m.states });
}

/**
 * The groups of several partials and their merged states; the keys stay in the partials' pieces
 * (group g's are row `first[g]` of them), coded and gathered piece by piece, never concatenated.
 */
function merged(spec: AggSpec, parts: readonly Partial[], keep = false): { ngroups: number; first: Int32Array; pieces: PCol[][]; states: State[]; columns?: ColumnCodes[] } {
  const total = parts.reduce((s, p) => s + p.n, 0);
  const pieces = spec.by.map((_, k) => parts.map((p) => p.keys[k]!));
  const { codes, ngroups, first, columns } = groupCodesOfChunks(pieces, total, keep, scratchI32('agg.mergeCodes', total));
  const bases = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (bases[i + 1] = bases[i]! + p.n));
  const counts = new MergedCounts();
  const states = spec.items.map((it, j) => combineStates(it, parts.map((p) => p.states[j]!), bases, codes, ngroups, counts));
  return { ngroups, first, pieces, states, columns };
}

/**
 * The merged counts already added up in one combine, by the partials' count arrays they came
 * from: the items of a chunk share theirs (`sizesOf`), and so, after the combine, their merged
 * counts (q5: three items, one scatter of 8 × 10^5 counts instead of three).
 */
class MergedCounts {
  private readonly known: { from: readonly Float64Array[]; cnt: Float64Array }[] = [];

  of(from: readonly Float64Array[]): Float64Array | null {
    for (const k of this.known) if (k.from.length === from.length && k.from.every((a, i) => a === from[i])) return k.cnt;
    return null;
  }

  add(from: readonly Float64Array[], cnt: Float64Array): void {
    this.known.push({ from, cnt });
  }
}

function combineStates(it: AggItem, sts: readonly State[], bases: Int32Array, codes: Int32Array, ng: number, counts: MergedCounts): State {
  const t = sts[0]!.t;
  switch (t) {
    case 'count': {
      const from = (sts as CountState[]).map((s) => s.n);
      const known = counts.of(from);
      if (known !== null) return { t, n: known };
      const cnt = f64(ng);
      (sts as CountState[]).forEach((s, i) => scatter(codes.subarray(bases[i]!, bases[i]! + s.n.length), s.n, null, null, cnt, null, ng));
      counts.add(from, cnt);
      return { t, n: cnt };
    }
    case 'sum': {
      const from = (sts as SumState[]).map((s) => s.n);
      const known = counts.of(from);
      const plain = plainIntegerSums(sts as SumState[], bases, codes, ng, known);
      if (plain !== null) {
        if (known === null) counts.add(from, plain.n);
        return plain;
      }
      // Every partial (and non-finite sum) of every input as one stream of (value, group).
      const cnt = known ?? f64(ng);
      const add = known === null ? cnt : null; // null: the counts are known, not added again
      let total = 0;
      for (const s of sts as SumState[]) total += s.sum.p.length + (s.sum.special === null ? 0 : s.sum.special.length);
      const vals = scratchF64('sums.combine.v', total);
      const groups = scratchI32('sums.combine.g', total);
      let k = 0;
      (sts as SumState[]).forEach((s, i) => {
        const b = bases[i]!;
        const { off, p, special } = s.sum;
        if (special === null) {
          k = stream(codes.subarray(b, b + s.n.length), s.n, off, p, add, vals, groups, k, ng);
          return;
        }
        for (let r = 0; r < s.n.length; r++) {
          const g = codes[b + r]!;
          if (add !== null) add[g] += s.n[r]!;
          const e = off[r + 1]!;
          for (let q = off[r]!; q < e; q++) {
            vals[k] = p[q]!;
            groups[k++] = g;
          }
          if (special !== null) {
            const sp = special[r]!;
            if (sp !== 0 || Number.isNaN(sp)) {
              vals[k] = sp;
              groups[k++] = g;
            }
          }
        }
      });
      if (add !== null) counts.add(from, cnt);
      return { t, n: cnt, sum: combineSums(vals.subarray(0, k), groups.subarray(0, k), ng) };
    }
    case 'moments': {
      const cnt = f64(ng);
      const mean = f64(ng);
      const m2 = f64(ng);
      (sts as MomentState[]).forEach((s, i) => {
        const b = bases[i]!;
        for (let r = 0; r < s.n.length; r++) {
          const ny = s.n[r]!;
          if (ny === 0) continue;
          const g = codes[b + r]!;
          const nx = cnt[g]!;
          const nn = nx + ny;
          const d = s.mean[r]! - mean[g]!;
          m2[g] += s.m2[r]! + (d * d * nx * ny) / nn;
          mean[g] += (d * ny) / nn;
          cnt[g] = nn;
        }
      });
      return { t, n: cnt, mean, m2 };
    }
    case 'co': {
      const o = newCo(ng);
      (sts as CoState[]).forEach((s, i) => {
        const b = bases[i]!;
        for (let r = 0; r < s.n.length; r++) {
          const ny = s.n[r]!;
          if (ny === 0) continue;
          const g = codes[b + r]!;
          const nx = o.n[g]!;
          const nn = nx + ny;
          const dx = s.mx[r]! - o.mx[g]!;
          const dy = s.my[r]! - o.my[g]!;
          const w = (nx * ny) / nn;
          o.sxx[g] += s.sxx[r]! + dx * dx * w;
          o.syy[g] += s.syy[r]! + dy * dy * w;
          o.sxy[g] += s.sxy[r]! + dx * dy * w;
          o.mx[g] += (dx * ny) / nn;
          o.my[g] += (dy * ny) / nn;
          o.n[g] = nn;
        }
      });
      return o;
    }
    case 'value': {
      const v = concatPCols(it.inDtype, (sts as ValueState[]).map((s) => s.v));
      const c = pcolCol(v);
      const picked = it.fn === 'min' || it.fn === 'max' ? pickExtremes(it.fn, c, codes, ng) : null;
      return { t, v: picked ?? takePCol(v, pickRows(it.fn as 'min' | 'max' | 'first' | 'last', c, codes, ng)) };
    }
    case 'distinct': {
      const ds = sts as DistinctState[];
      const total = ds.reduce((s, d) => s + d.g.length, 0);
      const g = new Int32Array(total);
      let at = 0;
      ds.forEach((d, i) => {
        const b = bases[i]!;
        for (let q = 0; q < d.g.length; q++) g[at++] = codes[b + d.g[q]!]!;
      });
      const v = concatPCols(it.inDtype, ds.map((d) => d.v));
      const vc = codeSlot(pcolSlot('v', v), total);
      const pairs = pairCodes(g, ng, vc.codes, vc.count);
      const gg = i32(pairs.ngroups);
      for (let u = 0; u < pairs.ngroups; u++) gg[u] = g[pairs.first[u]!]!;
      return { t, g: gg, v: takePCol(v, pairs.first) };
    }
    case 'values': {
      const vs = sts as ValuesState[];
      const off = i32(ng + 1);
      vs.forEach((s, i) => {
        const b = bases[i]!;
        for (let r = 0; r + 1 < s.off.length; r++) off[codes[b + r]! + 1] += s.off[r + 1]! - s.off[r]!;
      });
      for (let g = 0; g < ng; g++) off[g + 1] += off[g]!;
      const at = off.slice(0, ng);
      const v = f64(off[ng]!);
      vs.forEach((s, i) => {
        const b = bases[i]!;
        for (let r = 0; r + 1 < s.off.length; r++) {
          const g = codes[b + r]!;
          const len = s.off[r + 1]! - s.off[r]!;
          v.set(s.v.subarray(s.off[r]!, s.off[r + 1]!), at[g]!);
          at[g] += len;
        }
      });
      return { t, off, v };
    }
  }
}

/**
 * The combine of sums whose partials are all integers (sums of integer columns: each group's one
 * partial from `intSums`), added plainly while the magnitudes of all of them stay below 2^53 —
 * then every running sum is an integer a double holds, so the plain sum is the exact one, as in
 * `intSums` at the chunk. Null otherwise (the exact combine). db-benchmark q5's final task
 * merged 8 × 10^5 integer partials of v1 and v2 through the exact path.
 */
function plainIntegerSums(sts: readonly SumState[], bases: Int32Array, codes: Int32Array, ng: number, known: Float64Array | null): SumState | null {
  let mag = 0;
  const loops = getKernels().groupLoops;
  for (const s of sts) {
    if (s.sum.special !== null) return null;
    mag += loops !== undefined ? loops.integerMagnitude(s.sum.p) : integerMagnitude(s.sum.p);
    if (!(mag < TWO53)) return null;
  }
  const cnt = known ?? f64(ng);
  const sums = scratchF64('sums.combine.int', ng).fill(0);
  sts.forEach((s, i) => scatter(codes.subarray(bases[i]!, bases[i]! + s.n.length), s.n, s.sum.off, s.sum.p, known === null ? cnt : null, sums, ng));
  return sumStateOf(cnt, sums, 1, 0, ng);
}

/**
 * Σ|p| in order, or NaN when a partial is not an integer. The addon's `integerMagnitude` gives the
 * same below 2^53 and NaN from there on (its caller only asks whether the sum stays below 2^53).
 */
export function integerMagnitude(p: Float64Array): number {
  let m = 0;
  for (let q = 0; q < p.length; q++) {
    const v = p[q]!;
    if (!Number.isInteger(v)) return NaN;
    m += v < 0 ? -v : v;
  }
  return m;
}

/**
 * Partial row r of a combine input adds `n[r]` to `cnt[codes[r]]` (cnt null: counts known
 * already) and (with `off`) its partials `p[off[r] .. off[r + 1])`, in order, to `sums[codes[r]]`:
 * the reference of the addon's loop, which does this at ~3 ns a row against ~11 here (random
 * writes into the merged groups; db-benchmark q5 combines 8 × 10^5 partial rows a column).
 * Codes are below the groups' count (the addon takes it and checks each code against it).
 */
export function raggedScatter(codes: Int32Array, n: Float64Array, off: Int32Array | null, p: Float64Array | null, cnt: Float64Array | null, sums: Float64Array | null): void {
  for (let r = 0; r < n.length; r++) {
    const g = codes[r]!;
    if (cnt !== null) cnt[g] += n[r]!;
    if (off === null) continue;
    for (let q = off[r]!; q < off[r + 1]!; q++) sums![g] += p![q]!;
  }
}

/** Counts as `raggedScatter`; each partial of row r appended as (vals[k], groups[k]) = (p[q], codes[r]) from `k` on; the new k. */
export function raggedStream(codes: Int32Array, n: Float64Array, off: Int32Array, p: Float64Array, cnt: Float64Array | null, vals: Float64Array, groups: Int32Array, k: number): number {
  for (let r = 0; r < n.length; r++) {
    const g = codes[r]!;
    if (cnt !== null) cnt[g] += n[r]!;
    const e = off[r + 1]!;
    for (let q = off[r]!; q < e; q++) {
      vals[k] = p[q]!;
      groups[k++] = g;
    }
  }
  return k;
}

function scatter(codes: Int32Array, n: Float64Array, off: Int32Array | null, p: Float64Array | null, cnt: Float64Array | null, sums: Float64Array | null, ng: number): void {
  const loops = getKernels().groupLoops;
  if (loops !== undefined) loops.raggedScatter(codes, n, off, p, cnt, sums, ng);
  else raggedScatter(codes, n, off, p, cnt, sums);
}

function stream(codes: Int32Array, n: Float64Array, off: Int32Array, p: Float64Array, cnt: Float64Array | null, vals: Float64Array, groups: Int32Array, k: number, ng: number): number {
  const loops = getKernels().groupLoops;
  return loops !== undefined ? loops.raggedStream(codes, n, off, p, cnt, vals, groups, k, ng) : raggedStream(codes, n, off, p, cnt, vals, groups, k);
}

/**
 * Exact sums of the stream of (value, group) partials, as `groupSumsExact` of it — but a group
 * with one partial is that partial as it is (a zero none, a non-finite value its special sum), and
 * only the groups with several go through the extraction. After a hash group-by of mostly
 * distinct keys nearly every group has one (q10: 5M groups of 5M partials, where the extraction's
 * per-group arrays for 5M groups cost more than the sums).
 */
export function combineSums(vals: Float64Array, groups: Int32Array, ng: number): RaggedSums {
  const m = vals.length;
  // Four or more partials a group on average: most groups have several, and counting them (a
  // random write per partial) costs more than the extraction it could spare (q5's final
  // combine: 2.4M partials of 10^5 groups). The same exact sums either way.
  if (m >= 4 * ng) return groupSumsExact(vals, null, groups, ng);
  const per = scratchI32('sums.perGroup', ng).fill(0);
  for (let k = 0; k < m; k++) per[groups[k]!]++;
  // Dense ids of the groups with several partials.
  const sub = scratchI32('sums.subId', ng);
  let nsub = 0;
  for (let g = 0; g < ng; g++) sub[g] = per[g]! > 1 ? nsub++ : -1;
  if (nsub * 2 > ng) return groupSumsExact(vals, null, groups, ng);
  let several: RaggedSums | null = null;
  if (nsub > 0) {
    let ms = 0;
    for (let k = 0; k < m; k++) if (sub[groups[k]!]! >= 0) ms++;
    const sv = scratchF64('sums.subV', ms);
    const sg = scratchI32('sums.subG', ms);
    for (let k = 0, j = 0; k < m; k++) {
      const d = sub[groups[k]!]!;
      if (d >= 0) {
        sv[j] = vals[k]!;
        sg[j++] = d;
      }
    }
    several = groupSumsExact(sv, null, sg, nsub);
  }
  // The one partial of each single group, by group.
  const one = scratchF64('sums.one', ng);
  for (let k = 0; k < m; k++) {
    const g = groups[k]!;
    if (per[g] === 1) one[g] = vals[k]!;
  }
  const off = i32(ng + 1);
  let total = 0;
  for (let g = 0; g < ng; g++) {
    const d = sub[g]!;
    if (d >= 0) total += several!.off[d + 1]! - several!.off[d]!;
    else if (per[g] === 1) {
      const v = one[g]!;
      if (v !== 0 && v - v === 0) total++;
    }
    off[g + 1] = total;
  }
  const p = f64(total);
  let special: Float64Array | null = null;
  for (let g = 0; g < ng; g++) {
    const d = sub[g]!;
    if (d >= 0) {
      const s = several!.off[d]!;
      p.set(several!.p.subarray(s, several!.off[d + 1]!), off[g]!);
      if (several!.special !== null) {
        const sp = several!.special[d]!;
        if (sp !== 0 || sp !== sp) (special ??= f64(ng))[g] = sp;
      }
    } else if (per[g] === 1) {
      const v = one[g]!;
      if (v - v !== 0) (special ??= f64(ng))[g] = v;
      else if (v !== 0) p[off[g]!] = v;
    }
  }
  return { off, p, special };
}

// ---- split (hash group-by) -------------------------------------------------------------------

/**
 * A partial cut into `nbuckets` partials by a hash of its keys (`bucketOf`, the same hash the
 * shuffle join uses): equal keys land in the same bucket whatever partition they come from.
 */
export function aggSplit(spec: AggSpec, partial: Partial, nbuckets: number): Partial[] {
  if (nbuckets <= 1) return [partial];
  const names = spec.by.map((b) => b.name);
  const n = partial.n;
  const { start, order: rows } = rowsByBucket(bucketOf(pcolPart(names, partial.keys, n), names, nbuckets), nbuckets);
  const out: Partial[] = [];
  for (let j = 0; j < nbuckets; j++) out.push(sharePartial(takePartial(partial, rows.subarray(start[j]!, start[j + 1]!))));
  return out;
}

/** Rows of a partition the split step samples to tell whether pre-aggregating it pays. */
const SPLIT_SAMPLE = 16_384;

/**
 * A hash group-by's first step on one partition: its partial cut into `nbuckets` by a hash of
 * the keys. When most keys occur once in the partition (db-benchmark's q10: six keys, a group
 * per row), aggregating it first reduces nothing and costs the most: coding every key column,
 * exact sums over a million one-row groups, then taking the partial apart again. Such a
 * partition's rows go to their buckets as they are instead, each row a one-row group of the
 * bucket's partial (rows with a missing key dropped), and the buckets' combine groups them —
 * the same states, so the same answer. `mode` forces one way (tests).
 */
export function aggSplitChunk(spec: AggSpec, p: Part, nbuckets: number, mode: 'auto' | 'rows' | 'groups' = 'auto'): Partial[] {
  if (nbuckets > 1 && spec.by.length > 0 && (mode === 'rows' || (mode === 'auto' && fewRepeats(spec, p)))) return splitRows(spec, p, nbuckets);
  return aggSplit(spec, aggChunk(spec, p), nbuckets);
}

/**
 * Whether the partition's groups average fewer than two rows, judged from a stratified sample
 * of `SPLIT_SAMPLE` rows: were every group two rows, drawing s of n rows would pair up
 * about s²/2n of them (s·f/2 with f = s/n), so fewer repeats than that in the sample say the
 * groups are smaller (exact when the sample is the whole partition: more groups than half the rows).
 */
export function fewRepeats(spec: AggSpec, p: Part): boolean {
  const n = p.length;
  if (n === 0) return false;
  const s = Math.min(n, SPLIT_SAMPLE);
  const rows = new Int32Array(s);
  // One row at a fixed pseudo-random place in each of s equal strides: distinct rows, and no
  // lock-step with keys that repeat with a period (an exact stride would pair up every row
  // with its repeat one period later, or never).
  let seed = 0x9e3779b9;
  for (let k = 0; k < s; k++) {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    const lo = Math.floor((k * n) / s);
    const hi = Math.floor(((k + 1) * n) / s);
    rows[k] = lo + Math.floor(((seed >>> 0) / 4294967296) * (hi - lo));
  }
  const names = spec.by.map((b) => b.name);
  const sample = pcolPart(names, names.map((name) => gatherSlot(slotOf(p, name), rows)), s);
  const { codes, ngroups } = groupCodes(sample, names);
  let present = 0;
  for (let k = 0; k < s; k++) if (codes[k]! >= 0) present++;
  if (present === 0) return false;
  return present - ngroups < (present * s) / (2 * n);
}

/** The partition's rows cut into buckets by the hash of their keys, each row a group of its own. */
function splitRows(spec: AggSpec, p: Part, nbuckets: number): Partial[] {
  const n = p.length;
  const names = spec.by.map((b) => b.name);
  const ids = bucketOf(p, names, nbuckets);
  // Rows with a missing key (NaN included) go to an extra bucket, dropped.
  for (const name of names) {
    const valid = validityOf(slotOf(p, name), n);
    if (valid !== null) for (let i = 0; i < n; i++) if (valid[i] === 0) ids[i] = nbuckets;
  }
  const { start, order } = rowsByBucket(ids, nbuckets + 1);
  const out: Partial[] = [];
  for (let j = 0; j < nbuckets; j++) out.push(rowPartial(spec, p, order.subarray(start[j]!, start[j + 1]!)));
  return out;
}

/** Rows `rows` of a partition as a partial whose group k is row rows[k] (keys may repeat). */
function rowPartial(spec: AggSpec, p: Part, rows: Int32Array): Partial {
  const m = rows.length;
  const keys = spec.by.map((b) => gatherSlot(slotOf(p, b.name), rows));
  const read = [...new Set(spec.items.flatMap((it) => (it.column === null ? [] : it.other === undefined ? [it.column] : [it.column, it.other])))];
  const sub = pcolPart(read, read.map((name) => gatherSlot(slotOf(p, name), rows)), m);
  let codes: Int32Array | null = null;
  const states = spec.items.map((it): State => {
    if (it.fn === 'size') return { t: 'count', n: f64(m).fill(1) };
    if (it.fn === 'count') return { t: 'count', n: presentOf(validityOf(slotOf(sub, it.column!), m), m) };
    if ((it.fn === 'sum' || it.fn === 'mean') && !INT_DTYPES.has(it.inDtype)) return rowSums(colOf(slotOf(sub, it.column!)));
    if (codes === null) {
      codes = scratchI32('agg.rowCodes', m);
      for (let k = 0; k < m; k++) codes[k] = k;
    }
    return chunkState(it, sub, codes, m);
  });
  return sharePartial({ n: m, keys, states, rows: true });
}

/** 1 where a row holds a value (all ones when `valid` is null), as counts. */
function presentOf(valid: Uint8Array | null, m: number): Float64Array {
  const cnt = f64(m);
  if (valid === null) cnt.fill(1);
  else for (let k = 0; k < m; k++) cnt[k] = valid[k]!;
  return cnt;
}

/**
 * One-row exact sums of a float column: a finite non-zero value is the group's one partial, a
 * zero has none (as `groupSumsExact` leaves it), a non-finite value is its special sum.
 */
function rowSums(c: Col): SumState {
  const x = numbersOf(c);
  const valid = c.valid;
  const m = x.length;
  const cnt = f64(m);
  const off = i32(m + 1);
  const part = scratchF64('sums.rows', m);
  let special: Float64Array | null = null;
  let k = 0;
  for (let i = 0; i < m; i++) {
    if (valid === null || valid[i] === 1) {
      cnt[i] = 1;
      const v = x[i]!;
      if (v - v !== 0) (special ??= f64(m))[i] = v;
      else if (v !== 0) part[k++] = v;
    }
    off[i + 1] = k;
  }
  const p = f64(k);
  p.set(part.subarray(0, k));
  return { t: 'sum', n: cnt, sum: { off, p, special } };
}

/** Groups `rows` (in that order) of a partial. */
export function takePartial(p: Partial, rows: Int32Array): Partial {
  const m = rows.length;
  const take = (a: Float64Array): Float64Array => {
    const out = f64(m);
    for (let k = 0; k < m; k++) out[k] = a[rows[k]!]!;
    return out;
  };
  const states = p.states.map((s): State => {
    switch (s.t) {
      case 'count': return { t: s.t, n: take(s.n) };
      case 'sum': {
        const r = takeRagged(s.sum.off, s.sum.p, rows);
        return { t: s.t, n: take(s.n), sum: { off: r.off, p: r.v, special: s.sum.special === null ? null : take(s.sum.special) } };
      }
      case 'moments': return { t: s.t, n: take(s.n), mean: take(s.mean), m2: take(s.m2) };
      case 'co': return { t: s.t, n: take(s.n), mx: take(s.mx), my: take(s.my), sxx: take(s.sxx), syy: take(s.syy), sxy: take(s.sxy) };
      case 'value': return { t: s.t, v: takePCol(s.v, rows) };
      case 'values': {
        const r = takeRagged(s.off, s.v, rows);
        return { t: s.t, off: r.off, v: r.v };
      }
      case 'distinct': {
        const to = new Int32Array(p.n).fill(-1);
        for (let k = 0; k < m; k++) to[rows[k]!] = k;
        const keep: number[] = [];
        for (let q = 0; q < s.g.length; q++) if (to[s.g[q]!]! >= 0) keep.push(q);
        const g = i32(keep.length);
        keep.forEach((q, k) => (g[k] = to[s.g[q]!]!));
        return { t: s.t, g, v: takePCol(s.v, keep) };
      }
    }
  });
  return { n: m, keys: p.keys.map((k) => takePCol(k, rows)), states };
}

function takeRagged(off: Int32Array, v: Float64Array, rows: Int32Array): { off: Int32Array; v: Float64Array } {
  const m = rows.length;
  const o = i32(m + 1);
  for (let k = 0; k < m; k++) o[k + 1] = o[k]! + off[rows[k]! + 1]! - off[rows[k]!]!;
  const out = f64(o[m]!);
  for (let k = 0; k < m; k++) {
    const r = rows[k]!;
    const s = off[r]!;
    const e = off[r + 1]!;
    if (e - s === 1) out[o[k]!] = v[s]!;
    else out.set(v.subarray(s, e), o[k]!);
  }
  return { off: o, v: out };
}

// ---- finalize ------------------------------------------------------------------------------

export function aggOutDtype(fn: AggFn, inDtype: Dtype): Dtype {
  switch (fn) {
    case 'count':
    case 'size':
    case 'nunique': return 'int64';
    case 'mean':
    case 'std':
    case 'var':
    case 'median':
    case 'corr': return 'float64';
    case 'sum': return inDtype === 'float32' || inDtype === 'float64' ? 'float64' : 'int64';
    default: return inDtype;
  }
}

/**
 * The result column of an item, one value per group in `order`. With `owned`, the state was made
 * by this task (a fused last combine) and may be reordered in place (a median's values).
 */
function finalColumn(it: AggItem, st: State, order: Int32Array, ddof: number, owned = false): PCol {
  const m = order.length;
  const floats = (f: (g: number) => number): { values: Float64Array; valid: Uint8Array | null } => {
    const values = new Float64Array(m);
    let valid: Uint8Array | null = null;
    for (let k = 0; k < m; k++) {
      const v = f(order[k]!);
      if (v !== v) {
        valid ??= new Uint8Array(m).fill(1);
        valid[k] = 0;
      } else values[k] = v;
    }
    return { values, valid };
  };
  switch (st.t) {
    case 'count':
      return int64Of(m, (k) => st.n[order[k]!]!);
    case 'sum': {
      if (it.fn === 'mean') return { dtype: 'float64', ...floats((g) => (st.n[g] === 0 ? NaN : raggedValue(st.sum, g) / st.n[g]!)) };
      if (aggOutDtype('sum', it.inDtype) === 'int64') return int64Sums(st.sum, order);
      const values = new Float64Array(m);
      for (let k = 0; k < m; k++) values[k] = raggedValue(st.sum, order[k]!);
      return { dtype: 'float64', values, valid: null };
    }
    case 'moments':
      return {
        dtype: 'float64',
        ...floats((g) => {
          const n = st.n[g]!;
          if (n - ddof <= 0) return NaN;
          const v = Math.max(0, st.m2[g]! / (n - ddof));
          return it.fn === 'std' ? Math.sqrt(v) : v;
        }),
      };
    case 'co':
      return {
        dtype: 'float64',
        ...floats((g) => {
          const sxx = st.sxx[g]!;
          const syy = st.syy[g]!;
          if (st.n[g]! < 2 || sxx <= 0 || syy <= 0) return NaN; // pandas: NaN
          return Math.max(-1, Math.min(1, st.sxy[g]! / Math.sqrt(sxx * syy)));
        }),
      };
    case 'value':
      return takePCol(st.v, order);
    case 'distinct': {
      const cnt = new Float64Array(groupsOf(st, order));
      for (let q = 0; q < st.g.length; q++) cnt[st.g[q]!]++;
      return int64Of(m, (k) => cnt[order[k]!]!);
    }
    case 'values': {
      const v = owned ? st.v : st.v.slice();
      return {
        dtype: 'float64',
        ...floats((g) => medianOf(v, st.off[g]!, st.off[g + 1]!)),
      };
    }
  }
}

/**
 * The median of `v[s..e)` (no NaN; NaN when empty), as sorting them would give — by selection
 * (Hoare's quickselect, median-of-three pivots), which reorders the range in place: O(n) where a
 * sort of every group's values took most of db-benchmark's q6. A range that selection does not
 * narrow fast enough is sorted; so is one whose middle value is a zero (the sort puts -0 before
 * 0, and the median's sign follows it).
 */
export function medianOf(v: Float64Array, s: number, e: number): number {
  const n = e - s;
  if (n === 0) return NaN;
  const h = s + (n >> 1);
  let m = selectKth(v, s, e - 1, h);
  if (m === 0) {
    const a = v.subarray(s, e).sort();
    const k = n >> 1;
    return n % 2 === 1 ? a[k]! : (a[k - 1]! + a[k]!) / 2;
  }
  if (n % 2 === 1) return m;
  // Even: the largest of the lower half, which selection left below h.
  let lower = -Infinity;
  for (let i = s; i < h; i++) if (v[i]! > lower) lower = v[i]!;
  if (lower === 0) {
    const a = v.subarray(s, e).sort();
    const k = n >> 1;
    return (a[k - 1]! + a[k]!) / 2;
  }
  m = (lower + m) / 2;
  return m;
}

/** Reorders `a[lo..hi]` (inclusive) so that `a[k]` is what sorting would put there, everything before it ≤ and after it ≥; returns `a[k]`. */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): number {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k]!;
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** The number of groups a distinct state refers to (at least every group in `order`). */
function groupsOf(st: DistinctState, order: Int32Array): number {
  let n = 0;
  for (let k = 0; k < order.length; k++) n = Math.max(n, order[k]! + 1);
  for (let q = 0; q < st.g.length; q++) n = Math.max(n, st.g[q]! + 1);
  return n;
}

/** The result table: one row per group, sorted by key; index = the keys. */
export function aggFinalizeTable(spec: AggSpec, partial: Partial): Part {
  if (partial.rows === true) return finalizeMerged(spec, [partial]);
  const { order, keys } = spec.sort === false ? unsortedKeysOfPieces(partial.keys.map((k) => [k]), null, partial.n) : sortKeys(partial.keys, partial.n);
  return resultPart(spec, keys, partial.states, order);
}

/**
 * The result table of the last few partials at once: their combine and the finalize in one pass
 * (the keys are sorted where they are, in the partials, and built once, in order).
 */
export function aggFinalizeTableOf(spec: AggSpec, parts: readonly Partial[]): Part {
  if (parts.length <= 1) return aggFinalizeTable(spec, parts[0] ?? emptyPartial(spec));
  return finalizeMerged(spec, parts);
}

function finalizeMerged(spec: AggSpec, parts: readonly Partial[]): Part {
  const m = merged(spec, parts, true);
  const { order, keys } = spec.sort === false ? unsortedKeysOfPieces(m.pieces, m.first, m.ngroups) : sortKeysOfPieces(m.pieces, m.first, m.ngroups, m.columns);
  return resultPart(spec, keys, m.states, order, true); // merged states are this task's own
}

function resultPart(spec: AggSpec, keys: readonly PCol[], states: readonly State[], order: Int32Array, owned = false): Part {
  const index = spec.by.map((b, k) => pcolSlot(b.name, keys[k]!));
  const columns = spec.items.map((it, j) => pcolSlot(it.out, finalColumn(it, states[j]!, order, spec.ddof, owned)));
  return { index, columns, length: order.length };
}

/** With no keys: the values of each item (a partition with no rows gives the empty-input values). */
export function aggFinalizeValues(spec: AggSpec, partial: Partial): Cell[] {
  const states = partial.n > 0 ? partial.states : emptyStates(spec, 1);
  const order = new Int32Array(1);
  return spec.items.map((it, j) => {
    const v = getCell(pcolCol(finalColumn(it, states[j]!, order, spec.ddof)), 0);
    return typeof v === 'bigint' && it.fn === 'sum' ? Number(v) : v;
  });
}

/** The keys (first key column) and sizes of a one-item `size` partial: value counts. */
export function partialCounts(partial: Partial): { keys: PCol; counts: Float64Array } {
  return { keys: partial.keys[0]!, counts: (partial.states[0] as CountState).n };
}

// ---- shared memory -------------------------------------------------------------------------

const sharePCol = (c: PCol): PCol =>
  c.dtype === 'string'
    ? { dtype: 'string', offsets: toShared(c.offsets), bytes: toShared(c.bytes), valid: c.valid === null ? null : toShared(c.valid) }
    : { dtype: c.dtype, values: toShared(c.values), valid: c.valid === null ? null : toShared(c.valid) };

/** The partial with its large arrays in shared memory, on a worker thread (most are allocated there already: this copies the rest). */
export function sharePartial(p: Partial): Partial {
  const states = p.states.map((s): State => {
    switch (s.t) {
      case 'count': return { t: s.t, n: toShared(s.n) };
      case 'sum': return { t: s.t, n: toShared(s.n), sum: { off: toShared(s.sum.off), p: toShared(s.sum.p), special: s.sum.special === null ? null : toShared(s.sum.special) } };
      case 'moments': return { t: s.t, n: toShared(s.n), mean: toShared(s.mean), m2: toShared(s.m2) };
      case 'co': return { t: s.t, n: toShared(s.n), mx: toShared(s.mx), my: toShared(s.my), sxx: toShared(s.sxx), syy: toShared(s.syy), sxy: toShared(s.sxy) };
      case 'value': return { t: s.t, v: sharePCol(s.v) };
      case 'distinct': return { t: s.t, g: toShared(s.g), v: sharePCol(s.v) };
      case 'values': return { t: s.t, off: toShared(s.off), v: toShared(s.v) };
    }
  });
  return { n: p.n, keys: p.keys.map(sharePCol), states, ...(p.rows === true ? { rows: true as const } : {}) };
}
