/**
 * What the cluster runs for a model search (loaded in worker threads as `mod:` ops). The data
 * arrive once per worker as a shared `{ X, y }` (scattered by the client); folds are index arrays.
 */
import type { EstimatorJSON, EstimatorSpec } from '../estimator.js';
import { estimatorFromSpec } from '../estimators.js';
import { fitAndScore, type FitAndScoreOptions, type FitAndScoreResult } from '../fitAndScore.js';
import type { Features } from '../data/features.js';

export interface SearchData {
  readonly X: Features;
  readonly y: Float64Array;
}

export function fitAndScoreTask(
  data: SearchData,
  spec: EstimatorSpec,
  train: Int32Array,
  test: Int32Array,
  scoring: string | null,
  options: FitAndScoreOptions,
): FitAndScoreResult {
  return fitAndScore(spec, data.X, data.y, train, test, scoring, options);
}

/** Fit on all rows and return the fitted model as plain data. */
export function refitTask(data: SearchData, spec: EstimatorSpec): { model: EstimatorJSON; seconds: number } {
  const t0 = performance.now();
  const est = estimatorFromSpec(spec).fit(data.X, data.y);
  return { model: est.toJSON(), seconds: (performance.now() - t0) / 1000 };
}
