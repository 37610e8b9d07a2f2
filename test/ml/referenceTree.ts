/**
 * A naive reference for the tree builder: scikit-learn's `BestSplitter` + depth-first builder
 * transcribed directly — copy and sort the node's values for every candidate feature, scan
 * sample by sample. No presorting, no histograms. With integer weights the fast builder must
 * produce exactly this tree.
 */
import type { ResolvedGrowth } from '../../src/ml/tree/params.js';

const EPSILON = 2.220446049250313e-16;
const FEATURE_THRESHOLD = 1e-7;

export interface RefTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  impurity: number[];
  nNodeSamples: number[];
  value: number[];
}

export function referenceTree(columns: readonly Float64Array[], y: Int32Array, k: number, weight: Float64Array | null, g: ResolvedGrowth, seed: number): RefTree {
  const X = columns.map((c) => Float64Array.from(c, Math.fround));
  const n = y.length;
  const F = X.length;
  const w = weight ?? new Float64Array(n).fill(1);
  const samples: number[] = [];
  let wTotal = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] !== 0) samples.push(i);
    wTotal += w[i]!;
  }
  let rand = seed >>> 0;
  const randInt = (lo: number, hi: number): number => {
    if (rand === 0) rand = 1;
    rand = (rand ^ (rand << 13)) >>> 0;
    rand = (rand ^ (rand >>> 17)) >>> 0;
    rand = (rand ^ (rand << 5)) >>> 0;
    return lo + ((rand % 0x80000000) % (hi - lo));
  };
  const impurity = (s: number[], wt: number): number => {
    if (g.criterion === 'gini') {
      let sq = 0.0;
      for (const v of s) sq += v * v;
      return 1.0 - sq / (wt * wt);
    }
    let e = 0.0;
    for (let v of s) {
      if (v > 0.0) {
        v /= wt;
        e -= v * (Math.log(v) / Math.LN2);
      }
    }
    return e;
  };
  const sums = (lo: number, hi: number): [number[], number] => {
    const s = new Array<number>(k).fill(0);
    let wt = 0;
    for (let p = lo; p < hi; p++) {
      s[y[samples[p]!]!]! += w[samples[p]!]!;
      wt += w[samples[p]!]!;
    }
    return [s, wt];
  };

  const features = Array.from({ length: F }, (_, f) => f);
  const constantFeatures = new Array<number>(F).fill(0);
  const t: RefTree = { feature: [], threshold: [], left: [], right: [], impurity: [], nNodeSamples: [], value: [] };
  const stack: [number, number, number, number, boolean, number, number][] = [[0, samples.length, 0, -2, false, Infinity, 0]];
  let first = true;
  while (stack.length) {
    const [start, end, depth, parent, isLeft, imp0, nKnown] = stack.pop()!;
    let imp = imp0;
    const nNode = end - start;
    const [total, wNode] = sums(start, end);
    let isLeaf = depth >= g.maxDepth || nNode < g.minSamplesSplit || nNode < 2 * g.minSamplesLeaf || wNode < 2 * g.minWeightLeaf;
    if (first) {
      imp = impurity(total, wNode);
      first = false;
    }
    isLeaf ||= imp <= EPSILON;
    let best = { pos: end, feature: -2, threshold: -2, impL: 0, impR: 0, improvement: -Infinity };
    let nTotal = nKnown;
    if (!isLeaf) {
      let fI = F;
      let nVisited = 0;
      let nFound = 0;
      let nDrawn = 0;
      let bestProxy = -Infinity;
      while (fI > nTotal && (nVisited < g.maxFeatures || nVisited <= nFound + nDrawn)) {
        nVisited++;
        let fJ = randInt(nDrawn, fI - nFound);
        if (fJ < nKnown) {
          [features[nDrawn], features[fJ]] = [features[fJ]!, features[nDrawn]!];
          nDrawn++;
          continue;
        }
        fJ += nFound;
        const f = features[fJ]!;
        const node = samples.slice(start, end).sort((a, b) => X[f]![a]! - X[f]![b]!);
        samples.splice(start, nNode, ...node);
        const Xf = node.map((i) => X[f]![i]!);
        if (Xf[nNode - 1]! <= Xf[0]! + FEATURE_THRESHOLD) {
          [features[fJ], features[nTotal]] = [features[nTotal]!, features[fJ]!];
          nFound++;
          nTotal++;
          continue;
        }
        fI--;
        [features[fI], features[fJ]] = [features[fJ]!, features[fI]!];
        const left = new Array<number>(k).fill(0);
        let wl = 0;
        let p = 0;
        let q = 0; // samples already added to the left
        while (p < nNode) {
          while (p + 1 < nNode && Xf[p + 1]! <= Xf[p]! + FEATURE_THRESHOLD) p++;
          p++;
          if (p >= nNode) continue;
          if (p < g.minSamplesLeaf || nNode - p < g.minSamplesLeaf) continue;
          for (; q < p; q++) {
            left[y[node[q]!]!]! += w[node[q]!]!;
            wl += w[node[q]!]!;
          }
          const wr = wNode - wl;
          if (wl < g.minWeightLeaf || wr < g.minWeightLeaf) continue;
          const right = total.map((v, c) => v - left[c]!);
          const proxy = -wr * impurity(right, wr) - wl * impurity(left, wl);
          if (proxy > bestProxy) {
            bestProxy = proxy;
            let thr = Xf[p - 1]! / 2.0 + Xf[p]! / 2.0;
            if (thr === Xf[p] || !Number.isFinite(thr)) thr = Xf[p - 1]!;
            const impL = impurity(left, wl);
            const impR = impurity(right, wr);
            best = {
              pos: start + p,
              feature: f,
              threshold: thr,
              impL,
              impR,
              improvement: (wNode / wTotal) * (imp - (wr / wNode) * impR - (wl / wNode) * impL),
            };
          }
        }
      }
      if (best.pos < end) {
        const node = samples.slice(start, end);
        const l = node.filter((i) => X[best.feature]![i]! <= best.threshold);
        const r = node.filter((i) => X[best.feature]![i]! > best.threshold);
        samples.splice(start, nNode, ...l, ...r);
      }
      for (let i = 0; i < nKnown; i++) features[i] = constantFeatures[i]!;
      for (let i = nKnown; i < nKnown + nFound; i++) constantFeatures[i] = features[i]!;
      isLeaf = best.pos >= end || best.improvement + EPSILON < g.minImpurityDecrease;
    }
    const id = t.feature.length;
    if (parent !== -2) (isLeft ? t.left : t.right)[parent] = id;
    t.feature.push(isLeaf ? -2 : best.feature);
    t.threshold.push(isLeaf ? -2 : best.threshold);
    t.left.push(-1);
    t.right.push(-1);
    t.impurity.push(imp);
    t.nNodeSamples.push(nNode);
    t.value.push(...total);
    if (!isLeaf) {
      stack.push([best.pos, end, depth + 1, id, false, best.impR, nTotal]);
      stack.push([start, best.pos, depth + 1, id, true, best.impL, nTotal]);
    }
  }
  return t;
}
