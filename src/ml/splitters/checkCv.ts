/**
 * `check_cv`: what `cv` means in a search. A number is a count of folds — stratified for a
 * classifier on class labels, plain `KFold` otherwise, never shuffled — and a splitter is used
 * as is.
 */
import { TuskError } from '../../errors.js';
import { KFold } from './kFold.js';
import type { Splitter } from './splitter.js';
import { StratifiedKFold } from './stratifiedKFold.js';

export function checkCv(cv: number | Splitter | null | undefined, y: ArrayLike<number> | undefined, classifier: boolean): Splitter {
  if (cv === null || cv === undefined) cv = 5;
  if (typeof cv === 'number') {
    const classLabels = y !== undefined && Array.from(y).every((v) => Number.isInteger(v));
    return classifier && classLabels ? new StratifiedKFold({ nSplits: cv }) : new KFold({ nSplits: cv });
  }
  if (typeof cv === 'object' && typeof cv.split === 'function') return cv;
  throw new TuskError('InvalidArgument', `cv must be a number of folds or a splitter (KFold, StratifiedKFold, ShuffleSplit), got ${JSON.stringify(cv)}`);
}
