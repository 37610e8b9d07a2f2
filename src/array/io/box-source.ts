/**
 * A lazy array over C-order bytes in a file (.npy data, raw bytes): one read task per block,
 * each reading only its block's byte ranges (one range when blocks span the trailing axes
 * whole, else one per row). The token covers the file's path, size and modification time, so
 * a file changed on disk gives new keys rather than stale cached blocks.
 */
import { tokenize } from '../../graph/tokenize.js';
import { type ChunkSpec, blockIndices, blockShape, normalizeChunks, offsets, sizeOf } from '../chunks.js';
import { ChunkedArray } from '../chunked-array.js';
import { type Dtype, itemSize } from '../kernels.js';
import { blockKey, sourceNode } from '../node.js';
import { type FileStat, ioOp } from './ops.js';

export function boxSource(label: string, stat: FileStat, dataOffset: number, dtype: Dtype, shape: readonly number[], spec: ChunkSpec | undefined): ChunkedArray {
  const chunks = normalizeChunks(spec, shape, dtype);
  const token = tokenize('file', label, stat.file, stat.size, stat.mtimeMs, dataOffset, dtype, shape, chunks);
  const name = `${label}-${token}`;
  const minSize = dataOffset + sizeOf(shape) * itemSize(dtype);
  const offs = chunks.map(offsets);
  const op = ioOp('readBox');
  const graph: Record<string, unknown> = {};
  for (const idx of blockIndices(chunks.map((c) => c.length))) {
    const start = idx.map((j, k) => offs[k]![j]!);
    graph[blockKey(name, idx)] = { op, args: [stat.file, dataOffset, minSize, dtype, [...shape], start, blockShape(chunks, idx)] };
  }
  return new ChunkedArray(sourceNode(label, token, graph, shape, dtype, chunks));
}
