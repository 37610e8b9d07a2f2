/**
 * Classification metrics with scikit-learn's definitions (and its choices for the edge cases:
 * zero division gives 0, `f1` is binary with positive label 1).
 */
import { TuskError } from '../../errors.js';
import { pairwiseSum } from '../util/pairwiseSum.js';

type Labels = ArrayLike<number>;

export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string, names = ['yTrue', 'yPred']): void {
  if (a.length !== b.length) {
    throw new TuskError('ShapeMismatch', `${what}: ${names[0]} has ${a.length} values but ${names[1]} has ${b.length}`);
  }
  if (a.length === 0) throw new TuskError('InvalidArgument', `${what}: no samples`);
}

/** Fraction of exact matches (`accuracy_score`), optionally weighted. */
export function accuracy(yTrue: Labels, yPred: Labels, sampleWeight?: ArrayLike<number>): number {
  checkSameLength(yTrue, yPred, 'accuracy');
  const n = yTrue.length;
  const hit = new Float64Array(n);
  for (let i = 0; i < n; i++) hit[i] = yTrue[i] === yPred[i] ? 1 : 0;
  if (!sampleWeight) return pairwiseSum(hit) / n;
  checkSameLength(yTrue, sampleWeight, 'accuracy', ['yTrue', 'sampleWeight']);
  for (let i = 0; i < n; i++) hit[i] = hit[i]! * sampleWeight[i]!;
  return pairwiseSum(hit) / pairwiseSum(sampleWeight);
}

/** Binary F1 score of the class `posLabel` (`f1_score(average='binary')`). */
export function f1(yTrue: Labels, yPred: Labels, posLabel = 1): number {
  checkSameLength(yTrue, yPred, 'f1');
  const labels = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) labels.add(yTrue[i]!).add(yPred[i]!);
  if (labels.size > 2) {
    throw new TuskError('InvalidArgument', `f1: the targets have ${labels.size} classes ([${[...labels].sort((a, b) => a - b).join(', ')}]) but f1 is binary`, {
      hint: 'compute per-class F1 with posLabel set to each class',
    });
  }
  if (labels.size === 2 && !labels.has(posLabel)) {
    throw new TuskError('InvalidArgument', `f1: posLabel=${posLabel} is not a valid label; labels are [${[...labels].sort((a, b) => a - b).join(', ')}]`);
  }
  let tp = 0;
  let predPos = 0;
  let truePos = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === posLabel;
    const p = yPred[i] === posLabel;
    if (t) truePos++;
    if (p) predPos++;
    if (t && p) tp++;
  }
  const precision = predPos === 0 ? 0 : tp / predPos;
  const recall = truePos === 0 ? 0 : tp / truePos;
  let denom = precision + recall;
  if (denom === 0) denom = 1;
  return (2 * precision * recall) / denom;
}
