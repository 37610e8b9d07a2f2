/**
 * Integer and boolean indexing along one axis: `take(x, [5, 0, 5], axis)` and
 * `compress(x, mask, axis)` (indices and masks are in-memory values, as in numpy's fancy
 * indexing with a concrete index). Output chunks along the axis have the input's first chunk
 * size; each output block gathers its hyperplanes from the input blocks that hold them.
 */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { blockIndices, blockShape, offsets } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { taskOp } from './lower.js';
import { blockKey, layerNode } from './node.js';

function checkAxis(what: string, axis: number, nd: number): number {
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) throw new TuskError('InvalidArgument', `${what}: axis ${axis} is out of bounds for an array of dimension ${nd}`);
  return axis < 0 ? axis + nd : axis;
}

export function take(x: ChunkedArray, indices: ArrayLike<number>, axis = 0): ChunkedArray {
  const n = x.node;
  const ax = checkAxis('take', axis, x.ndim);
  const dim = n.shape[ax]!;
  const idxs = Array.from(indices, (i) => {
    if (!Number.isInteger(i) || i < -dim || i >= dim) throw new TuskError('IndexOutOfRange', `take: index ${i} is out of bounds for axis ${ax} with size ${dim}`);
    return i < 0 ? i + dim : i;
  });
  const size = Math.max(1, ...n.chunks[ax]!);
  const along: number[] = [];
  for (let s = 0; s < idxs.length; s += size) along.push(Math.min(size, idxs.length - s));
  if (!along.length) along.push(0);
  const chunks = n.chunks.map((c, k) => (k === ax ? along : [...c]));
  const shape = n.shape.map((d, k) => (k === ax ? idxs.length : d));
  const inOff = offsets(n.chunks[ax]!);
  return new ChunkedArray(
    layerNode('take', [ax, idxs], [n], shape, n.dtype, chunks, (b) => {
      const op = taskOp('takeBlock', 'structure-tasks');
      const outOff = offsets(along);
      for (const idx of blockIndices(chunks.map((c) => c.length))) {
        const byBlock = new Map<number, { src: number[]; dst: number[] }>();
        for (let p = outOff[idx[ax]!]!; p < outOff[idx[ax]! + 1]!; p++) {
          const g = idxs[p]!;
          let blk = 0;
          while (inOff[blk + 1]! <= g) blk++;
          if (!byBlock.has(blk)) byBlock.set(blk, { src: [], dst: [] });
          byBlock.get(blk)!.src.push(g - inOff[blk]!);
          byBlock.get(blk)!.dst.push(p - outOff[idx[ax]!]!);
        }
        const pieces = [...byBlock].map(([blk, sd]) => {
          const inIdx = idx.map((i, k) => (k === ax ? blk : i));
          return { data: ref(blockKey(b.inputNames[0]!, inIdx)), shape: blockShape(n.chunks, inIdx), ...sd };
        });
        b.addTask(blockKey(b.name, idx), op, [n.dtype, ax, blockShape(chunks, idx), pieces]);
      }
    }),
  );
}

/** The positions where `mask` is true (numpy's `compress`, or `x[mask]` along an axis). */
export function compress(x: ChunkedArray, mask: ArrayLike<boolean | number>, axis = 0): ChunkedArray {
  const ax = checkAxis('compress', axis, x.ndim);
  if (mask.length !== x.shape[ax]) {
    throw new TuskError('ShapeMismatch', `compress: a mask of length ${mask.length} does not match axis ${ax} of shape ${JSON.stringify(x.shape)}`);
  }
  const idxs: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) idxs.push(i);
  return take(x, idxs, ax);
}
