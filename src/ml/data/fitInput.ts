/**
 * Validation at the edge of `fit` / `predict`: turn user input into the trusted form the
 * algorithms take, with errors that say which argument is wrong and how to fix it.
 */
import { TuskError } from '../../errors.js';
import { toFeatures, type Features, type FeaturesInput } from './features.js';
import { checkClassLabels, encodeClasses, toTarget, type TargetInput } from './target.js';

export interface ClassifierFitInput {
  readonly X: Features;
  readonly y: Float64Array;
  /** Sorted distinct labels. */
  readonly classes: Float64Array;
  /** Each sample's index into `classes`. */
  readonly encoded: Int32Array;
  readonly sampleWeight: Float64Array | null;
}

export function classifierFitInput(who: string, Xin: FeaturesInput, yin: TargetInput, sw?: ArrayLike<number> | null): ClassifierFitInput {
  const X = toFeatures(Xin);
  const y = toTarget(yin, X.nRows);
  checkClassLabels(y, who);
  const { classes, encoded } = encodeClasses(y);
  return { X, y, classes, encoded, sampleWeight: checkSampleWeight(sw, X.nRows) };
}

export function checkSampleWeight(sw: ArrayLike<number> | null | undefined, nRows: number): Float64Array | null {
  if (sw === null || sw === undefined) return null;
  if (sw.length !== nRows) {
    throw new TuskError('ShapeMismatch', `sampleWeight has ${sw.length} values but X has ${nRows} rows`);
  }
  const out = Float64Array.from(sw);
  for (let i = 0; i < nRows; i++) {
    if (!(Number.isFinite(out[i]!) && out[i]! >= 0)) {
      throw new TuskError('InvalidArgument', `sampleWeight[${i}] = ${out[i]} must be a finite number >= 0`);
    }
  }
  return out;
}

/** `X` for prediction, checked against the number of features seen in `fit`. */
export function predictFeatures(who: string, Xin: FeaturesInput, nFeatures: number): Features {
  const X = toFeatures(Xin);
  if (X.columns.length !== nFeatures) {
    throw new TuskError('ShapeMismatch', `X has ${X.columns.length} features, but ${who} was fitted with ${nFeatures}`, {
      hint: 'predict on the same columns, in the same order, as were used in fit',
    });
  }
  return X;
}
