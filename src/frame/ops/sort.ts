/**
 * Sorting kernels: a stable multi-key sort of one partition (nulls last), and the split of a
 * sorted partition at splitter keys for a range-partitioned global sort.
 */
import type { Cell } from '../core/column.js';
import { getCell } from '../core/column.js';
import { type Part, colOf, findColumn, sliceRows, takeRows } from '../core/part.js';
import { compareRows } from './compare.js';

function keyRows(p: Part, by: readonly string[]): Cell[][] {
  const cols = by.map((b) => colOf(findColumn(p, b)!));
  return Array.from({ length: p.length }, (_, i) => cols.map((c) => getCell(c, i)));
}

export function sortPart(p: Part, by: readonly string[], ascending: readonly boolean[]): Part {
  const keys = keyRows(p, by);
  const order = keys.map((_, i) => i).sort((a, b) => compareRows(keys[a]!, keys[b]!, ascending) || a - b);
  return order.every((v, i) => v === i) ? p : takeRows(p, order);
}

/** Pieces of a sorted partition: piece j holds keys ≤ splitters[j] (and > splitters[j-1]). */
export function splitSorted(p: Part, by: readonly string[], ascending: readonly boolean[], splitters: readonly Cell[][], pieces: number): Part[] {
  const keys = keyRows(p, by);
  const out: Part[] = [];
  let start = 0;
  for (const s of splitters) {
    let lo = start;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRows(keys[mid]!, s, ascending) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.push(sliceRows(p, start, lo));
    start = lo;
  }
  out.push(sliceRows(p, start, p.length));
  // Fewer splitters than asked (few rows): the remaining pieces are empty.
  while (out.length < pieces) out.push(sliceRows(p, p.length, p.length));
  return out;
}
