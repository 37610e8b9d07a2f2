/**
 * Depth-first tree growth with scikit-learn's `BestSplitter` semantics.
 *
 * What is the same as scikit-learn (and why it matters): the builder visits nodes in the same
 * order (left subtree first), draws candidate features with the same generator and the same
 * Fisher–Yates bookkeeping of constant features, skips the same candidate positions
 * (FEATURE_THRESHOLD, `minSamplesLeaf` counted in distinct samples) and places thresholds at the
 * same float32 midpoints. With integer sample weights this reproduces scikit-learn's trees
 * exactly for the same seed.
 *
 * What is different (and why it is faster): scikit-learn copies and sorts every candidate
 * feature at every node. Here features are ranked once per fit (`binning.ts`); a node builds a
 * weighted class histogram over the ranks of its samples — O(samples + distinct values) — or,
 * when the feature has far more distinct values than the node has samples, sorts just the
 * node's ranks. All buffers live in a `TreeGrower` that is reused for every tree of a fit, so
 * growing a node allocates nothing.
 */
import { TuskError } from '../../errors.js';
import type { BinnedFeatures } from './binning.js';
import { impurityImprovement, impurityOf, proxyImprovement } from './criterion.js';
import type { ResolvedGrowth } from './params.js';
import { NodeStore } from './nodeStore.js';
import { UNDEFINED, type TreeModel } from './treeModel.js';

const EPSILON = 2.220446049250313e-16; // np.finfo(float).eps
const FEATURE_THRESHOLD = 1e-7; // values closer than this are one value, as in scikit-learn
const RAND_R_MODULUS = 0x80000000;

export class TreeGrower {
  private readonly n: number;
  private readonly k: number;
  private readonly nFeatures: number;
  private readonly ranks: readonly Int32Array[];
  private readonly values: readonly Float64Array[];

  // per-fit scratch, reused by every node of every tree
  private readonly samples: Int32Array;
  private readonly ones: Float64Array;
  private readonly hist: Float64Array;
  private readonly histTot: Float64Array;
  private readonly histCnt: Int32Array;
  private readonly keys: Float64Array;
  private readonly rightBuffer: Int32Array;
  private readonly binRank: Int32Array;
  private readonly binCnt: Int32Array;
  private readonly binTot: Float64Array;
  private readonly binW: Float64Array;
  private readonly sumTotal: Float64Array;
  private readonly sumLeft: Float64Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;

  // per-tree state
  private y!: Int32Array;
  private w!: Float64Array;
  private g!: ResolvedGrowth;
  private gini2 = false;
  private rand = 0;
  private weightedNSamples = 0;
  private wNode = 0;

  // the best split of the current node
  private bestPos = 0;
  private bestFeature = 0;
  private bestRank = 0;
  private bestThreshold = 0;
  private bestImprovement = 0;
  private bestImpLeft = 0;
  private bestImpRight = 0;
  private bestWl = 0;
  private readonly bestLeft: Float64Array;
  private readonly bestRight: Float64Array;

  private readonly nodes: NodeStore;

  constructor(binned: BinnedFeatures, nClasses: number) {
    const n = binned.nRows;
    const k = nClasses;
    this.n = n;
    this.k = k;
    this.nFeatures = binned.nFeatures;
    this.ranks = binned.ranks;
    this.values = binned.values;
    this.samples = new Int32Array(n);
    this.ones = new Float64Array(n).fill(1);
    this.hist = new Float64Array(binned.maxBins * k);
    this.histTot = new Float64Array(binned.maxBins);
    this.histCnt = new Int32Array(binned.maxBins);
    this.keys = new Float64Array(n);
    this.rightBuffer = new Int32Array(n);
    const maxPresent = Math.min(binned.maxBins, n);
    this.binRank = new Int32Array(maxPresent);
    this.binCnt = new Int32Array(maxPresent);
    this.binTot = new Float64Array(maxPresent);
    this.binW = new Float64Array(maxPresent * k);
    this.sumTotal = new Float64Array(k);
    this.sumLeft = new Float64Array(k);
    this.bestLeft = new Float64Array(k);
    this.bestRight = new Float64Array(k);
    this.features = new Int32Array(this.nFeatures);
    this.constantFeatures = new Int32Array(this.nFeatures);
    this.nodes = new NodeStore(k);
  }

