/**
 * Scorers: a metric bound to how it reads a fitted estimator (`predict` for accuracy,
 * positive-class `predictProba` for ROC AUC), looked up by scikit-learn's scoring names so a
 * grid search can be configured with plain strings. Every scorer is "greater is better".
 */
import { closest, TuskError } from '../../errors.js';
import { toFeatures, type FeaturesInput } from '../data/features.js';
import { toTarget, type TargetInput } from '../data/target.js';
import type { Estimator } from '../estimator.js';
import { accuracy, f1 } from './classification.js';
import { negMeanSquaredError, r2 } from './regression.js';
import { rocAuc } from './rocAuc.js';

export type Scorer = (estimator: Estimator, X: FeaturesInput, y: TargetInput) => number;

const SCORERS: Readonly<Record<string, Scorer>> = {
  accuracy: (est, X, y) => accuracy(toTarget(y), est.predict(X)),
  f1: (est, X, y) => f1(toTarget(y), est.predict(X)),
  roc_auc: (est, X, y) => rocAuc(toTarget(y), positiveScore(est, toFeatures(X))),
  r2: (est, X, y) => r2(toTarget(y), est.predict(X)),
  neg_mean_squared_error: (est, X, y) => negMeanSquaredError(toTarget(y), est.predict(X)),
};

const ALIASES: Readonly<Record<string, string>> = { rocAuc: 'roc_auc', negMeanSquaredError: 'neg_mean_squared_error' };

/** The names `scorer` accepts (scikit-learn's; `rocAuc` and `negMeanSquaredError` work too). */
export const SCORER_NAMES: readonly string[] = Object.keys(SCORERS);

/**
 * The scorer called `name`; `null` means the estimator's own `score` (accuracy for classifiers,
 * R² for regressors), as in scikit-learn.
 */
export function scorer(name: string | null): Scorer {
  if (name === null) return (est, X, y) => est.score(X, y);
  const found = SCORERS[ALIASES[name] ?? name];
  if (found) return found;
  const near = closest(name, SCORER_NAMES);
  throw new TuskError('InvalidArgument', `unknown scoring ${JSON.stringify(name)}; valid names are: ${SCORER_NAMES.join(', ')}`, {
    hint: near ? `did you mean "${near}"?` : undefined,
  });
}

function positiveScore(est: Estimator, X: ReturnType<typeof toFeatures>): Float64Array {
  if (!est.predictProba) {
    throw new TuskError('InvalidArgument', `scoring "roc_auc" needs predictProba, which ${est.name} does not have`);
  }
  const proba = est.predictProba(X);
  if (proba.length !== 2) {
    throw new TuskError('InvalidArgument', `scoring "roc_auc" is binary, but ${est.name} was fitted on ${proba.length} classes`);
  }
  return proba[1]!;
}
