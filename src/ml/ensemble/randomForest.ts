/**
 * `RandomForestClassifier`: bootstrap-aggregated CART trees with scikit-learn's parameters
 * and random streams. With the same `randomState` a forest has the same trees as
 * scikit-learn's (exactly, when sample weights are integers — see `tree/builder.ts`).
 *
 * A fit presorts the features once and grows every tree on that shared ranking, with per-tree
 * bootstrap counts as weights; that, not threads, is what makes it fast. Parallelism belongs to
 * the layer above: a grid search fits many forests at once.
 */
import { TuskError } from '../../errors.js';
import { checkClassWeight, classWeightVector, expandClassWeight, type ClassWeight } from '../classWeight.js';
import { classifierFitInput, predictFeatures } from '../data/fitInput.js';
import type { FeaturesInput } from '../data/features.js';
import { toTarget, type TargetInput } from '../data/target.js';
import { copyParams, mergeParams, notFitted, type Estimator, type EstimatorJSON, type EstimatorSpec, type Params } from '../estimator.js';
import { accuracy } from '../metrics/classification.js';
import { entropySeed, RandomState } from '../random/mt19937.js';
import { binFeatures, toFloat32Columns } from '../tree/binning.js';
import { TreeGrower } from '../tree/builder.js';
import { checkRandomState } from '../tree/decisionTree.js';
import { checkGrowthParams, resolveGrowth, type TreeGrowthParams } from '../tree/params.js';
import { applyTree, nodeProba, treeFeatureImportances, treeFromJSON, treeToJSON, type TreeModel, type TreeModelJSON } from '../tree/treeModel.js';
import { pairwiseSum } from '../util/pairwiseSum.js';
import { Bootstrapper, nBootstrapSamples } from './bootstrap.js';
import { isComputable, type Computable } from '../data/lazy.js';

export interface RandomForestClassifierParams extends TreeGrowthParams {
  nEstimators: number;
  bootstrap: boolean;
  /** Rows per bootstrap sample: null (as many as the training set), a count or a fraction. */
  maxSamples: number | null;
  classWeight: ClassWeight;
  /** Seed of numpy's MT19937, as scikit-learn's `random_state`; null draws a fresh one per fit. */
  randomState: number | null;
}

export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestClassifierParams> = Object.freeze({
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 'sqrt',
  minImpurityDecrease: 0,
  bootstrap: true,
  maxSamples: null,
  classWeight: null,
  randomState: null,
});

const NAME = 'RandomForestClassifier';
const INT32_MAX = 2147483647;
const RAND_R_MAX = 0x7fffffff;

interface FittedForest {
  classes: Float64Array;
  featureNames: readonly string[];
  trees: TreeModel[];
  /** Per tree, class probabilities per node (precomputed for prediction). */
  proba: Float64Array[];
  featureImportances: Float64Array;
}

export interface RandomForestJSONFitted {
  classes: number[];
  featureNames: string[];
  trees: TreeModelJSON[];
}

export class RandomForestClassifier implements Estimator {
  readonly name = NAME;
  readonly kind = 'classifier' as const;
  private params: RandomForestClassifierParams;
  private fitted: FittedForest | null = null;

  constructor(params: Readonly<Partial<RandomForestClassifierParams>> = {}) {
    this.params = checkForestParams(mergeParams(NAME, RANDOM_FOREST_DEFAULTS, params as Params));
  }

  getParams(): Params {
    return copyParams(this.params);
  }

  setParams(params: Readonly<Params>): this {
    this.params = checkForestParams(mergeParams(NAME, this.params, params));
    return this;
  }