  /**
   * Grow one tree. `y` holds class indices, `weight` per-row weights (0 leaves a row out, as
   * bootstrap counts do; null means all 1) and `seed` the splitter's generator state
   * (scikit-learn's `rand_r_state`).
   */
  grow(y: Int32Array, weight: Float64Array | null, g: ResolvedGrowth, seed: number): TreeModel {
    this.y = y;
    this.w = weight ?? this.ones;
    this.g = g;
    this.gini2 = g.criterion === 'gini' && this.k === 2;
    this.rand = seed >>> 0;
    const w = this.w;
    let nS = 0;
    let wTotal = 0;
    for (let i = 0; i < this.n; i++) {
      const wi = w[i]!;
      if (wi !== 0) this.samples[nS++] = i;
      wTotal += wi;
    }
    if (nS === 0) throw new TuskError('InvalidArgument', 'cannot grow a tree: every sample has weight 0');
    this.weightedNSamples = wTotal;
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    this.nodes.reset(Math.min(2 * nS, 1024));

    const stack: number[] = []; // (start, end, depth, parent, isLeft, nConst, impurity) records
    stack.push(0, nS, 0, UNDEFINED, 0, 0, Infinity);
    let first = true;
    let maxDepthSeen = 0;
    while (stack.length > 0) {
      let impurity = stack.pop()!;
      const nConst = stack.pop()!;
      const isLeft = stack.pop()!;
      const parent = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const nNode = end - start;
      this.nodeReset(start, end);
      const wNode = this.wNode;
      let isLeaf = depth >= g.maxDepth || nNode < g.minSamplesSplit || nNode < 2 * g.minSamplesLeaf || wNode < 2 * g.minWeightLeaf;
      if (first) {
        impurity = impurityOf(g.criterion, this.sumTotal, 0, this.k, wNode);
        first = false;
      }
      isLeaf = isLeaf || impurity <= EPSILON;
      let nConstChildren = nConst;
      if (!isLeaf) {
        nConstChildren = this.nodeSplit(start, end, impurity, nConst);
        isLeaf = this.bestPos >= end || this.bestImprovement + EPSILON < g.minImpurityDecrease;
      }
      const id = this.nodes.add(parent, isLeft === 1, isLeaf, this.bestFeature, this.bestThreshold, impurity, nNode, wNode, this.sumTotal);
      if (depth > maxDepthSeen) maxDepthSeen = depth;
      if (!isLeaf) {
        stack.push(this.bestPos, end, depth + 1, id, 0, nConstChildren, this.bestImpRight);
        stack.push(start, this.bestPos, depth + 1, id, 1, nConstChildren, this.bestImpLeft);
      }
    }
    return this.nodes.finish(maxDepthSeen);
  }

  /** scikit-learn's `our_rand_r` xorshift, reduced to [low, high). */
  private randInt(low: number, high: number): number {
    let s = this.rand;
    if (s === 0) s = 1;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.rand = s;
    return low + ((s % RAND_R_MODULUS) % (high - low));
  }

