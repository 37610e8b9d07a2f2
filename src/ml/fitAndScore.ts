/**
 * `fitAndScore`: fit one estimator on one training fold and score it on the test fold — the unit
 * of work of a grid search, and what one cluster task runs. Its inputs are plain data (a spec,
 * the full `X`/`y` and two index arrays), so the same call works in-process and in a worker
 * that already holds `X` in shared memory.
 */
import { TuskError } from '../errors.js';
import { takeRows, toFeatures, type FeaturesInput } from './data/features.js';
import { toTarget, type TargetInput } from './data/target.js';
import type { EstimatorSpec } from './estimator.js';
import { estimatorFromSpec } from './estimators.js';
import { scorer as scorerFor } from './metrics/scorer.js';
import { checkTrainingClasses } from './validation.js';

export interface FitAndScoreOptions {
  /** Also score the training fold (`return_train_score`). */
  returnTrainScore?: boolean;
  /** Index of the fold, for error messages. */
  fold?: number;
}

export interface FitAndScoreResult {
  testScore: number;
  trainScore?: number;
  /** Seconds spent in `fit`. */
  fitTime: number;
  /** Seconds spent scoring (test, plus train when asked). */
  scoreTime: number;
  nTestSamples: number;
}

/** Fit `spec` on rows `trainIdx`, score it on rows `testIdx`; `scoring` null uses the estimator's `score`. */
export function fitAndScore(
  spec: EstimatorSpec,
  Xin: FeaturesInput,
  yin: TargetInput,
  trainIdx: ArrayLike<number>,
  testIdx: ArrayLike<number>,
  scoring: string | null = null,
  options: FitAndScoreOptions = {},
): FitAndScoreResult {
  const score = scorerFor(scoring);
  const estimator = estimatorFromSpec(spec);
  const X = toFeatures(Xin);
  const y = toTarget(yin, X.nRows);
  if (testIdx.length === 0) {
    throw new TuskError('InvalidArgument', `${options.fold === undefined ? 'the' : `fold ${options.fold}'s`} test set is empty`);
  }
  const Xtrain = takeRows(X, trainIdx);
  const ytrain = pick(y, trainIdx);
  if (estimator.kind === 'classifier') checkTrainingClasses(ytrain, options.fold);

  const t0 = performance.now();
  estimator.fit(Xtrain, ytrain);
  const t1 = performance.now();
  const testScore = score(estimator, takeRows(X, testIdx), pick(y, testIdx));
  const trainScore = options.returnTrainScore ? score(estimator, Xtrain, ytrain) : undefined;
  const t2 = performance.now();
  const result: FitAndScoreResult = { testScore, fitTime: (t1 - t0) / 1000, scoreTime: (t2 - t1) / 1000, nTestSamples: testIdx.length };
  if (trainScore !== undefined) result.trainScore = trainScore;
  return result;
}

function pick(y: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]!]!;
  return out;
}
