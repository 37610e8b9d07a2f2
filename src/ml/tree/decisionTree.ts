/**
 * `DecisionTreeClassifier`: one CART tree, scikit-learn's parameters in camelCase.
 * The class only validates and delegates; growth lives in `builder.ts`, prediction in
 * `treeModel.ts`.
 */
import { TuskError } from '../../errors.js';
import { checkClassWeight, classWeightVector, expandClassWeight, type ClassWeight } from '../classWeight.js';
import { classifierFitInput, predictFeatures } from '../data/fitInput.js';
import type { FeaturesInput } from '../data/features.js';
import { toTarget, type TargetInput } from '../data/target.js';
import { copyParams, mergeParams, notFitted, type Estimator, type EstimatorJSON, type EstimatorSpec, type Params } from '../estimator.js';
import { accuracy } from '../metrics/classification.js';
import { pairwiseSum } from '../util/pairwiseSum.js';
import { entropySeed, RandomState } from '../random/mt19937.js';
import { binFeatures, toFloat32Columns } from './binning.js';
import { TreeGrower } from './builder.js';
import { checkGrowthParams, resolveGrowth, type TreeGrowthParams } from './params.js';
import { applyTree, treeFeatureImportances, treeFromJSON, treeToJSON, type TreeModel, type TreeModelJSON } from './treeModel.js';
import { isComputable, type Computable } from '../data/lazy.js';

export interface DecisionTreeClassifierParams extends TreeGrowthParams {
  classWeight: ClassWeight;
  /** Seed of numpy's MT19937, as scikit-learn's `random_state`; null draws a fresh one per fit. */
  randomState: number | null;
}

export const DECISION_TREE_DEFAULTS: Readonly<DecisionTreeClassifierParams> = Object.freeze({
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: null,
  minImpurityDecrease: 0,
  classWeight: null,
  randomState: null,
});

const NAME = 'DecisionTreeClassifier';
const RAND_R_MAX = 0x7fffffff;

interface FittedTree {
  classes: Float64Array;
  featureNames: readonly string[];
  tree: TreeModel;
  featureImportances: Float64Array;
}

export interface DecisionTreeJSONFitted {
  classes: number[];
  featureNames: string[];
  tree: TreeModelJSON;
}

export class DecisionTreeClassifier implements Estimator {
  readonly name = NAME;
  readonly kind = 'classifier' as const;
  private params: DecisionTreeClassifierParams;
  private fitted: FittedTree | null = null;

  constructor(params: Readonly<Partial<DecisionTreeClassifierParams>> = {}) {
    this.params = checkTreeParams(mergeParams(NAME, DECISION_TREE_DEFAULTS, params as Params));
  }

  getParams(): Params {
    return copyParams(this.params);
  }

  setParams(params: Readonly<Params>): this {
    this.params = checkTreeParams(mergeParams(NAME, this.params, params));
    return this;
  }

  fit(X: FeaturesInput, y: TargetInput, sampleWeight?: ArrayLike<number> | null): this {
    const input = classifierFitInput(NAME, X, y, sampleWeight);
    let weight = input.sampleWeight;
    const cw = this.params.classWeight;
    if (cw === 'balanced_subsample') throw new TuskError('InvalidArgument', `${NAME}: classWeight 'balanced_subsample' is only for forests`);
    if (cw !== null) {
      const expanded = expandClassWeight(classWeightVector(cw, input.classes, input.encoded), input.encoded);
      if (weight) for (let i = 0; i < weight.length; i++) weight[i] = weight[i]! * expanded[i]!;
      else weight = expanded;
    }
    const nFeatures = input.X.columns.length;
    const growth = resolveGrowth(this.params, input.X.nRows, nFeatures, weight ? pairwiseSum(weight) : null, NAME);
    const rs = new RandomState(this.params.randomState ?? entropySeed());
    const grower = new TreeGrower(binFeatures(input.X), input.classes.length);
    const tree = grower.grow(input.encoded, weight, growth, rs.randint(0, RAND_R_MAX));
    this.fitted = {
      classes: input.classes,
      featureNames: input.X.names,
      tree,
      featureImportances: treeFeatureImportances(tree, nFeatures),
    };
    return this;
  }

