/**
 * Running an array into a file. Two ways, both with bounded memory:
 *
 *   - `writeBlocksAt`: for formats where every block has a known place (.npy, raw), one write
 *     task per block is added to the array's graph (dask's `store`): a worker writes the block
 *     it just computed at its byte offset, so the scheduler's static order and memory budget
 *     govern the run, shared parts (a mean every block subtracts) are computed once, and only
 *     a byte count comes back. N-d blocks chunked along any axis are written box by box
 *     (row runs at computed offsets), so no rechunk is needed. Workers must see the file: a
 *     LocalCluster's threads do; remote workers would need a shared file system.
 *   - `blocksInOrder`: for formats written by one sequential writer (Arrow IPC), blocks are
 *     computed in C order of block index with at most `concurrency` in flight, each yielded
 *     and released before more are asked for.
 */
import type { Client } from '../../client/client.js';
import { defaultClient } from '../../client/default-client.js';
import type { Future } from '../../client/future.js';
import { tokenize } from '../../graph/tokenize.js';
import { ref } from '../../graph/types.js';
import { blockIndices, blockShape, offsets } from '../chunks.js';
import type { ChunkedArray } from '../chunked-array.js';
import { type ComputeOptions, graphOf } from '../compute.js';
import type { TypedArray } from '../kernels.js';
import { blockKey } from '../node.js';
import { ioOp } from './ops.js';

export interface WriteOptions extends ComputeOptions {
  /** Blocks computed ahead of the writer (sequential formats only; default 2 × workers, at least 2). */
  concurrency?: number;
}

/** Computes every block of `x` and writes it at `dataOffset` + its C-order position in `tmp`. */
export async function writeBlocksAt(x: ChunkedArray, tmp: string, dataOffset: number, options: ComputeOptions): Promise<void> {
  const client = options.client ?? defaultClient();
  const { graph, keys } = graphOf(x);
  const name = `write-${tokenize(tmp, x.token)}`;
  const offs = x.chunks.map(offsets);
  const op = ioOp('writeBox');
  const writeKeys = blockIndices(x.numblocks).map((idx, i) => {
    const key = blockKey(name, idx);
    graph[key] = { op, args: [tmp, dataOffset, [...x.shape], idx.map((j, k) => offs[k]![j]!), blockShape(x.chunks, idx), ref(keys[i]!)] };
    return key;
  });
  const futures = client.submitGraph(graph, writeKeys);
  try {
    await Promise.all(futures.map((f) => f.result()));
  } catch (err) {
    await client.cancel(futures);
    throw err;
  } finally {
    for (const f of futures) f.release();
  }
}

function concurrencyOf(client: Client, asked: number | undefined): number {
  if (asked !== undefined) return Math.max(1, Math.floor(asked));
  return Math.max(2, 2 * client.workers().length);
}

/**
 * The blocks of `x` in C order of block index. Keys are submitted in small batches as the
 * window frees up; a block is released once the consumer asks for the next one. An
 * intermediate shared by far-apart blocks may be released between batches and computed again:
 * `persist()` such an array first.
 */
export async function* blocksInOrder(x: ChunkedArray, options: WriteOptions): AsyncGenerator<TypedArray> {
  const client = options.client ?? defaultClient();
  const window = concurrencyOf(client, options.concurrency);
  const { graph, keys } = graphOf(x);
  const inflight: Future[] = [];
  let next = 0;
  try {
    while (next < keys.length || inflight.length) {
      // Refill in batches of about half the window: each submitGraph walks the whole graph.
      if (next < keys.length && inflight.length <= window / 2) {
        const batch = keys.slice(next, next + window - inflight.length);
        inflight.push(...client.submitGraph(graph, batch));
        next += batch.length;
      }
      const f = inflight.shift()!;
      try {
        yield (await f.result()) as TypedArray;
      } finally {
        f.release();
      }
    }
  } finally {
    if (inflight.length) {
      await client.cancel(inflight);
      for (const f of inflight) f.release();
    }
  }
}
