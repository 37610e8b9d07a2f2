/**
 * Group-by aggregation as a tree reduction (worker side): `aggChunk` turns a partition into
 * partial states per group, `aggCombine` merges partials (in partition order, so `first`/`last`
 * keep their meaning), `aggFinalize` turns the last partial into a table sorted by the keys
 * (pandas' `sort=True`) or, with no keys, a value. Missing keys are dropped (pandas' `dropna`).
 *
 * States: sums are exact (`fsum.ts`) so results do not depend on the partitioning; std/var merge
 * (count, mean, M2) by Chan's formula; nunique keeps the set of values seen.
 */
import { type Cell, type Col, cellKey, fromCells, getCell, isValid } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, colOf, findColumn, slot } from '../core/part.js';
import { compareRows, compareValues } from './compare.js';
import { type FSum, fsumAdd, fsumMerge, fsumNew, fsumValue } from './fsum.js';

export type AggFn = 'sum' | 'mean' | 'count' | 'size' | 'min' | 'max' | 'std' | 'var' | 'nunique' | 'first' | 'last';
export const AGG_FNS: readonly AggFn[] = ['sum', 'mean', 'count', 'size', 'min', 'max', 'std', 'var', 'nunique', 'first', 'last'];

export interface AggItem {
  /** Input column (null for `size`). */
  readonly column: string | null;
  readonly fn: AggFn;
  readonly out: string;
  readonly inDtype: Dtype;
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
  | { seen: string[] }; // nunique

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
    default: return { v: null };
  }
}

function numberOf(c: Col, i: number): number {
  const v = c.values[i]!;
  return typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? NaN : (v as number);
}

function update(fn: AggFn, st: State, c: Col | null, i: number, seen: Set<string> | undefined): void {
  if (fn === 'size') {
    (st as { n: number }).n++;
    return;
  }
  if (!isValid(c!, i)) return;
  switch (fn) {
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
  const keyCols = spec.by.map((b) => colOf(findColumn(p, b.name)!));
  const inCols = spec.items.map((it) => (it.column === null ? null : colOf(findColumn(p, it.column)!)));
  const groups = new Map<string, number>();
  const out: Partial = { keys: [], states: [] };
  const seen: (Set<string> | undefined)[][] = [];
  for (let i = 0; i < p.length; i++) {
    if (keyCols.some((c) => !isValid(c, i))) continue;
    const k = keyCols.map((c) => cellKey(c, i)).join('\u0001');
    let g = groups.get(k);
    if (g === undefined) {
      g = out.keys.length;
      groups.set(k, g);
      out.keys.push(keyCols.map((c) => getCell(c, i)));
      out.states.push(spec.items.map((it) => newState(it.fn)));
      seen.push(spec.items.map((it) => (it.fn === 'nunique' ? new Set<string>() : undefined)));
    }
    const st = out.states[g]!;
    spec.items.forEach((it, j) => update(it.fn, st[j]!, inCols[j]!, i, seen[g!]![j]));
  }
  return out;
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
        out.states.push(part.states[gi]!.map((s) => structuredClone(s)));
      } else spec.items.forEach((it, j) => merge(it.fn, out.states[g]![j]!, part.states[gi]![j]!));
    });
  }
  return out;
}

export function aggOutDtype(fn: AggFn, inDtype: Dtype): Dtype {
  switch (fn) {
    case 'count':
    case 'size':
    case 'nunique': return 'int64';
    case 'mean':
    case 'std':
    case 'var': return 'float64';
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
    default: return (st as { v: Cell }).v;
  }
}

/** The result table: one row per group, sorted by key; index = the keys. */
export function aggFinalizeTable(spec: AggSpec, partial: Partial): Part {
  const order = partial.keys.map((_, i) => i);
  const asc = spec.by.map(() => true);
  order.sort((a, b) => compareRows(partial.keys[a]!, partial.keys[b]!, asc));
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
