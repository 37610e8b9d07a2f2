/**
 * `reshape`: the same elements in C order under a new shape (one −1 is inferred).
 *
 * Works for any reshape by going through flat ranges: the input is taken chunked along its
 * first axis only (free for generated/element-wise arrays, a rechunk for stored ones), so each
 * input block is a contiguous run of C-order elements; output blocks are runs of whole output
 * rows of about the same size, each copied from the input runs it overlaps. The cost of that
 * generality: trailing axes are never split, so a reshape of an array with huge rows makes
 * row-sized chunks.
 */
import { TuskError } from '../errors.js';
import { ref } from '../graph/types.js';
import { offsets, sizeOf } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { taskOp } from './lower.js';
import { type Node, type Operand, blockKey, genNode, layerNode, mapNode } from './node.js';

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  const unknown = shape.filter((d) => d === -1).length;
  const known = shape.filter((d) => d !== -1);
  const bad = () => {
    throw new TuskError('ShapeMismatch', `reshape: cannot reshape an array of shape ${JSON.stringify(from)} (size ${size}) into shape ${JSON.stringify(shape)}`);
  };
  if (unknown > 1 || known.some((d) => !Number.isSafeInteger(d) || d < 0)) bad();
  const prod = sizeOf(known);
  if (unknown) {
    if (prod === 0 || size % prod !== 0) bad();
    return shape.map((d) => (d === -1 ? size / prod : d));
  }
  if (prod !== size) bad();
  return [...shape];
}

/** The same generated chain under a new shape, or undefined if it reads stored or broadcast data. */
function reshapeGenerated(n: Node, shape: number[], chunks: number[][]): Node | undefined {
  if (n.kind === 'gen') return n.view ? undefined : genNode(n.label, n.expr, shape, n.dtype, chunks);
  if (n.kind !== 'map') return undefined;
  const args: Operand[] = [];
  for (const a of n.args) {
    if (typeof a === 'number') args.push(a);
    else {
      if (a.shape.length !== n.shape.length || a.shape.some((d, k) => d !== n.shape[k])) return undefined;
      const r = reshapeGenerated(a, shape, chunks);
      if (!r) return undefined;
      args.push(r);
    }
  }
  return mapNode(n.op, args, shape, n.dtype, chunks);
}

export function reshape(x: ChunkedArray, newShape: number | readonly number[]): ChunkedArray {
  const n = x.node;
  const shape = resolveShape(typeof newShape === 'number' ? [newShape] : newShape, x.size, n.shape);
  if (shape.length === n.shape.length && shape.every((d, k) => d === n.shape[k])) return x;
  // Input: chunked along axis 0 only, so each block is one contiguous flat run.
  const inChunks = n.shape.map((d, k) => (k === 0 ? [...n.chunks[0]!] : [d]));
  const rowIn = sizeOf(n.shape.slice(1));
  const inRuns = n.shape.length ? offsets(inChunks[0]!).map((r) => r * rowIn) : [0, 1];
  const nIn = Math.max(1, inRuns.length - 1);
  // Output: runs of whole rows, each about the size of an input block.
  const rowOut = sizeOf(shape.slice(1));
  const target = Math.max(1, Math.ceil(x.size / nIn));
  const rowsPer = Math.max(1, Math.round(target / Math.max(1, rowOut)));
  const along: number[] = [];
  if (shape.length) {
    for (let r = 0; r < shape[0]!; r += rowsPer) along.push(Math.min(rowsPer, shape[0]! - r));
    if (!along.length) along.push(0);
  }
  const chunks = shape.map((d, k) => (k === 0 ? along : [d]));
  // Generated values depend only on the flat C-order index, so a chain of them reshapes for free.
  const free = reshapeGenerated(n, shape, chunks);
  if (free) return new ChunkedArray(free);
  const outRuns = shape.length ? offsets(along).map((r) => r * rowOut) : [0, 1];
  return new ChunkedArray(
    layerNode('reshape', shape, [n], shape, n.dtype, chunks, (b) => {
      const op = taskOp('flatBlock', 'structure-tasks');
      const inKey = (i: number) => blockKey(b.inputNames[0]!, n.shape.map((_, k) => (k === 0 ? i : 0)));
      for (let o = 0; o + 1 < outRuns.length; o++) {
        const lo = outRuns[o]!, hi = outRuns[o + 1]!;
        const pieces = [];
        for (let i = 0; i + 1 < inRuns.length; i++) {
          const s = Math.max(lo, inRuns[i]!), e = Math.min(hi, inRuns[i + 1]!);
          if (e > s) pieces.push({ data: ref(inKey(i)), from: s - inRuns[i]!, to: s - lo, length: e - s });
        }
        b.addTask(blockKey(b.name, shape.map((_, k) => (k === 0 ? o : 0))), op, [n.dtype, hi - lo, pieces]);
      }
    }, [inChunks]),
  );
}
