/**
 * The target `y`: numbers (class labels or regression values), one per row of `X`.
 * Classifiers see it through `encodeClasses`, which sorts the labels like `np.unique` so
 * `classes_` and every per-class array follow scikit-learn's order.
 */
import type { Table, Vector } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { asArrow, targetValues, type ArrowLike } from './arrow.js';

export type TargetInput = ArrayLike<number> | readonly unknown[] | Vector | Table | ArrowLike;

/** Validate `y` (numeric, no missing values) and, when `nRows` is given, its length against `X`. */
export function toTarget(yin: TargetInput, nRows?: number, what = 'y'): Float64Array {
  const arrow = asArrow(yin);
  let y: ArrayLike<unknown> | readonly unknown[];
  try {
    y = arrow ? targetValues(arrow, what) : (yin as ArrayLike<unknown>);
  } catch (err) {
    throw new TuskError('InvalidArgument', (err as Error).message, { hint: 'pass one column, e.g. df.col("Survived")' });
  }
  if (y == null || typeof (y as ArrayLike<unknown>).length !== 'number') {
    throw new TuskError('InvalidArgument', `${what} must be an array of numbers`);
  }
  const n = (y as ArrayLike<unknown>).length;
  if (nRows !== undefined && n !== nRows) {
    throw new TuskError('ShapeMismatch', `X has ${nRows} rows but ${what} has ${n} values`, {
      context: { xRows: nRows, yLength: n },
      hint: 'X and y must describe the same samples, in the same order',
    });
  }
  if (y instanceof Float64Array) {
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) badLabel(y[i], i, what);
    return y;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = (y as ArrayLike<unknown>)[i];
    if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else badLabel(v, i, what);
  }
  return out;
}

function badLabel(v: unknown, i: number, what: string): never {
  if (typeof v === 'string') {
    throw new TuskError('TypeMismatch', `${what} holds a string (${JSON.stringify(v)} at position ${i}); labels must be numbers`, {
      hint: 'map labels to integers first (e.g. { no: 0, yes: 1 })',
    });
  }
  throw new TuskError('InvalidArgument', `${what} has a missing or non-finite value at position ${i} (${String(v)})`, {
    hint: 'drop or fill rows with a missing target before fitting',
  });
}

export interface EncodedClasses {
  /** Sorted distinct labels (`np.unique(y)`). */
  readonly classes: Float64Array;
  /** Index into `classes` of each sample's label. */
  readonly encoded: Int32Array;
}

export function encodeClasses(y: Float64Array): EncodedClasses {
  const classes = Float64Array.from(new Set(y)).sort();
  const index = new Map<number, number>();
  classes.forEach((c, k) => index.set(c, k));
  const encoded = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) encoded[i] = index.get(y[i]!)!;
  return { classes, encoded };
}

/** Labels must be class labels (integers, as `type_of_target` calls binary/multiclass). */
export function checkClassLabels(y: Float64Array, who: string): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]!)) {
      throw new TuskError('InvalidArgument', `${who} needs class labels, but y looks continuous (y[${i}] = ${y[i]})`, {
        hint: 'classifiers and stratified splitters need integer labels; use a regressor or KFold for continuous targets',
      });
    }
  }
}
