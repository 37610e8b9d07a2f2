/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's `math.fsum`): a sum is kept
 * as a short list of non-overlapping partials, so partial sums of partitions combine exactly and
 * the result is the correctly rounded sum however the data are partitioned.
 */

export interface FSum {
  /** Non-overlapping partials, increasing magnitude. */
  p: number[];
  /** Sum of non-finite inputs (±Infinity, NaN), kept apart. */
  special: number;
}

export const fsumNew = (): FSum => ({ p: [], special: 0 });

export function fsumAdd(s: FSum, value: number): void {
  if (!Number.isFinite(value)) {
    s.special += value;
    return;
  }
  let x = value;
  const p = s.p;
  let i = 0;
  for (let j = 0; j < p.length; j++) {
    let y = p[j]!;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  p.push(x);
}

export function fsumMerge(into: FSum, other: FSum): void {
  for (const v of other.p) fsumAdd(into, v);
  into.special += other.special;
}

export function fsumValue(s: FSum): number {
  if (s.special !== 0 || Number.isNaN(s.special)) return s.special;
  const p = s.p;
  let n = p.length;
  if (n === 0) return 0;
  if (n === 1) return p[0]! + 0; // -0 alone sums to 0, as a sum that starts at 0 does
  let hi = p[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
