/**
 * Group-by aggregation as a tree reduction (worker side): `aggChunk` turns a partition into
 * partial states per group, `aggCombine` merges partials (in partition order, so `first`/`last`
 * keep their meaning), `aggFinalize` turns the last partial into a table sorted by the keys
 * (pandas' `sort=True`) or, with no keys, a value. Missing keys are dropped (pandas' `dropna`).
 *
 * States: sums are exact (`fsum.ts`) so results do not depend on the partitioning; std/var merge
 * (count, mean, M2) by Chan's formula; nunique keeps the set of values seen.
 */
import { type Cell, type Col, asFloat, cellKey, fromCells, getCell, isValid } from '../core/column.js';
import { groupCodes } from './group-codes.js';
import type { Dtype } from '../core/dtypes.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, colOf, findColumn, slot } from '../core/part.js';
import { compareValues, sortedOrder } from './compare.js';
import { type FSum, fsumAdd, fsumMerge, fsumNew, fsumValue } from './fsum.js';

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
}

type State =
  | { n: number; s: FSum } // sum, mean
  | { n: number } // count, size
  | { v: Cell } // min, max, first, last
  | { n: number; mean: number; m2: number } // std, var
  | { seen: string[] } // nunique
  | { vals: number[] } // median: every value (an exact median needs them all)
  | Co; // corr