  fit(X: FeaturesInput, y: TargetInput, sampleWeight?: ArrayLike<number> | null): this {
    const p = this.params;
    const input = classifierFitInput(NAME, X, y, sampleWeight);
    const n = input.X.nRows;
    const nFeatures = input.X.columns.length;

    // Class weights other than 'balanced_subsample' are fixed per sample, like sample weights.
    let base = input.sampleWeight;
    const subsample = p.classWeight === 'balanced_subsample' && p.bootstrap;
    const cw = p.classWeight === 'balanced_subsample' ? (p.bootstrap ? null : 'balanced') : p.classWeight;
    if (cw !== null) {
      const expanded = expandClassWeight(classWeightVector(cw, input.classes, input.encoded), input.encoded);
      if (base) for (let i = 0; i < n; i++) base[i] = base[i]! * expanded[i]!;
      else base = expanded;
    }
    const nBootstrap = p.bootstrap ? nBootstrapSamples(n, p.maxSamples) : n;

    const rs = new RandomState(p.randomState ?? entropySeed());
    const seeds = new Int32Array(p.nEstimators);
    for (let t = 0; t < seeds.length; t++) seeds[t] = rs.randint(0, INT32_MAX);

    const grower = new TreeGrower(binFeatures(input.X), input.classes.length);
    const bootstrapper = p.bootstrap ? new Bootstrapper(n, nBootstrap, base, subsample ? input : null) : null;
    const treeRng = new RandomState(0);
    // The weighted limit depends on each tree's total weight; the others are the same for all trees.
    const fixedGrowth = p.minWeightFractionLeaf === 0 ? resolveGrowth(p, n, nFeatures, null, NAME) : null;
    const trees: TreeModel[] = [];
    for (const seed of seeds) {
      const weight = bootstrapper ? bootstrapper.weightsFor(seed) : base;
      const growth = fixedGrowth ?? resolveGrowth(p, n, nFeatures, weight ? pairwiseSum(weight) : null, NAME);
      trees.push(grower.grow(input.encoded, weight, growth, treeRng.seed(seed).randint(0, RAND_R_MAX)));
    }
    this.fitted = {
      classes: input.classes,
      featureNames: input.X.names,
      trees,
      proba: trees.map(nodeProba),
      featureImportances: forestImportances(trees, nFeatures),
    };
    return this;
  }

  /** Mean of the trees' class probabilities: one Float64Array per class, in `classes_` order. */
  predictProba(Xin: FeaturesInput): Float64Array[];
  predictProba(Xin: Computable): Promise<Float64Array[]>;
  predictProba(Xin: FeaturesInput | Computable): Float64Array[] | Promise<Float64Array[]> {
    if (isComputable(Xin)) return Xin.compute().then((v) => this.predictProba(v as FeaturesInput));
    const f = this.need('predictProba');
    const X = predictFeatures(NAME, Xin, f.featureNames.length);
    const X32 = toFloat32Columns(X);
    const n = X.nRows;
    const k = f.classes.length;
    const out = Array.from({ length: k }, () => new Float64Array(n));
    const leaves = new Int32Array(n);
    for (let t = 0; t < f.trees.length; t++) {
      applyTree(f.trees[t]!, X32, n, leaves);
      const pr = f.proba[t]!;
      for (let c = 0; c < k; c++) {
        const col = out[c]!;
        for (let i = 0; i < n; i++) col[i] = col[i]! + pr[leaves[i]! * k + c]!;
      }
    }
    const nTrees = f.trees.length;
    for (const col of out) for (let i = 0; i < n; i++) col[i] = col[i]! / nTrees;
    return out;
  }

