/**
 * Input checks a model-selection run makes once, up front, so that a bad input fails on the
 * client with a message that names the problem — not as 72 identical failures on workers.
 */
import { TuskError } from '../errors.js';
import { toFeatures, type Features, type FeaturesInput } from './data/features.js';
import { toTarget, type TargetInput } from './data/target.js';

/** `X` and `y` validated together: numeric, no missing values, as many labels as rows. */
export function checkXy(X: FeaturesInput, y: TargetInput): { X: Features; y: Float64Array } {
  const features = toFeatures(X);
  return { X: features, y: toTarget(y, features.nRows) };
}

/**
 * A classifier cannot learn from one class. `fold` (0-based) and the labels present say which
 * split is at fault and why: usually too many splits for a rare class, or unshuffled data sorted
 * by label with `KFold`.
 */
export function checkTrainingClasses(yTrain: ArrayLike<number>, fold?: number): void {
  if (yTrain.length === 0) {
    throw new TuskError('InvalidArgument', `${foldName(fold)}has an empty training set`);
  }
  const first = yTrain[0]!;
  for (let i = 1; i < yTrain.length; i++) if (yTrain[i] !== first) return;
  throw new TuskError('InvalidArgument', `${foldName(fold)}training set has a single class (every label is ${first}); a classifier needs at least two`, {
    context: { fold },
    hint: 'use StratifiedKFold (the default for classifiers with cv: number), shuffle the data, or use fewer splits',
  });
}

function foldName(fold: number | undefined): string {
  return fold === undefined ? 'the ' : `fold ${fold}'s `;
}