/** Co-moments of the pairs where both values are present (Welford; merged by Chan's formula). */
interface Co {
  n: number;
  mx: number;
  my: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export interface Partial {
  keys: Cell[][];
  states: State[][];
}

function newState(fn: AggFn): State {
  switch (fn) {
    case 'sum':
    case 'mean': return { n: 0, s: fsumNew() };
    case 'count':
    case 'size': return { n: 0 };
    case 'std':
    case 'var': return { n: 0, mean: 0, m2: 0 };
    case 'nunique': return { seen: [] };
    case 'median': return { vals: [] };
    case 'corr': return { n: 0, mx: 0, my: 0, sxx: 0, syy: 0, sxy: 0 };
    default: return { v: null };
  }
}

function numberOf(c: Col, i: number): number {
  const v = c.values[i]!;
  return typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? NaN : (v as number);
}

function update(fn: AggFn, st: State, c: Col | null, i: number, seen: Set<string> | undefined, c2: Col | null): void {
  if (fn === 'size') {
    (st as { n: number }).n++;
    return;
  }
  if (!isValid(c!, i)) return;
  switch (fn) {
    case 'median': (st as { vals: number[] }).vals.push(numberOf(c!, i)); return;
    case 'corr': {
      if (!isValid(c2!, i)) return;
      const s = st as Co;
      const x = numberOf(c!, i);
      const y = numberOf(c2!, i);
      s.n++;
      const dx = x - s.mx;
      s.mx += dx / s.n;
      const dy = y - s.my;
      s.my += dy / s.n;
      s.sxx += dx * (x - s.mx);
      s.syy += dy * (y - s.my);
      s.sxy += dx * (y - s.my);
      return;
    }
    case 'count': (st as { n: number }).n++; return;
    case 'sum':
    case 'mean': {
      const s = st as { n: number; s: FSum };
      s.n++;
      fsumAdd(s.s, numberOf(c!, i));
      return;
    }
    case 'std':
    case 'var': {
      const s = st as { n: number; mean: number; m2: number };
      const x = numberOf(c!, i);
      s.n++;
      const d = x - s.mean;
      s.mean += d / s.n;
      s.m2 += d * (x - s.mean);
      return;
    }
    case 'nunique': {
      const k = cellKey(c!, i);
      if (!seen!.has(k)) {
        seen!.add(k);
        (st as { seen: string[] }).seen.push(k);
      }
      return;
    }
    case 'first': {
      const s = st as { v: Cell };
      if (s.v === null) s.v = getCell(c!, i);
      return;
    }
    case 'last': (st as { v: Cell }).v = getCell(c!, i); return;
    case 'min':
    case 'max': {
      const s = st as { v: Cell };
      const x = getCell(c!, i);
      if (s.v === null || (fn === 'min' ? compareValues(x, s.v) < 0 : compareValues(x, s.v) > 0)) s.v = x;
    }
  }
}

function merge(fn: AggFn, a: State, b: State): void {
  switch (fn) {
    case 'median': {
      const x = (a as { vals: number[] }).vals;
      for (const v of (b as { vals: number[] }).vals) x.push(v);
      return;
    }
    case 'corr': {
      const x = a as Co;
      const y = b as Co;
      if (y.n === 0) return;
      const n = x.n + y.n;
      const dx = y.mx - x.mx;
      const dy = y.my - x.my;
      const w = (x.n * y.n) / n;
      x.sxx += y.sxx + dx * dx * w;
      x.syy += y.syy + dy * dy * w;
      x.sxy += y.sxy + dx * dy * w;
      x.mx += (dx * y.n) / n;
      x.my += (dy * y.n) / n;
      x.n = n;
      return;
    }
    case 'size':
    case 'count': (a as { n: number }).n += (b as { n: number }).n; return;
    case 'sum':
    case 'mean': {
      const x = a as { n: number; s: FSum };
      const y = b as { n: number; s: FSum };
      x.n += y.n;
      fsumMerge(x.s, y.s);
      return;
    }
    case 'std':
    case 'var': {
      const x = a as { n: number; mean: number; m2: number };
      const y = b as { n: number; mean: number; m2: number };
      if (y.n === 0) return;
      const n = x.n + y.n;
      const d = y.mean - x.mean;
      x.m2 += y.m2 + (d * d * x.n * y.n) / n;
      x.mean += (d * y.n) / n;
      x.n = n;
      return;
    }
    case 'nunique': {
      const x = a as { seen: string[] };
      const have = new Set(x.seen);
      for (const k of (b as { seen: string[] }).seen) if (!have.has(k)) (have.add(k), x.seen.push(k));
      return;
    }
    case 'first': if ((a as { v: Cell }).v === null) (a as { v: Cell }).v = (b as { v: Cell }).v; return;
    case 'last': if ((b as { v: Cell }).v !== null) (a as { v: Cell }).v = (b as { v: Cell }).v; return;
    case 'min':
    case 'max': {
      const x = a as { v: Cell };
      const y = (b as { v: Cell }).v;
      if (y !== null && (x.v === null || (fn === 'min' ? compareValues(y, x.v) < 0 : compareValues(y, x.v) > 0))) x.v = y;
    }
  }
}

export function aggChunk(spec: AggSpec, p: Part): Partial {
  const { codes, ngroups, keys } = groupCodes(p, spec.by.map((b) => b.name));
  const states: State[][] = Array.from({ length: ngroups }, () => new Array<State>(spec.items.length));
  spec.items.forEach((it, j) => {
    const c = it.column === null ? null : colOf(findColumn(p, it.column)!);
    const c2 = it.other === undefined ? null : colOf(findColumn(p, it.other)!);
    const fast = fastStates(it.fn, c, codes, ngroups);
    if (fast !== undefined) {
      for (let g = 0; g < ngroups; g++) states[g]![j] = fast[g]!;
      return;
    }
    for (let g = 0; g < ngroups; g++) states[g]![j] = newState(it.fn);
    const seen = it.fn === 'nunique' ? Array.from({ length: ngroups }, () => new Set<string>()) : undefined;
    for (let i = 0; i < p.length; i++) {
      const g = codes[i]!;
      if (g >= 0) update(it.fn, states[g]![j]!, c, i, seen?.[g], c2);
    }
  });
  return { keys: Array.from({ length: ngroups }, (_, g) => keys.map((k) => k[g]!)), states };
}

/**
 * Typed-array accumulation for the common reductions of numeric columns: one pass per column, no
 * per-row dispatch. Sums are compensated (Neumaier) within a partition and carried into the exact
 * partial (fsum), so integer sums are exact and float sums within an ulp of exact.
 */
function fastStates(fn: AggFn, c: Col | null, codes: Int32Array, ngroups: number): State[] | undefined {
  const n = codes.length;
  if (fn === 'size') {
    const cnt = new Float64Array(ngroups);
    for (let i = 0; i < n; i++) if (codes[i]! >= 0) cnt[codes[i]!]++;
    return Array.from(cnt, (k) => ({ n: k }));
  }
  if (c === null || c.dtype === 'string' || c.dtype === 'date' || c.dtype === 'datetime') return undefined;
  const x = c.dtype === 'int64' ? asFloat(c) : (c.values as Float64Array);
  const valid = c.valid;
  const ok = (i: number) => codes[i]! >= 0 && (valid === null || valid[i] === 1);
  switch (fn) {
    case 'count': {
      const cnt = new Float64Array(ngroups);
      for (let i = 0; i < n; i++) if (ok(i)) cnt[codes[i]!]++;
      return Array.from(cnt, (k) => ({ n: k }));
    }
    case 'sum':
    case 'mean': {
      const cnt = new Float64Array(ngroups);
      const sum = new Float64Array(ngroups);
      const comp = new Float64Array(ngroups);
      let special: Float64Array | undefined;
      for (let i = 0; i < n; i++) {
        if (!ok(i)) continue;
        const g = codes[i]!;
        const v = x[i]!;
        cnt[g]++;
        if (v - v !== 0) {
          (special ??= new Float64Array(ngroups))[g] += v; // ±Infinity, NaN: kept apart as fsum does
          continue;
        }
        const t = sum[g]! + v;
        comp[g] += Math.abs(sum[g]!) >= Math.abs(v) ? sum[g]! - t + v : v - t + sum[g]!;
        sum[g] = t;
      }
      return Array.from(cnt, (k, g) => {
        const s = fsumNew();
        fsumAdd(s, sum[g]!);
        fsumAdd(s, comp[g]!);
        if (special !== undefined) s.special = special[g]!;
        return { n: k, s };
      });
    }
    case 'std':
    case 'var': {
      const cnt = new Float64Array(ngroups);
      const mean = new Float64Array(ngroups);
      const m2 = new Float64Array(ngroups);
      for (let i = 0; i < n; i++) {
        if (!ok(i)) continue;
        const g = codes[i]!;
        const v = x[i]!;
        const k = ++cnt[g]!;
        const d = v - mean[g]!;
        mean[g] += d / k;
        m2[g] += d * (v - mean[g]!);
      }
      return Array.from(cnt, (k, g) => ({ n: k, mean: mean[g]!, m2: m2[g]! }));
    }
    case 'min':
    case 'max': {
      if (c.dtype === 'bool' || c.dtype === 'int64') return undefined; // cells are booleans / bigints beyond 2^53
      const best = new Float64Array(ngroups).fill(NaN);
      const isMin = fn === 'min';
      for (let i = 0; i < n; i++) {
        if (!ok(i)) continue;
        const g = codes[i]!;
        const v = x[i]!;
        const b = best[g]!;
        if (b !== b || (isMin ? v < b : v > b)) best[g] = v;
      }
      return Array.from(best, (v) => ({ v: Number.isNaN(v) ? null : v }));
    }
    default:
      return undefined;
  }
}

const groupKey = (cells: readonly Cell[]): string => cells.map((c) => (c instanceof Date ? `d${c.getTime()}` : `${typeof c}:${String(c)}`)).join('\u0001');

/** Merges partials in order (groups keep first-seen order). */
export function aggCombine(spec: AggSpec, parts: readonly Partial[]): Partial {
  const out: Partial = { keys: [], states: [] };
  const groups = new Map<string, number>();
  for (const part of parts) {
    part.keys.forEach((key, gi) => {
      const k = groupKey(key);
      const g = groups.get(k);
      if (g === undefined) {
        groups.set(k, out.keys.length);
        out.keys.push(key);
        out.states.push(part.states[gi]!.map(cloneState));
      } else spec.items.forEach((it, j) => merge(it.fn, out.states[g]![j]!, part.states[gi]![j]!));
    });
  }
  return out;
}

/** A copy of a state (partials are never changed in place: a task may read its inputs again). */
function cloneState(s: State): State {
  if ('s' in s) return { n: s.n, s: { p: s.s.p.slice(), special: s.s.special } };
  if ('seen' in s) return { seen: s.seen.slice() };
  if ('vals' in s) return { vals: s.vals.slice() };
  return { ...s };
}

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

function finalValue(fn: AggFn, st: State, ddof: number): Cell {
  switch (fn) {
    case 'count':
    case 'size': return (st as { n: number }).n;
    case 'sum': return fsumValue((st as { s: FSum }).s);
    case 'mean': {
      const s = st as { n: number; s: FSum };
      return s.n === 0 ? null : fsumValue(s.s) / s.n;
    }
    case 'std':
    case 'var': {
      const s = st as { n: number; m2: number };
      if (s.n - ddof <= 0) return null;
      const v = Math.max(0, s.m2 / (s.n - ddof));
      return fn === 'std' ? Math.sqrt(v) : v;
    }
    case 'nunique': return (st as { seen: string[] }).seen.length;
    case 'median': return medianOf((st as { vals: number[] }).vals);
    case 'corr': {
      const s = st as Co;
      if (s.n < 2 || s.sxx <= 0 || s.syy <= 0) return null; // pandas: NaN
      return Math.max(-1, Math.min(1, s.sxy / Math.sqrt(s.sxx * s.syy)));
    }
    default: return (st as { v: Cell }).v;
  }
}

/** pandas' median: the middle value, or the mean of the two middle ones; none of no values. */
export function medianOf(vals: number[]): number | null {
  const n = vals.length;
  if (n === 0) return null;
  const a = Float64Array.from(vals).sort();
  const h = n >> 1;
  return n % 2 === 1 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

/** The result table: one row per group, sorted by key; index = the keys. */
export function aggFinalizeTable(spec: AggSpec, partial: Partial): Part {
  const order = sortedOrder(partial.keys, spec.by.length);
  const index = spec.by.map((b, k) => slot(b.name, fromCells(b.dtype, order.map((g) => partial.keys[g]![k]))));
  const columns = spec.items.map((it, j) =>
    slot(it.out, fromCells(aggOutDtype(it.fn, it.inDtype), order.map((g) => finalValue(it.fn, partial.states[g]![j]!, spec.ddof)))),
  );
  return { index, columns, length: order.length };
}

/** With no keys: the values of each item (a partition with no rows gives the empty-input values). */
export function aggFinalizeValues(spec: AggSpec, partial: Partial): Cell[] {
  const states = partial.states[0] ?? spec.items.map((it) => newState(it.fn));
  return spec.items.map((it, j) => finalValue(it.fn, states[j]!, spec.ddof));
}
