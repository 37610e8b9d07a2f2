/**
 * Area under the ROC curve for a binary target, computed the way scikit-learn does
 * (`roc_curve` with `drop_intermediate`, then the trapezoidal rule): tied scores form one
 * point of the curve, so ties count half, and the result matches to the last bits.
 */
import { TuskError } from '../../errors.js';
import { pairwiseSum } from '../util/pairwiseSum.js';
import { checkSameLength } from './classification.js';

/** `roc_auc_score(yTrue, yScore)`; the positive class is the larger of the two labels. */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  checkSameLength(yTrue, yScore, 'rocAuc', ['yTrue', 'yScore']);
  const labels = [...new Set(Array.from(yTrue))].sort((a, b) => a - b);
  if (labels.length > 2) {
    throw new TuskError('InvalidArgument', `rocAuc: yTrue has ${labels.length} classes but rocAuc here is binary`);
  }
  if (labels.length < 2) {
    throw new TuskError('InvalidArgument', `rocAuc: only one class (${labels[0]}) is present in yTrue; ROC AUC is not defined then`, {
      hint: 'use a stratified splitter so every test fold holds both classes',
    });
  }
  const pos = labels[1]!;
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(yScore[i]!)) throw new TuskError('InvalidArgument', `rocAuc: yScore[${i}] is ${yScore[i]}`);
  }
  // Descending by score; ties stay together (their order does not affect the curve).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b]! - yScore[a]!);

  // One curve point per distinct score: cumulative true/false positives at the end of each tie group.
  const fps: number[] = [];
  const tps: number[] = [];
  let tp = 0;
  for (let q = 0; q < n; q++) {
    if (yTrue[order[q]!] === pos) tp++;
    if (q === n - 1 || yScore[order[q + 1]!] !== yScore[order[q]!]) {
      tps.push(tp);
      fps.push(1 + q - tp);
    }
  }
  // drop_intermediate: keep the end points and every point where the curve bends.
  let keepF = fps;
  let keepT = tps;
  if (fps.length > 2) {
    keepF = [fps[0]!];
    keepT = [tps[0]!];
    for (let j = 1; j < fps.length - 1; j++) {
      const d2f = fps[j + 1]! - fps[j]! - (fps[j]! - fps[j - 1]!);
      const d2t = tps[j + 1]! - tps[j]! - (tps[j]! - tps[j - 1]!);
      if (d2f !== 0 || d2t !== 0) {
        keepF.push(fps[j]!);
        keepT.push(tps[j]!);
      }
    }
    keepF.push(fps[fps.length - 1]!);
    keepT.push(tps[tps.length - 1]!);
  }
  const m = keepF.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const fTotal = keepF[keepF.length - 1]!;
  const tTotal = keepT[keepT.length - 1]!;
  for (let j = 1; j < m; j++) {
    fpr[j] = keepF[j - 1]! / fTotal;
    tpr[j] = keepT[j - 1]! / tTotal;
  }
  // np.trapz(tpr, fpr)
  const parts = new Float64Array(m - 1);
  for (let j = 0; j < m - 1; j++) parts[j] = ((fpr[j + 1]! - fpr[j]!) * (tpr[j + 1]! + tpr[j]!)) / 2.0;
  return pairwiseSum(parts);
}