  private nodeReset(start: number, end: number): void {
    const { samples, y, w, sumTotal } = this;
    sumTotal.fill(0);
    let wNode = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p]!;
      const wi = w[i]!;
      sumTotal[y[i]!]! += wi;
      wNode += wi;
    }
    this.wNode = wNode;
  }

  /** Find the best split of samples[start, end); returns the constant-feature count for the children. */
  private nodeSplit(start: number, end: number, impurity: number, nKnownConstants: number): number {
    const { features, constantFeatures, g, binRank } = this;
    const nNode = end - start;
    let fI = this.nFeatures;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnownConstants;
    let bestProxy = -Infinity;
    this.bestPos = end;

    while (fI > nTotal && (nVisited < g.maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fJ = this.randInt(nDrawn, fI - nFound);
      if (fJ < nKnownConstants) {
        swap(features, nDrawn, fJ);
        nDrawn++;
        continue;
      }
      fJ += nFound;
      const f = features[fJ]!;
      const m = this.gatherBins(f, start, end);
      const vals = this.values[f]!;
      if (vals[binRank[m - 1]!]! <= vals[binRank[0]!]! + FEATURE_THRESHOLD) {
        swap(features, fJ, nTotal);
        nFound++;
        nTotal++;
        continue;
      }
      fI--;
      swap(features, fI, fJ);

      bestProxy = this.gini2 ? this.scanGini2(f, m, start, nNode, bestProxy) : this.scanAny(f, m, start, nNode, bestProxy);
    }

    if (this.bestPos < end) this.applyBestSplit(start, end, impurity);

    // The order of known constants must survive for siblings and children.
    for (let i = 0; i < nKnownConstants; i++) features[i] = constantFeatures[i]!;
    for (let i = nKnownConstants; i < nKnownConstants + nFound; i++) constantFeatures[i] = features[i]!;
    return nTotal;
  }

  /**
   * Evaluate every split of feature `f` between consecutive present values (its `m` bins),
   * keeping the best in `this.best*`; returns the best proxy so far. Positions are skipped
   * exactly where scikit-learn skips them: values within FEATURE_THRESHOLD of each other,
   * children with fewer than `minSamplesLeaf` samples or less than `minWeightLeaf` weight.
   */
  private scanAny(f: number, m: number, start: number, nNode: number, bestProxy: number): number {
    const { g, k, sumLeft, sumTotal, binRank, binCnt, binTot, binW } = this;
    const vals = this.values[f]!;
    const wNode = this.wNode;
    const msl = g.minSamplesLeaf;
    const mwl = g.minWeightLeaf;
    sumLeft.fill(0);
    let wl = 0;
    let nl = 0;
    let vCur = vals[binRank[0]!]!;
    for (let j = 0; j < m - 1; j++) {
      for (let c = 0; c < k; c++) sumLeft[c]! += binW[j * k + c]!;
      wl += binTot[j]!;
      nl += binCnt[j]!;
      const vNext = vals[binRank[j + 1]!]!;
      const wr = wNode - wl;
      if (!(vNext <= vCur + FEATURE_THRESHOLD || nl < msl || nNode - nl < msl || wl < mwl || wr < mwl)) {
        const proxy = proxyImprovement(g.criterion, sumLeft, sumTotal, k, wl, wr);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          this.bestLeft.set(sumLeft);
          this.recordBest(f, binRank[j]!, start + nl, wl, vCur, vNext);
        }
      }
      vCur = vNext;
    }
    return bestProxy;
  }

  /** `scanAny` for the common case — Gini, two classes — with the criterion inlined. */
  private scanGini2(f: number, m: number, start: number, nNode: number, bestProxy: number): number {
    const { g, sumTotal, binRank, binCnt, binTot, binW } = this;
    const vals = this.values[f]!;
    const wNode = this.wNode;
    const msl = g.minSamplesLeaf;
    const mwl = g.minWeightLeaf;
    const t0 = sumTotal[0]!;
    const t1 = sumTotal[1]!;
    let l0 = 0;
    let l1 = 0;
    let wl = 0;
    let nl = 0;
    let vCur = vals[binRank[0]!]!;
    for (let j = 0; j < m - 1; j++) {
      l0 += binW[2 * j]!;
      l1 += binW[2 * j + 1]!;
      wl += binTot[j]!;
      nl += binCnt[j]!;
      const vNext = vals[binRank[j + 1]!]!;
      const wr = wNode - wl;
      if (!(vNext <= vCur + FEATURE_THRESHOLD || nl < msl || nNode - nl < msl || wl < mwl || wr < mwl)) {
        // Same operations, same order as criterion.ts (and scikit-learn's Gini).
        const r0 = t0 - l0;
        const r1 = t1 - l1;
        const impL = 1.0 - (l0 * l0 + l1 * l1) / (wl * wl);
        const impR = 1.0 - (r0 * r0 + r1 * r1) / (wr * wr);
        const proxy = -wr * impR - wl * impL;
        if (proxy > bestProxy) {
          bestProxy = proxy;
          this.bestLeft[0] = l0;
          this.bestLeft[1] = l1;
          this.recordBest(f, binRank[j]!, start + nl, wl, vCur, vNext);
        }
      }
      vCur = vNext;
    }
    return bestProxy;
  }

  private recordBest(f: number, rank: number, pos: number, wl: number, vLeft: number, vRight: number): void {
    this.bestFeature = f;
    this.bestRank = rank;
    this.bestPos = pos;
    this.bestWl = wl;
    // The midpoint of two float32 values, halved first so it cannot overflow.
    let t = vLeft / 2.0 + vRight / 2.0;
    if (t === vRight || t === Infinity || t === -Infinity) t = vLeft;
    this.bestThreshold = t;
  }

  /**
   * Summarize samples[start, end) by distinct value of feature `f`: for the m values present,
   * in ascending order, their rank, sample count, total weight and per-class weights.
   */
  private gatherBins(f: number, start: number, end: number): number {
    const { samples, y, w, k, binRank, binCnt, binTot, binW } = this;
    const rank = this.ranks[f]!;
    const nb = this.values[f]!.length;
    const nNode = end - start;
    let m = 0;
    if (nb <= 4 * nNode + 16) {
      const { hist, histTot, histCnt } = this;
      for (let p = start; p < end; p++) {
        const i = samples[p]!;
        const b = rank[i]!;
        const wi = w[i]!;
        hist[b * k + y[i]!]! += wi;
        histTot[b]! += wi;
        histCnt[b]!++;
      }
      // Compact the non-empty bins, leaving the histogram zeroed for the next call.
      for (let b = 0; b < nb; b++) {
        const cnt = histCnt[b]!;
        if (cnt === 0) continue;
        binRank[m] = b;
        binCnt[m] = cnt;
        binTot[m] = histTot[b]!;
        histCnt[b] = 0;
        histTot[b] = 0;
        for (let c = 0; c < k; c++) {
          binW[m * k + c] = hist[b * k + c]!;
          hist[b * k + c] = 0;
        }
        m++;
      }
      return m;
    }
    // Few samples, many distinct values: sort the node's (rank, row) pairs instead.
    const n = this.n;
    const keys = this.keys;
    for (let p = start; p < end; p++) {
      const i = samples[p]!;
      keys[p - start] = rank[i]! * n + i;
    }
    const sorted = keys.subarray(0, nNode).sort();
    let prev = -1;
    for (let q = 0; q < nNode; q++) {
      const key = sorted[q]!;
      const r = Math.floor(key / n);
      const i = key - r * n;
      if (r !== prev) {
        binRank[m] = r;
        binCnt[m] = 0;
        binTot[m] = 0;
        for (let c = 0; c < k; c++) binW[m * k + c] = 0;
        m++;
        prev = r;
      }
      const wi = w[i]!;
      binCnt[m - 1]!++;
      binTot[m - 1]! += wi;
      binW[(m - 1) * k + y[i]!]! += wi;
    }
    return m;
  }

  /** Partition the node's samples around the best split and score its children. */
  private applyBestSplit(start: number, end: number, impurity: number): void {
    const { samples, k, bestLeft, bestRight, sumTotal, g } = this;
    const rank = this.ranks[this.bestFeature]!;
    const bestRank = this.bestRank;
    // Stable and branch-free: which side a sample goes to is a coin flip to the CPU, so every
    // sample is written to both buffers and only one cursor advances.
    const right = this.rightBuffer;
    let l = start;
    let r = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p]!;
      const goLeft = ((bestRank - rank[i]!) >>> 31) ^ 1;
      samples[l] = i;
      right[r] = i;
      l += goLeft;
      r += goLeft ^ 1;
    }
    for (let q = 0; q < r; q++) samples[l + q] = right[q]!;
    const wl = this.bestWl;
    const wr = this.wNode - wl;
    for (let c = 0; c < k; c++) bestRight[c] = sumTotal[c]! - bestLeft[c]!;
    this.bestImpLeft = impurityOf(g.criterion, bestLeft, 0, k, wl);
    this.bestImpRight = impurityOf(g.criterion, bestRight, 0, k, wr);
    this.bestImprovement = impurityImprovement(this.wNode, this.weightedNSamples, impurity, this.bestImpLeft, this.bestImpRight, wl, wr);
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
