/**
 * `mapBlocks(x, fn)`: run your own function on every block. `fn` ships like a
 * `client.submit` function (a registered op, a `Math.*` builtin, a self-contained function
 * shipped by source, or `fromModule(path, name)`), and is called as
 * `fn(block, { shape, index })` with the block as a C-order typed array; it must return a
 * typed array of the block's size (or of `chunks` when given) and of `dtype` (default: x's).
 */
import { opOf } from '../client/ship.js';
import { TuskError } from '../errors.js';
import { tokenize } from '../graph/tokenize.js';
import { ref } from '../graph/types.js';
import { type ChunkSpec, blockIndices, blockShape, normalizeChunks } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import type { Dtype, TypedArray } from './kernels.js';
import { blockKey, layerNode } from './node.js';

export interface MapBlocksOptions {
  dtype?: Dtype;
  /** The output's chunks, when fn changes block shapes (same number of blocks per axis). */
  chunks?: ChunkSpec;
}

export type BlockFn = (block: TypedArray, info: { shape: number[]; index: number[] }) => TypedArray;

export function mapBlocks(x: ChunkedArray, fn: BlockFn, options: MapBlocksOptions = {}): ChunkedArray {
  const op = opOf(fn, 'fn', 'mapBlocks');
  const n = x.node;
  const dtype = options.dtype ?? n.dtype;
  let chunks = n.chunks.map((c) => [...c]);
  if (options.chunks !== undefined) {
    const spec = options.chunks;
    const guess = Array.isArray(spec) && spec.every(Array.isArray) ? (spec as number[][]).map((c) => c.reduce((a, b) => a + b, 0)) : n.shape;
    chunks = normalizeChunks(spec, guess, dtype);
    if (chunks.length !== n.chunks.length || chunks.some((c, k) => c.length !== n.chunks[k]!.length)) {
      throw new TuskError('InvalidChunks', `mapBlocks: chunks ${JSON.stringify(options.chunks)} must have the input's ${JSON.stringify(n.chunks.map((c) => c.length))} blocks per axis`);
    }
  }
  const shape = chunks.map((c) => c.reduce((a, b) => a + b, 0));
  return new ChunkedArray(
    layerNode('mapBlocks', tokenize(op), [n], shape, dtype, chunks, (b) => {
      for (const idx of blockIndices(n.chunks.map((c) => c.length))) {
        b.addTask(blockKey(b.name, idx), op, [ref(blockKey(b.inputNames[0]!, idx)), { shape: blockShape(n.chunks, idx), index: idx }]);
      }
    }),
  );
}
