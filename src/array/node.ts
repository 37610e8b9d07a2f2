/**
 * The expression tree behind a `ChunkedArray`: immutable plain nodes, each knowing its shape,
 * dtype, natural chunking and a deterministic token (DESIGN decision 2: the same expression
 * built twice has the same token, hence the same keys).
 *
 * Arrays stay a tree until `compute()`/`persist()`/`explain()`, when `lower.ts` turns the tree
 * into a task graph. Keeping the tree (rather than building graph layers eagerly, as dask does)
 * lets fusion see whole element-wise chains and re-evaluate them at any chunking for free:
 *   - `gen`    a generator (random, arange, linspace, full): a kernels expression with no inputs;
 *   - `map`    an element-wise op over nodes and scalars (operands already broadcast-checked);
 *   - `source` chunks that exist as keys: literal data, persisted futures, or a graph fragment;
 *   - `reduce` a reduction over some axes (lowered to a splitEvery tree);
 *   - `layer`  a structural op whose blocks are built by a function (`lower.ts` calls `build`).
 */
import { tokenize } from '../graph/tokenize.js';
import type { Key } from '../graph/types.js';
import type { Chunks } from './chunks.js';
import type { Dtype, KernelExpr, ReductionKind } from './kernels.js';

interface Meta {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly chunks: Chunks;
  readonly token: string;
  /** Readable layer name: `sin`, `add`, `random_normal`, `sum`. */
  readonly label: string;
}

export interface GenNode extends Meta {
  readonly kind: 'gen';
  /** A kernels generator or const expression; evaluated from each element's global index. */
  readonly expr: KernelExpr;
  /**
   * Set when this array is a strided view of a larger generated one (a slice): element
   * (i0, …, ik) is the generator's element offset + Σ i·strides. The last stride is 1.
   */
  readonly view?: View;
}

export interface View {
  readonly offset: number;
  readonly strides: readonly number[];
}

export type Operand = Node | number;

export interface MapNode extends Meta {
  readonly kind: 'map';
  /** A kernels unary/binary op name, or 'where' / 'clip' / 'astype'. */
  readonly op: string;
  readonly args: readonly Operand[];
}

export interface SourceNode extends Meta {
  readonly kind: 'source';
  /** Tasks and literal chunks the block keys need (empty when the keys live on a cluster). */
  readonly graph: Readonly<Record<Key, unknown>>;
  /** Block key prefix: block (i, j) is `${name}.i.j`. */
  readonly name: string;
  /** Futures kept alive while this node is (persisted blocks). */
  readonly holds?: readonly unknown[];
}

export interface ReduceNode extends Meta {
  readonly kind: 'reduce';
  readonly reduction: ReductionKind;
  readonly input: Node;
  /** Axes of the input that are reduced, ascending. */
  readonly axes: readonly number[];
  readonly keepdims: boolean;
  readonly ddof: number;
  readonly splitEvery: number;
}

/** Lowers itself: given the input layers (at their natural chunks), adds tasks for every block. */
export interface LayerNode extends Meta {
  readonly kind: 'layer';
  readonly inputs: readonly Node[];
  /** The chunking each input is lowered at (default: its own). */
  readonly inputChunks?: readonly Chunks[];
  readonly build: (ctx: LayerBuild) => void;
}

export interface LayerBuild {
  /** Block key prefix of each input, at the chunking the layer asked for. */
  readonly inputNames: readonly string[];
  /** This layer's block key prefix. */
  readonly name: string;
  addTask(key: Key, op: string, args: unknown[]): void;
}

export type Node = GenNode | MapNode | SourceNode | ReduceNode | LayerNode;

function tokenOf(x: Operand): unknown {
  return typeof x === 'number' ? (Object.is(x, -0) ? '-0' : x) : x.token;
}

export function genNode(label: string, expr: KernelExpr, shape: readonly number[], dtype: Dtype, chunks: Chunks, view?: View): GenNode {
  return { kind: 'gen', label, expr, shape, dtype, chunks, view, token: tokenize('gen', expr, shape, dtype, chunks, view ?? null) };
}

export function sameView(a: View | undefined, b: View | undefined): boolean {
  if (!a || !b) return a === b;
  return a.offset === b.offset && a.strides.length === b.strides.length && a.strides.every((s, k) => s === b.strides[k]);
}

export function mapNode(op: string, args: readonly Operand[], shape: readonly number[], dtype: Dtype, chunks: Chunks): MapNode {
  return { kind: 'map', label: op, op, args, shape, dtype, chunks, token: tokenize('map', op, dtype, args.map(tokenOf), shape, chunks) };
}

export function sourceNode(label: string, token: string, graph: Record<Key, unknown>, shape: readonly number[], dtype: Dtype, chunks: Chunks, holds?: unknown[]): SourceNode {
  return { kind: 'source', label, token, graph, name: `${label}-${token}`, shape, dtype, chunks, holds };
}

export function reduceNode(
  input: Node, reduction: ReductionKind, axes: readonly number[], keepdims: boolean, ddof: number, splitEvery: number,
  shape: readonly number[], dtype: Dtype, chunks: Chunks,
): ReduceNode {
  const token = tokenize('reduce', reduction, input.token, axes, keepdims, ddof, splitEvery);
  return { kind: 'reduce', label: reduction, reduction, input, axes, keepdims, ddof, splitEvery, shape, dtype, chunks, token };
}

/**
 * A structural layer. `params` must capture everything `build` depends on besides the inputs
 * (it goes into the token, so equal layers get equal keys).
 */
export function layerNode(
  label: string, params: unknown, inputs: readonly Node[], shape: readonly number[], dtype: Dtype, chunks: Chunks,
  build: LayerNode['build'], inputChunks?: readonly Chunks[],
): LayerNode {
  const token = tokenize('layer', label, params, inputs.map((n) => n.token), inputChunks, shape, dtype, chunks);
  return { kind: 'layer', label, inputs, inputChunks, shape, dtype, chunks, token, build };
}

/** Block key for block `idx` of a layer: `name.i.j` (0-d arrays: `name`). */
export function blockKey(name: string, idx: readonly number[]): Key {
  return idx.length ? `${name}.${idx.join('.')}` : name;
}
