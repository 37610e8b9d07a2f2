/**
 * A fitted tree as flat typed arrays, laid out like scikit-learn's `tree_` (node 0 is the root,
 * nodes numbered in depth-first order, left child first; leaves have `left = right = -1`).
 * Flat arrays keep prediction a tight loop and make the model plain data to ship between threads.
 */
import { TuskError } from '../../errors.js';
import { pairwiseSum } from '../util/pairwiseSum.js';

export const LEAF = -1;
export const UNDEFINED = -2;

export interface TreeModel {
  readonly nodeCount: number;
  readonly nClasses: number;
  readonly maxDepth: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly impurity: Float64Array;
  readonly nNodeSamples: Int32Array;
  readonly weightedNNodeSamples: Float64Array;
  /** nodeCount × nClasses weighted class counts (`tree_.value`). */
  readonly value: Float64Array;
}

export interface TreeModelJSON {
  nodeCount: number;
  nClasses: number;
  maxDepth: number;
  left: number[];
  right: number[];
  feature: number[];
  threshold: number[];
  impurity: number[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  value: number[];
}

/** Leaf reached by each row of `X` (float32 columns). */
export function applyTree(t: TreeModel, X: readonly Float32Array[], nRows: number, out: Int32Array): void {
  const { left, right, feature, threshold } = t;
  for (let i = 0; i < nRows; i++) {
    let node = 0;
    while (left[node] !== LEAF) {
      node = X[feature[node]!]![i]! <= threshold[node]! ? left[node]! : right[node]!;
    }
    out[i] = node;
  }
}

/**
 * Class probabilities per node (`value` normalized the way `predict_proba` does), computed once
 * so that a forest's prediction is a lookup per tree.
 */
export function nodeProba(t: TreeModel): Float64Array {
  const k = t.nClasses;
  const out = new Float64Array(t.value.length);
  for (let node = 0; node < t.nodeCount; node++) {
    let norm = pairwiseSum(t.value, node * k, k);
    if (norm === 0) norm = 1;
    for (let c = 0; c < k; c++) out[node * k + c] = t.value[node * k + c]! / norm;
  }
  return out;
}

/** Mean decrease in impurity per feature, normalized to sum to 1 (`tree_.compute_feature_importances`). */
export function treeFeatureImportances(t: TreeModel, nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  const { left, right, feature, impurity, weightedNNodeSamples: w } = t;
  for (let node = 0; node < t.nodeCount; node++) {
    const l = left[node]!;
    if (l === LEAF) continue;
    const r = right[node]!;
    imp[feature[node]!]! += w[node]! * impurity[node]! - w[l]! * impurity[l]! - w[r]! * impurity[r]!;
  }
  for (let f = 0; f < nFeatures; f++) imp[f] = imp[f]! / w[0]!;
  const norm = pairwiseSum(imp);
  if (norm > 0) for (let f = 0; f < nFeatures; f++) imp[f] = imp[f]! / norm;
  return imp;
}

export function treeToJSON(t: TreeModel): TreeModelJSON {
  return {
    nodeCount: t.nodeCount,
    nClasses: t.nClasses,
    maxDepth: t.maxDepth,
    left: Array.from(t.left),
    right: Array.from(t.right),
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    impurity: Array.from(t.impurity),
    nNodeSamples: Array.from(t.nNodeSamples),
    weightedNNodeSamples: Array.from(t.weightedNNodeSamples),
    value: Array.from(t.value),
  };
}

export function treeFromJSON(j: TreeModelJSON): TreeModel {
  const n = j?.nodeCount;
  const ok =
    Number.isInteger(n) && n > 0 && Number.isInteger(j.nClasses) &&
    [j.left, j.right, j.feature, j.threshold, j.impurity, j.nNodeSamples, j.weightedNNodeSamples].every((a) => Array.isArray(a) && a.length === n) &&
    Array.isArray(j.value) && j.value.length === n * j.nClasses;
  if (!ok) throw new TuskError('InvalidArgument', 'not a serialized tree: expected nodeCount and per-node arrays of that length');
  return {
    nodeCount: n,
    nClasses: j.nClasses,
    maxDepth: j.maxDepth,
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold),
    impurity: Float64Array.from(j.impurity),
    nNodeSamples: Int32Array.from(j.nNodeSamples),
    weightedNNodeSamples: Float64Array.from(j.weightedNNodeSamples),
    value: Float64Array.from(j.value),
  };
}
