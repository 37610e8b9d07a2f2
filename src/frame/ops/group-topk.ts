/**
 * `groupby(keys).col(c).nlargest(n)` / `nsmallest(n)` as a tree reduction (worker side): each
 * group keeps its best `n` values (missing ones skipped), partials merge keeping the best `n` of
 * both, and the result has one row per value kept — groups sorted by key, values best first
 * (ties in order of appearance, as pandas' stable nlargest).
 */
import { type Cell, cellKey, fromCells, getCell, isValid } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, colOf, findColumn, slot } from '../core/part.js';
import { compareRows, compareValues } from './compare.js';

export interface TopKSpec {
  readonly by: readonly ColumnMeta[];
  readonly column: string;
  readonly dtype: Dtype;
  readonly n: number;
  readonly largest: boolean;
}

export interface TopKPartial {
  keys: Cell[][];
  /** Per group, at most n values, best first. */
  best: Cell[][];
}

/** Inserts v into a best-first list of at most n (after equal values: stable). */
function offer(list: Cell[], v: Cell, n: number, sign: number): void {
  let at = list.length;
  while (at > 0 && compareValues(v, list[at - 1]!) * sign > 0) at--;
  if (at >= n) return;
  list.splice(at, 0, v);
  if (list.length > n) list.pop();
}

const groupKey = (cells: readonly Cell[]): string => cells.map((c) => (c instanceof Date ? `d${c.getTime()}` : `${typeof c}:${String(c)}`)).join('\u0001');

export function topkChunk(spec: TopKSpec, p: Part): TopKPartial {
  const keyCols = spec.by.map((b) => colOf(findColumn(p, b.name)!));
  const c = colOf(findColumn(p, spec.column)!);
  const sign = spec.largest ? 1 : -1;
  const groups = new Map<string, number>();
  const out: TopKPartial = { keys: [], best: [] };
  for (let i = 0; i < p.length; i++) {
    if (!isValid(c, i) || keyCols.some((k) => !isValid(k, i))) continue;
    const k = keyCols.length === 1 ? cellKey(keyCols[0]!, i) : keyCols.map((kc) => cellKey(kc, i)).join('\u0001');
    let g = groups.get(k);
    if (g === undefined) {
      g = out.keys.length;
      groups.set(k, g);
      out.keys.push(keyCols.map((kc) => getCell(kc, i)));
      out.best.push([]);
    }
    offer(out.best[g]!, getCell(c, i), spec.n, sign);
  }
  return out;
}

export function topkCombine(spec: TopKSpec, parts: readonly TopKPartial[]): TopKPartial {
  const sign = spec.largest ? 1 : -1;
  const groups = new Map<string, number>();
  const out: TopKPartial = { keys: [], best: [] };
  for (const part of parts) {
    part.keys.forEach((key, gi) => {
      const k = groupKey(key);
      let g = groups.get(k);
      if (g === undefined) {
        g = out.keys.length;
        groups.set(k, g);
        out.keys.push(key);
        out.best.push([]);
      }
      for (const v of part.best[gi]!) offer(out.best[g]!, v, spec.n, sign);
    });
  }
  return out;
}

export function topkFinalize(spec: TopKSpec, s: TopKPartial): Part {
  const order = s.keys.map((_, g) => g).sort((a, b) => compareRows(s.keys[a]!, s.keys[b]!, spec.by.map(() => true)));
  const keyCells: Cell[][] = spec.by.map(() => []);
  const vals: Cell[] = [];
  for (const g of order) {
    for (const v of s.best[g]!) {
      spec.by.forEach((_, k) => keyCells[k]!.push(s.keys[g]![k]!));
      vals.push(v);
    }
  }
  return {
    index: spec.by.map((b, k) => slot(b.name, fromCells(b.dtype, keyCells[k]!))),
    columns: [slot(spec.column, fromCells(spec.dtype, vals))],
    length: vals.length,
  };
}
