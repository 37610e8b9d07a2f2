/**
 * Reductions (`sum`, `mean`, `std`, …) over no axis (everything), one axis or a list, with
 * `keepdims`. This file checks arguments and computes the result's shape, dtype and chunks;
 * `lower.ts` builds the per-block partials → `splitEvery` combine tree → finalize tasks, and
 * the kernels define the partials (pairwise sums, Chan merges of moments).
 */
import { TuskError } from '../errors.js';
import { ChunkedArray } from './chunked-array.js';
import { type Dtype, type ReductionKind, reductionResultType } from './kernels.js';
import { reduceNode } from './node.js';

export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all axes when omitted. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes as size 1 (numpy's keepdims). */
  keepdims?: boolean;
  /** Partials combined per task in the reduction tree (default 8). */
  splitEvery?: number;
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is N − ddof (default 0). */
  ddof?: number;
}

export const DEFAULT_SPLIT_EVERY = 8;

export function normalizeAxes(what: string, axis: ReduceOptions['axis'], ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, k) => k);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
      throw new TuskError('InvalidArgument', `${what}: axis ${a} is out of bounds for an array of dimension ${ndim}`, {
        hint: ndim ? `use an axis in [${-ndim}, ${ndim - 1}]` : 'a 0-d array has no axes: omit axis',
      });
    }
    return a < 0 ? a + ndim : a;
  });
  if (new Set(out).size !== out.length) throw new TuskError('InvalidArgument', `${what}: repeated axis in ${JSON.stringify(axis)}`);
  return out.sort((a, b) => a - b);
}

export function reduce(x: ChunkedArray, kind: ReductionKind, options: VarOptions = {}): ChunkedArray {
  const axes = normalizeAxes(kind, options.axis, x.ndim);
  if ((kind === 'argmin' || kind === 'argmax') && options.axis !== undefined && options.axis !== null && typeof options.axis !== 'number') {
    throw new TuskError('InvalidArgument', `${kind}: axis must be one integer or omitted (numpy takes a single axis), got ${JSON.stringify(options.axis)}`);
  }
  const splitEvery = options.splitEvery ?? DEFAULT_SPLIT_EVERY;
  if (!Number.isInteger(splitEvery) || splitEvery < 2) {
    throw new TuskError('InvalidArgument', `${kind}: splitEvery must be an integer ≥ 2, got ${splitEvery}`);
  }
  const ddof = options.ddof ?? 0;
  if (!Number.isFinite(ddof)) throw new TuskError('InvalidArgument', `${kind}: ddof must be a finite number, got ${ddof}`);
  const keepdims = options.keepdims ?? false;
  const reduced = new Set(axes);
  // A full reduction over a multi-dimensional array reports flat indices, which argmin over
  // one axis reports positions along it: either way the extent decides int32 or float64.
  const extent = axes.reduce((n, k) => n * x.shape[k]!, 1);
  const rt = reductionResultType(kind, x.dtype);
  const dtype: Dtype = rt === 'index' ? (extent < 2 ** 31 ? 'int32' : 'float64') : rt;
  const shape = keepdims ? x.shape.map((d, k) => (reduced.has(k) ? 1 : d)) : x.shape.filter((_, k) => !reduced.has(k));
  const chunks = keepdims ? x.chunks.map((c, k) => (reduced.has(k) ? [1] : [...c])) : x.chunks.filter((_, k) => !reduced.has(k)).map((c) => [...c]);
  return new ChunkedArray(reduceNode(x.node, kind, axes, keepdims, ddof, splitEvery, shape, dtype, chunks));
}

export const sum = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'sum', o);
export const prod = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'prod', o);
export const mean = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'mean', o);
export const min = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'min', o);
export const max = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'max', o);
export const std = (x: ChunkedArray, o?: VarOptions) => reduce(x, 'std', o);
export const variance = (x: ChunkedArray, o?: VarOptions) => reduce(x, 'var', o);
export const argmin = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'argmin', o);
export const argmax = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'argmax', o);
export const any = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'any', o);
export const all = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'all', o);
export const countNonzero = (x: ChunkedArray, o?: ReduceOptions) => reduce(x, 'countNonzero', o);
