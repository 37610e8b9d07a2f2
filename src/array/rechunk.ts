/**
 * `rechunk`: the same values in new chunks. A generated or element-wise array is simply
 * re-evaluated at the new chunking (its blocks come from global indices, so this is free);
 * stored blocks are cut and copied — each new block from the old blocks it overlaps.
 */
import { tokenize } from '../graph/tokenize.js';
import { type ChunkSpec, normalizeChunks, sameChunks } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { rechunkTasks } from './lower.js';
import { genNode, layerNode, mapNode } from './node.js';

export function rechunk(x: ChunkedArray, spec: ChunkSpec): ChunkedArray {
  const chunks = normalizeChunks(spec, x.shape, x.dtype);
  if (sameChunks(chunks, x.chunks)) return x;
  const n = x.node;
  if (n.kind === 'gen') return new ChunkedArray(genNode(n.label, n.expr, n.shape, n.dtype, chunks, n.view));
  if (n.kind === 'map') return new ChunkedArray(mapNode(n.op, n.args, n.shape, n.dtype, chunks));
  return new ChunkedArray(
    layerNode('rechunk', tokenize(chunks), [n], n.shape, n.dtype, chunks, (b) => {
      rechunkTasks(b.inputNames[0]!, n.dtype, n.chunks, chunks, b.name, b.addTask);
    }),
  );
}
