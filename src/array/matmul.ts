/**
 * Blocked 2-d `matmul` / `dot`: output block (i, j) sums A(i, l)·B(l, j) over the k-blocks l,
 * in one task that reads a row of A's blocks and a column of B's (the k axes of A and B are
 * first cut at shared boundaries). Accumulates in float64; the result has numpy's dtype.
 */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { blockIndices, refineAxis } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { type Dtype, resultTypeOf } from './kernels.js';
import { taskOp } from './lower.js';
import { blockKey, layerNode } from './node.js';

export function matmul(a: ChunkedArray, b: ChunkedArray): ChunkedArray {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new TuskError('InvalidArgument', `matmul: only 2-d operands are supported for now, got shapes ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)}`, {
      hint: 'reshape a vector to (1, n) or (n, 1) first',
    });
  }
  if (a.shape[1] !== b.shape[0]) {
    throw new TuskError('ShapeMismatch', `matmul: shapes ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)} do not line up (${a.shape[1]} ≠ ${b.shape[0]})`);
  }
  const dtype = resultTypeOf(a.dtype, b.dtype) as Dtype;
  const kc = refineAxis(a.chunks[1]!, b.chunks[0]!);
  const chunks = [[...a.chunks[0]!], [...b.chunks[1]!]];
  const shape = [a.shape[0]!, b.shape[1]!];
  return new ChunkedArray(
    layerNode('matmul', null, [a.node, b.node], shape, dtype, chunks, (bld) => {
      const op = taskOp('matmulBlock', 'structure-tasks');
      for (const [i, j] of blockIndices(chunks.map((c) => c.length))) {
        const pairs = kc.map((k, l) => ({ a: ref(blockKey(bld.inputNames[0]!, [i!, l])), b: ref(blockKey(bld.inputNames[1]!, [l, j!])), k }));
        bld.addTask(blockKey(bld.name, [i!, j!]), op, [dtype, chunks[0]![i!]!, chunks[1]![j!]!, pairs]);
      }
    }, [[chunks[0]!, kc], [kc, chunks[1]!]]),
  );
}

/** numpy's `dot` for 2-d operands (the same as matmul). */
export const dot = matmul;