  /** Predicted labels; a lazy frame is computed first (and the result is then a promise). */
  predict(X: FeaturesInput): Float64Array;
  predict(X: Computable): Promise<Float64Array>;
  predict(X: FeaturesInput | Computable): Float64Array | Promise<Float64Array> {
    if (isComputable(X)) return X.compute().then((v) => this.predict(v as FeaturesInput));
    const proba = this.predictProba(X);
    const classes = this.fitted!.classes;
    const n = proba[0]!.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < proba.length; c++) if (proba[c]![i]! > proba[best]![i]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  score(X: FeaturesInput, y: TargetInput, sampleWeight?: ArrayLike<number> | null): number {
    const pred = this.predict(X);
    return accuracy(toTarget(y, pred.length), pred, sampleWeight ?? undefined);
  }

  get classes_(): Float64Array {
    return this.need('classes_').classes;
  }

  get featureImportances_(): Float64Array {
    return this.need('featureImportances_').featureImportances;
  }

  get nFeaturesIn_(): number {
    return this.need('nFeaturesIn_').featureNames.length;
  }

  get featureNamesIn_(): readonly string[] {
    return this.need('featureNamesIn_').featureNames;
  }

  /** The fitted trees' arrays (each like scikit-learn's `estimators_[i].tree_`). */
  get trees_(): readonly TreeModel[] {
    return this.need('trees_').trees;
  }

  toSpec(): EstimatorSpec {
    return { name: NAME, params: this.getParams() };
  }

  toJSON(): EstimatorJSON {
    const f = this.fitted;
    const fitted: RandomForestJSONFitted | null = f && {
      classes: Array.from(f.classes),
      featureNames: [...f.featureNames],
      trees: f.trees.map(treeToJSON),
    };
    return { name: NAME, params: this.getParams(), fitted };
  }

  static fromJSON(json: EstimatorJSON): RandomForestClassifier {
    if (json?.name !== NAME) throw new TuskError('InvalidArgument', `expected a serialized ${NAME}, got ${JSON.stringify(json?.name)}`);
    const est = new RandomForestClassifier(json.params as Partial<RandomForestClassifierParams>);
    const f = json.fitted as RandomForestJSONFitted | null;
    if (f) {
      const trees = f.trees.map(treeFromJSON);
      est.fitted = {
        classes: Float64Array.from(f.classes),
        featureNames: f.featureNames,
        trees,
        proba: trees.map(nodeProba),
        featureImportances: forestImportances(trees, f.featureNames.length),
      };
    }
    return est;
  }

  private need(what: string): FittedForest {
    if (!this.fitted) throw notFitted(NAME, what);
    return this.fitted;
  }
}

/** Mean of the trees' importances over trees that split at least once, renormalized. */
function forestImportances(trees: readonly TreeModel[], nFeatures: number): Float64Array {
  const mean = new Float64Array(nFeatures);
  let used = 0;
  for (const t of trees) {
    if (t.nodeCount <= 1) continue;
    const imp = treeFeatureImportances(t, nFeatures);
    for (let f = 0; f < nFeatures; f++) mean[f] = mean[f]! + imp[f]!;
    used++;
  }
  if (used === 0) return mean;
  for (let f = 0; f < nFeatures; f++) mean[f] = mean[f]! / used;
  const total = pairwiseSum(mean);
  for (let f = 0; f < nFeatures; f++) mean[f] = mean[f]! / total;
  return mean;
}

function checkForestParams(p: RandomForestClassifierParams): RandomForestClassifierParams {
  if (!(Number.isInteger(p.nEstimators) && p.nEstimators >= 1)) {
    throw new TuskError('InvalidArgument', `${NAME}: nEstimators must be an integer >= 1, got ${JSON.stringify(p.nEstimators)}`);
  }
  if (typeof p.bootstrap !== 'boolean') throw new TuskError('InvalidArgument', `${NAME}: bootstrap must be true or false, got ${JSON.stringify(p.bootstrap)}`);
  const ms = p.maxSamples;
  if (!(ms === null || (typeof ms === 'number' && (Number.isInteger(ms) ? ms >= 1 : ms > 0 && ms < 1)))) {
    throw new TuskError('InvalidArgument', `${NAME}: maxSamples must be null, an integer >= 1 or a fraction in (0, 1], got ${JSON.stringify(ms)}`);
  }
  if (ms !== null && !p.bootstrap) {
    throw new TuskError('InvalidArgument', `${NAME}: maxSamples needs bootstrap: true`, { hint: 'set bootstrap: true or maxSamples: null' });
  }
  checkGrowthParams(p, NAME);
  checkClassWeight(p.classWeight, true);
  checkRandomState(p.randomState, NAME);
  return p;
}
