/** Regression metrics with scikit-learn's definitions (and numpy's summation order). */
import { pairwiseSum } from '../util/pairwiseSum.js';
import { checkSameLength } from './classification.js';

/** Coefficient of determination (`r2_score`); 1 for a perfect fit, and 0 rather than -inf for a constant yTrue. */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkSameLength(yTrue, yPred, 'r2');
  const n = yTrue.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    sq[i] = d * d;
  }
  const numerator = pairwiseSum(sq);
  const mean = pairwiseSum(yTrue) / n;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - mean;
    sq[i] = d * d;
  }
  const denominator = pairwiseSum(sq);
  if (numerator === 0) return 1.0;
  if (denominator === 0) return 0.0;
  return 1 - numerator / denominator;
}

export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkSameLength(yTrue, yPred, 'meanSquaredError');
  const n = yTrue.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    sq[i] = d * d;
  }
  return pairwiseSum(sq) / n;
}

/** `neg_mean_squared_error`: negated so that greater is better, as every grid-search score. */
export function negMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return -meanSquaredError(yTrue, yPred);
}
