/**
 * The array collection: `ChunkedArray`, an n-d array split into chunks and built lazily.
 *
 * A ChunkedArray is a thin handle on an immutable expression node (`node.ts`); methods are
 * one-line delegates to the free functions (`x.sin()` is `sin(x)`), and nothing runs until
 * `compute()`, `persist()` or `explain()` lowers the tree to a fused task graph (`lower.ts`).
 */
import { inspect } from 'node:util';
import type { Key } from '../graph/types.js';
import { type ChunkSpec, type Chunks, sizeOf } from './chunks.js';
import { type ComputeOptions, type ComputeResult, compute, computeData, graphOf, persist } from './compute.js';
import * as ew from './elementwise.js';
import type { ArrayOrScalar } from './elementwise.js';
import { explain } from './explain.js';
import { type Dtype, type TypedArray, itemSize } from './kernels.js';
import type { Node } from './node.js';
import * as red from './reduce.js';
import type { ReduceOptions, VarOptions } from './reduce.js';
import { rechunk } from './rechunk.js';
import { cumprod, cumsum } from './cumulative.js';
import { type BlockFn, type MapBlocksOptions, mapBlocks } from './map-blocks.js';
import { matmul } from './matmul.js';
import { reshape } from './reshape.js';
import { type SliceSpec, slice } from './slicing.js';
import { compress, take } from './take.js';
import { transpose } from './transpose.js';
import { toArrowIPC } from './io/arrow-write.js';
import { toNpy } from './io/npy.js';
import { toRaw } from './io/raw.js';
import type { WriteOptions } from './io/write-blocks.js';

export class ChunkedArray {
  constructor(readonly node: Node) {}

  get shape(): readonly number[] {
    return this.node.shape;
  }
  get dtype(): Dtype {
    return this.node.dtype;
  }
  /** Chunk sizes per axis: `[[4, 4, 2], [5]]`. */
  get chunks(): Chunks {
    return this.node.chunks;
  }
  get ndim(): number {
    return this.node.shape.length;
  }
  get size(): number {
    return sizeOf(this.node.shape);
  }
  get nbytes(): number {
    return this.size * itemSize(this.dtype);
  }
  /** Number of blocks along each axis. */
  get numblocks(): number[] {
    return this.node.chunks.map((c) => c.length);
  }
  /** The expression's token: equal arrays built twice have equal tokens (and keys). */
  get token(): string {
    return this.node.token;
  }

  // ---- element-wise ------------------------------------------------------------------------
  sin(): ChunkedArray { return ew.sin(this); }
  cos(): ChunkedArray { return ew.cos(this); }
  tan(): ChunkedArray { return ew.tan(this); }
  arcsin(): ChunkedArray { return ew.arcsin(this); }
  arccos(): ChunkedArray { return ew.arccos(this); }
  arctan(): ChunkedArray { return ew.arctan(this); }
  exp(): ChunkedArray { return ew.exp(this); }
  expm1(): ChunkedArray { return ew.expm1(this); }
  log(): ChunkedArray { return ew.log(this); }
  log1p(): ChunkedArray { return ew.log1p(this); }
  log2(): ChunkedArray { return ew.log2(this); }
  log10(): ChunkedArray { return ew.log10(this); }
  sqrt(): ChunkedArray { return ew.sqrt(this); }
  abs(): ChunkedArray { return ew.abs(this); }
  square(): ChunkedArray { return ew.square(this); }
  negative(): ChunkedArray { return ew.negative(this); }
  sign(): ChunkedArray { return ew.sign(this); }
  floor(): ChunkedArray { return ew.floor(this); }
  ceil(): ChunkedArray { return ew.ceil(this); }
  round(): ChunkedArray { return ew.round(this); }
  isnan(): ChunkedArray { return ew.isnan(this); }
  isfinite(): ChunkedArray { return ew.isfinite(this); }
  logicalNot(): ChunkedArray { return ew.logicalNot(this); }

  add(b: ArrayOrScalar): ChunkedArray { return ew.add(this, b); }
  subtract(b: ArrayOrScalar): ChunkedArray { return ew.subtract(this, b); }
  multiply(b: ArrayOrScalar): ChunkedArray { return ew.multiply(this, b); }
  divide(b: ArrayOrScalar): ChunkedArray { return ew.divide(this, b); }
  power(b: ArrayOrScalar): ChunkedArray { return ew.power(this, b); }
  mod(b: ArrayOrScalar): ChunkedArray { return ew.mod(this, b); }
  floorDivide(b: ArrayOrScalar): ChunkedArray { return ew.floorDivide(this, b); }
  minimum(b: ArrayOrScalar): ChunkedArray { return ew.minimum(this, b); }
  maximum(b: ArrayOrScalar): ChunkedArray { return ew.maximum(this, b); }
  equal(b: ArrayOrScalar): ChunkedArray { return ew.equal(this, b); }
  notEqual(b: ArrayOrScalar): ChunkedArray { return ew.notEqual(this, b); }
  less(b: ArrayOrScalar): ChunkedArray { return ew.less(this, b); }
  lessEqual(b: ArrayOrScalar): ChunkedArray { return ew.lessEqual(this, b); }
  greater(b: ArrayOrScalar): ChunkedArray { return ew.greater(this, b); }
  greaterEqual(b: ArrayOrScalar): ChunkedArray { return ew.greaterEqual(this, b); }
  logicalAnd(b: ArrayOrScalar): ChunkedArray { return ew.logicalAnd(this, b); }
  logicalOr(b: ArrayOrScalar): ChunkedArray { return ew.logicalOr(this, b); }
  logicalXor(b: ArrayOrScalar): ChunkedArray { return ew.logicalXor(this, b); }
  clip(lo: ArrayOrScalar, hi: ArrayOrScalar): ChunkedArray { return ew.clip(this, lo, hi); }
  astype(dtype: Dtype): ChunkedArray { return ew.astype(this, dtype); }