  predictProba(X: FeaturesInput): Float64Array[];
  predictProba(X: Computable): Promise<Float64Array[]>;
  predictProba(X: FeaturesInput | Computable): Float64Array[] | Promise<Float64Array[]> {
    if (isComputable(X)) return X.compute().then((v) => this.predictProba(v as FeaturesInput));
    const f = this.need('predictProba');
    const leaves = this.leaves(X, f);
    const k = f.classes.length;
    const out = Array.from({ length: k }, () => new Float64Array(leaves.length));
    const v = f.tree.value;
    for (let i = 0; i < leaves.length; i++) {
      const off = leaves[i]! * k;
      let norm = 0;
      for (let c = 0; c < k; c++) norm += v[off + c]!;
      if (norm === 0) norm = 1;
      for (let c = 0; c < k; c++) out[c]![i] = v[off + c]! / norm;
    }
    return out;
  }

  /** Predicted labels; a lazy frame is computed first (and the result is then a promise). */
  predict(X: FeaturesInput): Float64Array;
  predict(X: Computable): Promise<Float64Array>;
  predict(X: FeaturesInput | Computable): Float64Array | Promise<Float64Array> {
    if (isComputable(X)) return X.compute().then((v) => this.predict(v as FeaturesInput));
    const f = this.need('predict');
    const leaves = this.leaves(X, f);
    const k = f.classes.length;
    const v = f.tree.value;
    const out = new Float64Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const off = leaves[i]! * k;
      let best = 0;
      for (let c = 1; c < k; c++) if (v[off + c]! > v[off + best]!) best = c;
      out[i] = f.classes[best]!;
    }
    return out;
  }

  /** Index of the leaf each row lands in (`apply`). */
  apply(X: FeaturesInput): Int32Array {
    return this.leaves(X, this.need('apply'));
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

  /** The fitted tree's arrays (scikit-learn's `tree_`). */
  get tree_(): TreeModel {
    return this.need('tree_').tree;
  }

  toSpec(): EstimatorSpec {
    return { name: NAME, params: this.getParams() };
  }

  toJSON(): EstimatorJSON {
    const f = this.fitted;
    const fitted: DecisionTreeJSONFitted | null = f && {
      classes: Array.from(f.classes),
      featureNames: [...f.featureNames],
      tree: treeToJSON(f.tree),
    };
    return { name: NAME, params: this.getParams(), fitted };
  }

  static fromJSON(json: EstimatorJSON): DecisionTreeClassifier {
    if (json?.name !== NAME) throw new TuskError('InvalidArgument', `expected a serialized ${NAME}, got ${JSON.stringify(json?.name)}`);
    const est = new DecisionTreeClassifier(json.params as Partial<DecisionTreeClassifierParams>);
    const f = json.fitted as DecisionTreeJSONFitted | null;
    if (f) {
      const tree = treeFromJSON(f.tree);
      est.fitted = {
        classes: Float64Array.from(f.classes),
        featureNames: f.featureNames,
        tree,
        featureImportances: treeFeatureImportances(tree, f.featureNames.length),
      };
    }
    return est;
  }

  private need(what: string): FittedTree {
    if (!this.fitted) throw notFitted(NAME, what);
    return this.fitted;
  }

  private leaves(Xin: FeaturesInput, f: FittedTree): Int32Array {
    const X = predictFeatures(NAME, Xin, f.featureNames.length);
    const out = new Int32Array(X.nRows);
    applyTree(f.tree, toFloat32Columns(X), X.nRows, out);
    return out;
  }
}

function checkTreeParams(p: DecisionTreeClassifierParams): DecisionTreeClassifierParams {
  checkGrowthParams(p, NAME);
  checkClassWeight(p.classWeight, false);
  checkRandomState(p.randomState, NAME);
  return p;
}

export function checkRandomState(rs: unknown, who: string): void {
  if (rs === null) return;
  if (!(typeof rs === 'number' && Number.isInteger(rs) && rs >= 0 && rs <= 0xffffffff)) {
    throw new TuskError('InvalidArgument', `${who}: randomState must be null or an integer in [0, 2**32 - 1], got ${JSON.stringify(rs)}`);
  }
}
