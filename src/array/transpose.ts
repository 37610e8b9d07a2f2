/** `transpose` / `.T`: permute axes; each block is transposed on its own, block indices permuted. */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { blockIndices, blockShape } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { taskOp } from './lower.js';
import { blockKey, layerNode } from './node.js';

export function transpose(x: ChunkedArray, axes?: readonly number[]): ChunkedArray {
  const nd = x.ndim;
  const perm = axes ? axes.map((a) => (a < 0 ? a + nd : a)) : Array.from({ length: nd }, (_, k) => nd - 1 - k);
  if (perm.length !== nd || new Set(perm).size !== nd || perm.some((a) => !Number.isInteger(a) || a < 0 || a >= nd)) {
    throw new TuskError('InvalidArgument', `transpose: axes ${JSON.stringify(axes)} are not a permutation of the ${nd} axes of shape ${JSON.stringify(x.shape)}`);
  }
  if (perm.every((a, k) => a === k)) return x;
  const n = x.node;
  const shape = perm.map((a) => n.shape[a]!);
  const chunks = perm.map((a) => [...n.chunks[a]!]);
  return new ChunkedArray(
    layerNode('transpose', perm, [n], shape, n.dtype, chunks, (b) => {
      const op = taskOp('transposeBlock', 'structure-tasks');
      for (const idx of blockIndices(chunks.map((c) => c.length))) {
        const inIdx = new Array<number>(nd);
        perm.forEach((a, k) => (inIdx[a] = idx[k]!));
        b.addTask(blockKey(b.name, idx), op, [n.dtype, blockShape(n.chunks, inIdx), perm, ref(blockKey(b.inputNames[0]!, inIdx))]);
      }
    }),
  );
}
