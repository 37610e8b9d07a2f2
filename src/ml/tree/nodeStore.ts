/**
 * Growable storage for the nodes of the tree being grown: one typed array per field, doubled
 * when full and reused from tree to tree, so adding a node allocates nothing. `finish` copies
 * the used part out as an immutable `TreeModel`.
 */
import { LEAF, UNDEFINED, type TreeModel } from './treeModel.js';

export class NodeStore {
  private cap = 0;
  private count = 0;
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  private feature = new Int32Array(0);
  private threshold = new Float64Array(0);
  private impurity = new Float64Array(0);
  private nNodeSamples = new Int32Array(0);
  private weightedN = new Float64Array(0);
  private value = new Float64Array(0);

  constructor(private readonly k: number) {}

  /** Start a new tree, with room for at least `cap` nodes. */
  reset(cap: number): void {
    this.count = 0;
    if (this.cap < cap) this.allocate(cap);
  }

  /**
   * Append a node and link it to its parent. A leaf gets scikit-learn's markers (children -1,
   * feature and threshold -2); `value` holds its k weighted class counts.
   */
  add(parent: number, isLeft: boolean, isLeaf: boolean, feature: number, threshold: number, impurity: number, nNode: number, wNode: number, value: Float64Array): number {
    if (this.count === this.cap) this.allocate(this.cap * 2);
    const id = this.count++;
    if (parent !== UNDEFINED) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    // A split node's children are linked when they are added; until then it looks like a leaf.
    this.left[id] = LEAF;
    this.right[id] = LEAF;
    this.feature[id] = isLeaf ? UNDEFINED : feature;
    this.threshold[id] = isLeaf ? UNDEFINED : threshold;
    this.impurity[id] = impurity;
    this.nNodeSamples[id] = nNode;
    this.weightedN[id] = wNode;
    this.value.set(value.subarray(0, this.k), id * this.k);
    return id;
  }

  finish(maxDepth: number): TreeModel {
    const n = this.count;
    const k = this.k;
    return {
      nodeCount: n,
      nClasses: k,
      maxDepth,
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      impurity: this.impurity.slice(0, n),
      nNodeSamples: this.nNodeSamples.slice(0, n),
      weightedNNodeSamples: this.weightedN.slice(0, n),
      value: this.value.slice(0, n * k),
    };
  }

  private allocate(cap: number): void {
    const used = this.count;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a.subarray(0, b.length === cap ? used : used * this.k));
      return b;
    };
    this.left = grow(this.left, new Int32Array(cap));
    this.right = grow(this.right, new Int32Array(cap));
    this.feature = grow(this.feature, new Int32Array(cap));
    this.threshold = grow(this.threshold, new Float64Array(cap));
    this.impurity = grow(this.impurity, new Float64Array(cap));
    this.nNodeSamples = grow(this.nNodeSamples, new Int32Array(cap));
    this.weightedN = grow(this.weightedN, new Float64Array(cap));
    this.value = grow(this.value, new Float64Array(cap * this.k));
    this.cap = cap;
  }
}
