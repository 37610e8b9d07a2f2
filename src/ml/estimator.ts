/**
 * What every estimator is: an object with scikit-learn's verbs (`fit`, `predict`, `score`,
 * `getParams`/`setParams`) whose configuration is plain data. The plain data matters because
 * grid-search fits run in worker threads: a task carries an `EstimatorSpec`
 * (`{ name, params }`), the worker rebuilds the estimator by name, and a fitted model comes back
 * as `toJSON()` output.
 */
import type { Computable } from './data/lazy.js';
import { closest, TuskError } from '../errors.js';
import type { FeaturesInput } from './data/features.js';
import type { TargetInput } from './data/target.js';

export type ParamValue = null | boolean | number | string | readonly ParamValue[] | { readonly [key: string]: ParamValue };
export type Params = Record<string, ParamValue>;

/** An unfitted estimator as plain data: the registry name and its hyper-parameters. */
export interface EstimatorSpec {
  readonly name: string;
  readonly params: Readonly<Params>;
}

/** A (possibly fitted) estimator as plain data; `fitted` is null before `fit`. */
export interface EstimatorJSON {
  readonly name: string;
  readonly params: Readonly<Params>;
  readonly fitted: unknown;
}

export interface Estimator {
  /** The registry name (`'RandomForestClassifier'`), as used in specs. */
  readonly name: string;
  readonly kind: 'classifier' | 'regressor';
  getParams(): Params;
  setParams(params: Readonly<Params>): this;
  fit(X: FeaturesInput, y: TargetInput, sampleWeight?: ArrayLike<number> | null): this;
  /** Predicted labels or values; a lazy frame (`compute()`-able) gives a promise of them. */
  predict(X: FeaturesInput): Float64Array;
  predict(X: Computable): Promise<Float64Array>;
  /** Classifiers: one Float64Array per class (in `classes_` order), each with a value per row. */
  predictProba?(X: FeaturesInput): Float64Array[];
  /** Accuracy for classifiers, R² for regressors — the default grid-search score. */
  score(X: FeaturesInput, y: TargetInput, sampleWeight?: ArrayLike<number> | null): number;
  toSpec(): EstimatorSpec;
  toJSON(): EstimatorJSON;
  /** Sorted class labels, for fitted classifiers. */
  readonly classes_?: Float64Array;
}

/**
 * Merge `given` into `defaults`, refusing names the estimator does not accept: the error lists
 * the valid names and suggests the nearest one (`max_depth` → `maxDepth`).
 */
export function mergeParams<P extends object>(who: string, defaults: P, given: Readonly<Params>): P {
  checkParamNames(who, Object.keys(defaults), Object.keys(given));
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function checkParamNames(who: string, valid: readonly string[], names: readonly string[]): void {
  for (const name of names) {
    if (valid.includes(name)) continue;
    const near = closest(name, valid);
    throw new TuskError('InvalidArgument', `${who} has no parameter "${name}"; valid parameters are: ${[...valid].sort().join(', ')}`, {
      context: { estimator: who, parameter: name },
      hint: near ? `did you mean "${near}"?` : undefined,
    });
  }
}

export function notFitted(who: string, what: string): TuskError {
  return new TuskError('InvalidArgument', `this ${who} is not fitted yet: call fit(X, y) before ${what}`);
}

/** A deep copy of plain-data parameters, so callers cannot mutate an estimator's state. */
export function copyParams<P extends object>(p: P): Params {
  return JSON.parse(JSON.stringify(p)) as Params;
}
