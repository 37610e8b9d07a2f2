/**
 * Impurity criteria, written with exactly the arithmetic of scikit-learn's `_criterion.pyx`
 * (same operations in the same order), so that with integer sample weights — plain fits and
 * bootstrap counts — every impurity, and therefore every chosen split, is bit-identical.
 */
import type { Criterion } from './params.js';

/** Impurity of a node with class weight sums `sums[off .. off+k)` and total weight `w`. */
export function impurityOf(criterion: Criterion, sums: Float64Array, off: number, k: number, w: number): number {
  if (criterion === 'gini') {
    let sq = 0.0;
    for (let c = 0; c < k; c++) {
      const v = sums[off + c]!;
      sq += v * v;
    }
    return 1.0 - sq / (w * w);
  }
  let entropy = 0.0;
  for (let c = 0; c < k; c++) {
    let v = sums[off + c]!;
    if (v > 0.0) {
      v /= w;
      entropy -= v * log2(v);
    }
  }
  return entropy;
}

/**
 * `proxy_impurity_improvement`: the quantity splits are ranked by, from the left sums
 * (`left`, weight `wl`) and the node totals (`total`, weight `wl + wr`).
 */
export function proxyImprovement(criterion: Criterion, left: Float64Array, total: Float64Array, k: number, wl: number, wr: number): number {
  let impL: number;
  let impR: number;
  if (criterion === 'gini') {
    let sqL = 0.0;
    let sqR = 0.0;
    for (let c = 0; c < k; c++) {
      const l = left[c]!;
      const r = total[c]! - l;
      sqL += l * l;
      sqR += r * r;
    }
    impL = 1.0 - sqL / (wl * wl);
    impR = 1.0 - sqR / (wr * wr);
  } else {
    impL = 0.0;
    impR = 0.0;
    for (let c = 0; c < k; c++) {
      let l = left[c]!;
      if (l > 0.0) {
        l /= wl;
        impL -= l * log2(l);
      }
      let r = total[c]! - left[c]!;
      if (r > 0.0) {
        r /= wr;
        impR -= r * log2(r);
      }
    }
  }
  return -wr * impR - wl * impL;
}

/** Weighted impurity decrease of a split, as reported in `feature_importances_`. */
export function impurityImprovement(wNode: number, wTotal: number, parent: number, impL: number, impR: number, wl: number, wr: number): number {
  return (wNode / wTotal) * (parent - (wr / wNode) * impR - (wl / wNode) * impL);
}

// scikit-learn's tree `log` is base 2, computed as ln(x) / ln(2).
function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}
