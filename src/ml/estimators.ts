/**
 * The estimator registry: how a worker turns `{ name, params }` back into an estimator, and a
 * fitted model's `toJSON()` back into a model. Names are scikit-learn's class names.
 */
import { closest, TuskError } from '../errors.js';
import { RandomForestClassifier, RANDOM_FOREST_DEFAULTS } from './ensemble/randomForest.js';
import { checkParamNames, type Estimator, type EstimatorJSON, type EstimatorSpec, type Params } from './estimator.js';
import { DECISION_TREE_DEFAULTS, DecisionTreeClassifier } from './tree/decisionTree.js';

export interface EstimatorEntry {
  /** Every accepted parameter with its default. */
  readonly defaults: Readonly<Params>;
  readonly create: (params: Readonly<Params>) => Estimator;
  readonly fromJSON: (json: EstimatorJSON) => Estimator;
}

const REGISTRY = new Map<string, EstimatorEntry>([
  [
    'DecisionTreeClassifier',
    {
      defaults: DECISION_TREE_DEFAULTS as unknown as Params,
      create: (p) => new DecisionTreeClassifier(p as never),
      fromJSON: (j) => DecisionTreeClassifier.fromJSON(j),
    },
  ],
  [
    'RandomForestClassifier',
    {
      defaults: RANDOM_FOREST_DEFAULTS as unknown as Params,
      create: (p) => new RandomForestClassifier(p as never),
      fromJSON: (j) => RandomForestClassifier.fromJSON(j),
    },
  ],
]);

/**
 * Make another estimator constructible by name. Workers build estimators from specs, so a
 * custom estimator must be registered in the worker too (e.g. by a module the worker imports).
 */
export function registerEstimator(name: string, entry: EstimatorEntry): void {
  if (REGISTRY.has(name)) throw new TuskError('InvalidArgument', `an estimator named "${name}" is already registered`);
  REGISTRY.set(name, entry);
}

export function estimatorNames(): string[] {
  return [...REGISTRY.keys()].sort();
}

function entryFor(name: unknown): EstimatorEntry {
  const entry = typeof name === 'string' ? REGISTRY.get(name) : undefined;
  if (entry) return entry;
  // A prefix ("RandomForest") is as likely a slip as a typo.
  const near =
    typeof name === 'string' && name.length > 0
      ? closest(name, estimatorNames()) ?? estimatorNames().find((n) => n.toLowerCase().startsWith(name.toLowerCase()))
      : undefined;
  throw new TuskError('InvalidArgument', `unknown estimator ${JSON.stringify(name)}; known estimators are: ${estimatorNames().join(', ')}`, {
    hint: near ? `did you mean "${near}"?` : 'register custom estimators with registerEstimator(name, entry)',
  });
}

/** A fresh, unfitted estimator from its plain-data spec. */
export function estimatorFromSpec(spec: EstimatorSpec): Estimator {
  if (typeof spec !== 'object' || spec === null) {
    throw new TuskError('InvalidArgument', `an estimator spec must be { name, params }, got ${JSON.stringify(spec)}`);
  }
  return entryFor(spec.name).create(spec.params ?? {});
}

/** A (possibly fitted) estimator from `toJSON()` output. */
export function estimatorFromJSON(json: EstimatorJSON): Estimator {
  if (typeof json !== 'object' || json === null) throw new TuskError('InvalidArgument', 'not a serialized estimator');
  return entryFor(json.name).fromJSON(json);
}

/** The parameter names `name` accepts, sorted. */
export function estimatorParamNames(name: string): string[] {
  return Object.keys(entryFor(name).defaults).sort();
}

/** `spec` with `params` overriding its own, after checking the names are ones it accepts. */
export function specWithParams(spec: EstimatorSpec, params: Readonly<Params>): EstimatorSpec {
  checkParamNames(spec.name, estimatorParamNames(spec.name), Object.keys(params));
  return { name: spec.name, params: { ...spec.params, ...params } };
}

/**
 * Check a search space against an estimator before any fit runs: every name must be a parameter
 * of `name` (the error lists the valid ones), and every candidate value must be accepted.
 */
export function checkSearchSpace(name: string, space: Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[]): void {
  const valid = estimatorParamNames(name);
  const spaces = Array.isArray(space) ? space : [space];
  for (const s of spaces as Readonly<Record<string, unknown>>[]) {
    checkParamNames(name, valid, Object.keys(s));
    for (const [k, values] of Object.entries(s)) {
      if (!Array.isArray(values)) continue; // distributions are checked by ParameterSampler
      for (const v of values) entryFor(name).create({ [k]: v as Params[string] });
    }
  }
}
