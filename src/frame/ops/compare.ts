/** Ordering of cells (nulls last whatever the direction, as pandas' `na_position='last'`). */
import type { Cell } from '../core/column.js';

export function compareValues(a: Cell, b: Cell): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  // number/bigint, possibly mixed
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

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
 * The order of rows of cells, ascending by every key, nulls last — as sorting with `compareRows`,
 * but each key column's distinct values are ranked once and rows compare by integer ranks (a
 * group-by result has up to one row per input row: a million string comparisons per sort add up).
 */
export function sortedOrder(rows: readonly (readonly Cell[])[], width: number): number[] {
  const n = rows.length;
  const ranks: Int32Array[] = [];
  for (let k = 0; k < width; k++) {
    const byValue = new Map<unknown, number>();
    const distinct: Cell[] = [];
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i]![k]!;
      const key = v instanceof Date ? v.getTime() : v;
      let id = byValue.get(key);
      if (id === undefined) {
        id = distinct.length;
        byValue.set(key, id);
        distinct.push(v);
      }
      ids[i] = id;
    }
    const order = distinct.map((_, i) => i).sort((a, b) => compareRows([distinct[a]!], [distinct[b]!], [true]));
    const rankOf = new Int32Array(distinct.length);
    order.forEach((id, r) => (rankOf[id] = r));
    for (let i = 0; i < n; i++) ids[i] = rankOf[ids[i]!]!;
    ranks.push(ids);
  }
  const out = Array.from({ length: n }, (_, i) => i);
  return out.sort((a, b) => {
    for (let k = 0; k < width; k++) {
      const d = ranks[k]![a]! - ranks[k]![b]!;
      if (d !== 0) return d;
    }
    return a - b;
  });
}
