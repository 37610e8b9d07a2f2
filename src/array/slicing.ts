/**
 * Basic indexing: `x.slice(spec, …)`, one spec per leading axis (the rest are kept whole).
 * A spec is an integer (selects one position and drops the axis; negative counts from the end),
 * a `[start, stop, step]` tuple with Python's meaning (any part may be null/undefined; negative
 * steps walk backwards), or null for the whole axis:
 *
 *   x.slice([null, null, -1])       // x[::-1]
 *   x.slice(3, [1, -1, 2])          // x[3, 1:-1:2]
 *
 * Each output block is cut from exactly one input block (dask's habit), so chunk boundaries
 * along a sliced axis follow the input's.
 */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { blockIndices, blockShape, offsets, stridesOf } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { taskOp } from './lower.js';
import { type Node, type Operand, blockKey, genNode, layerNode, mapNode } from './node.js';

export type SliceSpec = number | null | undefined | readonly [(number | null)?, (number | null)?, (number | null)?];

interface AxisCut {
  /** Per output chunk: the input block, the local start, and the count. */
  pieces: { block: number; start: number; count: number }[];
  start: number;
  step: number;
  count: number;
  drop: boolean;
}

/** Python's `slice.indices`: start, step and count for an axis of length `dim`. */
export function sliceIndices(spec: readonly [(number | null)?, (number | null)?, (number | null)?], dim: number): [number, number, number] {
  const step = spec[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new TuskError('InvalidArgument', `slice: step must be a non-zero integer, got ${step}`);
  const norm = (v: number | null | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return dflt;
    if (!Number.isInteger(v)) throw new TuskError('InvalidArgument', `slice: bounds must be integers, got ${v}`);
    const w = v < 0 ? v + dim : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const [start, stop] = step > 0 ? [norm(spec[0], 0, 0, dim), norm(spec[1], dim, 0, dim)] : [norm(spec[0], dim - 1, -1, dim - 1), norm(spec[1], -1, -1, dim - 1)];
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return [start, step, count];
}

function cutAxis(spec: SliceSpec, dim: number, sizes: readonly number[], axis: number, shape: readonly number[]): AxisCut {
  let start: number, step: number, count: number;
  const drop = typeof spec === 'number';
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < -dim || spec >= dim) {
      throw new TuskError('IndexOutOfRange', `slice: index ${spec} is out of bounds for axis ${axis} with size ${dim} (shape ${JSON.stringify(shape)})`);
    }
    [start, step, count] = [spec < 0 ? spec + dim : spec, 1, 1];
  } else [start, step, count] = sliceIndices(spec ?? [], dim);
  const off = offsets(sizes);
  const pieces: AxisCut['pieces'] = [];
  // Walk the selected positions; each run inside one input block becomes one output chunk.
  let j = 0;
  while (j < count) {
    const pos = start + j * step;
    let b = 0;
    while (off[b + 1]! <= pos) b++;
    const lo = off[b]!, hi = off[b + 1]!;
    const last = step > 0 ? Math.min(count, j + Math.floor((hi - 1 - pos) / step) + 1) : Math.min(count, j + Math.floor((pos - lo) / -step) + 1);
    pieces.push({ block: b, start: pos - lo, count: last - j });
    j = last;
  }
  if (pieces.length === 0) pieces.push({ block: 0, start: 0, count: 0 });
  return { pieces, start, step, count, drop };
}

/**
 * A slice of a purely generated chain is the same chain viewed through new strides: no block
 * of the full array is computed (`random.normal([2e9]).slice([0, 10])` draws 10 numbers). The
 * kernels need unit stride along the last axis, so other slices take the general path.
 */
function sliceGenerated(n: Node, cuts: readonly AxisCut[], shape: number[], chunks: number[][]): Node | undefined {
  if (n.kind === 'gen') {
    const base = n.view ?? { offset: 0, strides: stridesOf(n.shape) };
    const strides = base.strides.map((st, k) => st * cuts[k]!.step).filter((_, k) => !cuts[k]!.drop);
    if (strides.length && strides[strides.length - 1] !== 1) return undefined;
    const empty = cuts.some((c) => c.count === 0);
    const offset = empty ? 0 : cuts.reduce((o, c, k) => o + c.start * base.strides[k]!, base.offset);
    return genNode(n.label, n.expr, shape, n.dtype, chunks, { offset, strides });
  }
  if (n.kind !== 'map') return undefined;
  const args: Operand[] = [];
  for (const a of n.args) {
    if (typeof a === 'number') args.push(a);
    else {
      if (a.shape.length !== n.shape.length || a.shape.some((d, k) => d !== n.shape[k])) return undefined;
      const r = sliceGenerated(a, cuts, shape, chunks);
      if (!r) return undefined;
      args.push(r);
    }
  }
  return mapNode(n.op, args, shape, n.dtype, chunks);
}

export function slice(x: ChunkedArray, ...specs: SliceSpec[]): ChunkedArray {
  const n = x.node;
  if (specs.length > x.ndim) throw new TuskError('IndexOutOfRange', `slice: ${specs.length} indices for an array of dimension ${x.ndim} (shape ${JSON.stringify(x.shape)})`);
  const cuts = n.shape.map((d, k) => cutAxis(specs[k], d, n.chunks[k]!, k, n.shape));
  const kept = cuts.map((c, k) => k).filter((k) => !cuts[k]!.drop);
  const chunks = kept.map((k) => cuts[k]!.pieces.map((p) => p.count));
  const shape = chunks.map((c) => c.reduce((a, b) => a + b, 0));
  const generated = sliceGenerated(n, cuts, shape, chunks);
  if (generated) return new ChunkedArray(generated);
  return new ChunkedArray(
    layerNode('slice', specs.map((s) => (s === undefined ? null : s)), [n], shape, n.dtype, chunks, (b) => {
      const op = taskOp('sliceBlock', 'structure-tasks');
      for (const idx of blockIndices(chunks.map((c) => c.length))) {
        const parts = cuts.map((c, k) => (c.drop ? c.pieces[0]! : c.pieces[idx[kept.indexOf(k)]!]!));
        const inIdx = parts.map((p) => p.block);
        b.addTask(blockKey(b.name, idx), op, [
          n.dtype, blockShape(n.chunks, inIdx), parts.map((p) => p.start), cuts.map((c) => c.step), parts.map((p) => p.count),
          ref(blockKey(b.inputNames[0]!, inIdx)),
        ]);
      }
    }),
  );
}
