/**
 * `cumsum` / `cumprod` along an axis, across chunks: each block's local cumulative values, a
 * chain of small carry tasks (the running total of the blocks before, one hyperplane each),
 * and a last pass adding (multiplying) the carry into each block. Integer and bool inputs
 * accumulate in float64 (exact to 2^53), like our sums; numpy would give int64.
 */
import { TuskError } from '../errors.js';
import type { Key } from '../graph/types.js';
import { ref } from '../graph/types.js';
import { blockIndices, blockShape } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import type { Dtype } from './kernels.js';
import { taskOp } from './lower.js';
import { blockKey, layerNode } from './node.js';
import { reshape } from './reshape.js';

function cumulative(kind: 'sum' | 'prod', x: ChunkedArray, axis?: number): ChunkedArray {
  if (axis === undefined) {
    if (x.ndim !== 1) return cumulative(kind, reshape(x, [-1]), 0); // numpy flattens when no axis is given
    axis = 0;
  }
  const nd = x.ndim;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) throw new TuskError('InvalidArgument', `cum${kind}: axis ${axis} is out of bounds for an array of dimension ${nd}`);
  const ax = axis < 0 ? axis + nd : axis;
  const n = x.node;
  const dtype: Dtype = n.dtype === 'float32' ? 'float32' : 'float64';
  return new ChunkedArray(
    layerNode(`cum${kind}`, ax, [n], n.shape, dtype, n.chunks, (b) => {
      const tok = b.name.slice(b.name.lastIndexOf('-') + 1);
      const local = (idx: number[]) => blockKey(`cum${kind}-local-${tok}`, idx);
      const carry = (idx: number[]) => blockKey(`cum${kind}-carry-${tok}`, idx);
      const st = (f: string) => taskOp(f, 'structure-tasks');
      for (const idx of blockIndices(n.chunks.map((c) => c.length))) {
        const shape = blockShape(n.chunks, idx);
        b.addTask(local(idx), st('cumBlock'), [kind, ax, shape, dtype, ref(blockKey(b.inputNames[0]!, idx))]);
        if (idx[ax] === 0) {
          b.addTask(blockKey(b.name, idx), st('sameBlock'), [ref(local(idx))]);
          continue;
        }
        const prev = idx.map((v, k) => (k === ax ? v - 1 : v));
        const prevCarry: Key | null = prev[ax]! > 0 ? carry(prev) : null;
        b.addTask(carry(idx), st('cumCarry'), [kind, ax, blockShape(n.chunks, prev), prevCarry && ref(prevCarry), ref(local(prev))]);
        b.addTask(blockKey(b.name, idx), st('cumApply'), [kind, ax, shape, dtype, ref(local(idx)), ref(carry(idx))]);
      }
    }),
  );
}

export function cumsum(x: ChunkedArray, axis?: number): ChunkedArray {
  return cumulative('sum', x, axis);
}

export function cumprod(x: ChunkedArray, axis?: number): ChunkedArray {
  return cumulative('prod', x, axis);
}
