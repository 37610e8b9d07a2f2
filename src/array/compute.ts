/**
 * Running arrays: `compute()` (blocks → one typed array, or a number for 0-d results) and
 * `persist()` (blocks held on the cluster as futures), and the default client used when none
 * is given.
 *
 * Without a client, the process-wide default client runs the graph: a LocalCluster on all
 * cores started on first use, whose idle threads do not keep the process alive and which is
 * closed on 'beforeExit'.
 */
import type { Client } from '../client/client.js';
import { closeDefaultClient, defaultClient, defaultClusterOptions, setDefaultClusterOptions } from '../client/default-client.js';
import type { Future } from '../client/future.js';
import type { Key } from '../graph/types.js';
import { type Chunks, blockIndices, blockShape, offsets, sizeOf } from './chunks.js';
import type { ChunkedArray } from './chunked-array.js';
import { type Dtype, type TypedArray, allocate } from './kernels.js';
import { GraphBuilder } from './lower.js';
import { copyBox } from './nd.js';
import { blockKey, sourceNode } from './node.js';

export interface ArrayConfig {
  /** Budget for the default cluster: bytes or '1GiB'. */
  memoryLimit?: number | string;
  /** Spill folder for the default cluster. */
  spillDir?: string;
  /** Worker threads of the default cluster (default: all cores). */
  nWorkers?: number;
  /** Run the default cluster's tasks on the main thread (debugging). */
  inProcess?: boolean;
}

/**
 * `ta.config`: settings for the default cluster (like `dask.config.set`). The default client
 * is shared with the other collections (client/default-client.ts); setting options closes the
 * current one so the next compute starts a cluster with them.
 */
export const config = {
  set(patch: ArrayConfig): void {
    setDefaultClusterOptions(patch);
  },
  get(): Readonly<ArrayConfig> {
    return defaultClusterOptions();
  },
  /** Close the default cluster now (it is recreated on next use). */
  close: closeDefaultClient,
};

export interface ComputeOptions {
  client?: Client;
}

export interface NdResult {
  data: TypedArray;
  shape: number[];
  dtype: Dtype;
}

export type ComputeResult = number | boolean | TypedArray | NdResult;

/** The task graph of `x` and its block keys in C order. */
export function graphOf(x: ChunkedArray): { graph: Record<Key, unknown>; name: string; keys: Key[] } {
  const b = new GraphBuilder();
  const name = b.lower(x.node);
  const keys = blockIndices(x.numblocks).map((idx) => blockKey(name, idx));
  return { graph: b.graph, name, keys };
}

/** Copies blocks (C order of block indices) into one C-order array. */
export function assemble(blocks: readonly TypedArray[], shape: readonly number[], chunks: Chunks, dtype: Dtype): TypedArray {
  if (blocks.length === 1) return blocks[0]!;
  const out = allocate(dtype, sizeOf(shape));
  const offs = chunks.map(offsets);
  blockIndices(chunks.map((c) => c.length)).forEach((idx, i) => {
    copyBox(blocks[i]!, blockShape(chunks, idx), idx.map(() => 0), out, shape, idx.map((j, k) => offs[k]![j]!), blockShape(chunks, idx));
  });
  return out;
}

/** All values as one C-order typed array. */
export async function computeData(x: ChunkedArray, options: ComputeOptions = {}): Promise<TypedArray> {
  const client = options.client ?? defaultClient();
  const { graph, keys } = graphOf(x);
  const blocks = (await client.get(graph, keys)) as TypedArray[];
  return assemble(blocks, x.shape, x.chunks, x.dtype);
}

export async function compute(x: ChunkedArray, options: ComputeOptions = {}): Promise<ComputeResult> {
  const data = await computeData(x, options);
  if (x.ndim === 0) return x.dtype === 'bool' ? data[0] !== 0 : data[0]!;
  if (x.ndim === 1) return data;
  return { data, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Starts computing every block and returns an array backed by the futures: later expressions
 * on it read the held blocks instead of recomputing. Keys are the same as the unpersisted
 * array's, so work already held is shared.
 */
export function persist(x: ChunkedArray, options: ComputeOptions = {}): { node: ReturnType<typeof sourceNode>; futures: Future[] } {
  const client = options.client ?? defaultClient();
  const { graph, name, keys } = graphOf(x);
  const futures = client.submitGraph(graph, keys);
  const dash = name.lastIndexOf('-');
  const node = sourceNode(name.slice(0, dash), name.slice(dash + 1), {}, x.shape, x.dtype, x.chunks, futures);
  return { node, futures };
}
