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