  // ---- reductions --------------------------------------------------------------------------
  sum(o?: ReduceOptions): ChunkedArray { return red.sum(this, o); }
  prod(o?: ReduceOptions): ChunkedArray { return red.prod(this, o); }
  mean(o?: ReduceOptions): ChunkedArray { return red.mean(this, o); }
  min(o?: ReduceOptions): ChunkedArray { return red.min(this, o); }
  max(o?: ReduceOptions): ChunkedArray { return red.max(this, o); }
  std(o?: VarOptions): ChunkedArray { return red.std(this, o); }
  var(o?: VarOptions): ChunkedArray { return red.variance(this, o); }
  argmin(o?: ReduceOptions): ChunkedArray { return red.argmin(this, o); }
  argmax(o?: ReduceOptions): ChunkedArray { return red.argmax(this, o); }
  any(o?: ReduceOptions): ChunkedArray { return red.any(this, o); }
  all(o?: ReduceOptions): ChunkedArray { return red.all(this, o); }
  countNonzero(o?: ReduceOptions): ChunkedArray { return red.countNonzero(this, o); }

  // ---- structure ---------------------------------------------------------------------------
  /** The same values in new chunks. */
  rechunk(chunks: ChunkSpec): ChunkedArray { return rechunk(this, chunks); }
  /** Basic indexing, one spec per leading axis: an integer, `[start, stop, step]` or null (see slicing.ts). */
  slice(...specs: SliceSpec[]): ChunkedArray { return slice(this, ...specs); }
  /** Positions `indices` along `axis` (numpy's `take`). */
  take(indices: ArrayLike<number>, axis = 0): ChunkedArray { return take(this, indices, axis); }
  /** Positions where `mask` is true along `axis` (numpy's `compress`, `x[mask]`). */
  compress(mask: ArrayLike<boolean | number>, axis = 0): ChunkedArray { return compress(this, mask, axis); }
  reshape(shape: number | readonly number[]): ChunkedArray { return reshape(this, shape); }
  transpose(axes?: readonly number[]): ChunkedArray { return transpose(this, axes); }
  get T(): ChunkedArray { return transpose(this); }
  cumsum(axis?: number): ChunkedArray { return cumsum(this, axis); }
  cumprod(axis?: number): ChunkedArray { return cumprod(this, axis); }
  matmul(b: ChunkedArray): ChunkedArray { return matmul(this, b); }
  dot(b: ChunkedArray): ChunkedArray { return matmul(this, b); }
  mapBlocks(fn: BlockFn, options?: MapBlocksOptions): ChunkedArray { return mapBlocks(this, fn, options); }

  // ---- results -----------------------------------------------------------------------------
  /**
   * Runs the graph and returns the values: a number (boolean for bool) for a 0-d array, a
   * typed array for 1-d, `{ data, shape, dtype }` (C order) for n-d.
   */
  compute(options?: ComputeOptions): Promise<ComputeResult> {
    return compute(this, options);
  }

  /** The values as one C-order typed array, whatever the number of dimensions. */
  async toTypedArray(options?: ComputeOptions): Promise<TypedArray> {
    return computeData(this, options);
  }

  /** Starts every block on the cluster; the returned array reads the held blocks. */
  persist(options?: ComputeOptions): ChunkedArray {
    return new ChunkedArray(persist(this, options).node);
  }

  /** Writes a C-order .npy file block by block (temp name, renamed when complete); resolves to its absolute path. */
  toNpy(path: string, options?: ComputeOptions): Promise<string> { return toNpy(this, path, options); }
  /** Writes headerless little-endian C-order bytes (temp name, renamed when complete). */
  toRaw(path: string, options?: ComputeOptions): Promise<string> { return toRaw(this, path, options); }
  /** Writes an Arrow IPC file, one record batch per block, shape/dtype in the schema metadata. */
  toArrowIPC(path: string, options?: WriteOptions): Promise<string> { return toArrowIPC(this, path, options); }

  /** A stable, readable text of the optimized graph: layers, task counts, fused programs, trees. */
  explain(): string {
    return explain(this);
  }

  /** The optimized task graph and the block keys (C order). */
  toGraph(): { graph: Record<Key, unknown>; keys: Key[] } {
    const { graph, keys } = graphOf(this);
    return { graph, keys };
  }

  toString(): string {
    return `ChunkedArray<${this.dtype}>(shape=[${this.shape.join(', ')}], chunks=[${this.chunks.map((c) => (c.length > 4 ? `${c[0]}×${c.length}` : `(${c.join(', ')})`)).join(', ')}])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
