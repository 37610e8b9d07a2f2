/**
 * `concatenate` and `stack`. Blocks are reused as they are (a `sameBlock` task renames one),
 * after the inputs are cast to their common dtype and lined up on shared chunk boundaries
 * along the other axes.
 */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { blockIndices, refineAxis } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { astype } from './elementwise.js';
import { type Dtype, resultTypeOf } from './kernels.js';
import { taskOp } from './lower.js';
import { blockKey, layerNode } from './node.js';

function common(what: string, arrays: readonly ChunkedArray[]): ChunkedArray[] {
  if (arrays.length === 0) throw new TuskError('InvalidArgument', `${what}: need at least one array`);
  const dtype = resultTypeOf(...arrays.map((a) => a.dtype)) as Dtype;
  return arrays.map((a) => astype(a, dtype));
}

function unifyOthers(arrays: readonly ChunkedArray[], skip: number): number[][] {
  const nd = arrays[0]!.ndim;
  return Array.from({ length: nd }, (_, k) => (k === skip ? [] : arrays.map((a) => a.chunks[k]!).reduce((x, y) => refineAxis(x, y) as readonly number[]) as number[]));
}

export function concatenate(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  const xs = common('concatenate', arrays);
  const nd = xs[0]!.ndim;
  if (nd === 0) throw new TuskError('InvalidArgument', 'concatenate: zero-dimensional arrays cannot be concatenated');
  const ax = axis < 0 ? axis + nd : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= nd) throw new TuskError('InvalidArgument', `concatenate: axis ${axis} is out of bounds for dimension ${nd}`);
  for (const a of xs) {
    if (a.ndim !== nd || a.shape.some((d, k) => k !== ax && d !== xs[0]!.shape[k])) {
      throw new TuskError('ShapeMismatch', `concatenate: shapes ${xs.map((x) => JSON.stringify(x.shape)).join(', ')} differ off axis ${ax}`);
    }
  }
  const others = unifyOthers(xs, ax);
  const inputChunks = xs.map((a) => others.map((c, k) => (k === ax ? [...a.chunks[ax]!] : c)));
  const chunks = others.map((c, k) => (k === ax ? xs.flatMap((a) => a.chunks[ax]!) : c));
  const shape = xs[0]!.shape.map((d, k) => (k === ax ? xs.reduce((s, a) => s + a.shape[ax]!, 0) : d));
  const owner: [number, number][] = xs.flatMap((a, i) => a.chunks[ax]!.map((_, j) => [i, j] as [number, number]));
  return new ChunkedArray(
    layerNode('concatenate', ax, xs.map((a) => a.node), shape, xs[0]!.dtype, chunks, (b) => {
      const op = taskOp('sameBlock', 'structure-tasks');
      for (const idx of blockIndices(chunks.map((c) => c.length))) {
        const [i, j] = owner[idx[ax]!]!;
        b.addTask(blockKey(b.name, idx), op, [ref(blockKey(b.inputNames[i]!, idx.map((v, k) => (k === ax ? j : v))))]);
      }
    }, inputChunks),
  );
}

export function stack(arrays: readonly ChunkedArray[], axis = 0): ChunkedArray {
  const xs = common('stack', arrays);
  const nd = xs[0]!.ndim;
  const ax = axis < 0 ? axis + nd + 1 : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax > nd) throw new TuskError('InvalidArgument', `stack: axis ${axis} is out of bounds for dimension ${nd + 1}`);
  for (const a of xs) {
    if (a.ndim !== nd || a.shape.some((d, k) => d !== xs[0]!.shape[k])) {
      throw new TuskError('ShapeMismatch', `stack: all arrays need the same shape, got ${xs.map((x) => JSON.stringify(x.shape)).join(', ')}`);
    }
  }
  const others = unifyOthers(xs, -1);
  const chunks = [...others.slice(0, ax), xs.map(() => 1), ...others.slice(ax)];
  const shape = [...xs[0]!.shape.slice(0, ax), xs.length, ...xs[0]!.shape.slice(ax)];
  return new ChunkedArray(
    layerNode('stack', ax, xs.map((a) => a.node), shape, xs[0]!.dtype, chunks, (b) => {
      const op = taskOp('sameBlock', 'structure-tasks');
      for (const idx of blockIndices(chunks.map((c) => c.length))) {
        // A block with a new axis of size 1 holds the same elements in the same order.
        const inIdx = idx.filter((_, k) => k !== ax);
        b.addTask(blockKey(b.name, idx), op, [ref(blockKey(b.inputNames[idx[ax]!]!, inIdx))]);
      }
    }, xs.map(() => others)),
  );
}
