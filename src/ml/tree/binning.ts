/**
 * Presorting, done once per fit and shared by every tree of a forest: each feature becomes the
 * sorted list of its distinct values and, per row, the rank of its value in that list.
 *
 * Trees then split on ranks: a node's histogram over a feature's ranks replaces scikit-learn's
 * per-node sort, and a few-valued feature (one-hot columns, small counts) costs a handful of
 * bins whatever the node size. Values are rounded to float32 first because scikit-learn's
 * trees see float32 features; thresholds and predictions must compare the same numbers.
 */
import type { Features } from '../data/features.js';

export interface BinnedFeatures {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Per feature: each row's rank among the feature's distinct values. */
  readonly ranks: readonly Int32Array[];
  /** Per feature: distinct values, ascending (float32 values held as doubles). */
  readonly values: readonly Float64Array[];
  /** Largest number of distinct values over all features. */
  readonly maxBins: number;
}

export function binFeatures(X: Features): BinnedFeatures {
  const n = X.nRows;
  const ranks: Int32Array[] = [];
  const values: Float64Array[] = [];
  let maxBins = 0;
  const sorted = new Float64Array(n);
  for (const col of X.columns) {
    for (let i = 0; i < n; i++) sorted[i] = Math.fround(col[i]!);
    sorted.sort();
    let m = 0;
    for (let i = 0; i < n; i++) if (m === 0 || sorted[i]! !== sorted[m - 1]!) sorted[m++] = sorted[i]!;
    const vals = sorted.slice(0, m);
    const rank = new Int32Array(n);
    for (let i = 0; i < n; i++) rank[i] = search(vals, Math.fround(col[i]!));
    ranks.push(rank);
    values.push(vals);
    if (m > maxBins) maxBins = m;
  }
  return { nRows: n, nFeatures: X.columns.length, ranks, values, maxBins };
}

function search(vals: Float64Array, v: number): number {
  let lo = 0;
  let hi = vals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vals[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Columns rounded to float32, the way trees compare a sample against a threshold. */
export function toFloat32Columns(X: Features): Float32Array[] {
  return X.columns.map((c) => Float32Array.from(c));
}
