/**
 * numpy broadcasting of shapes, and the chunking of a broadcast result.
 *
 * Shapes align on the right; an axis of size 1 stretches. The result's chunks along each axis
 * are the common refinement of the operands that span that axis (dask's `unify_chunks`), so
 * operands chunked differently meet at shared block boundaries: generated and element-wise
 * operands are simply evaluated at the new chunking, stored ones are rechunked (`lower.ts`).
 */
import { TuskError } from '../errors.js';
import { refineAxis } from './chunks.js';

export interface Shaped {
  readonly shape: readonly number[];
  readonly chunks: readonly (readonly number[])[];
}

export function broadcastShapes(op: string, shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    const off = nd - s.length;
    for (let k = 0; k < s.length; k++) {
      const d = s[k]!;
      const o = out[k + off]!;
      if (d === o || d === 1) continue;
      if (o === 1) out[k + off] = d;
      else {
        throw new TuskError('ShapeMismatch', `${op}: shapes ${shapes.map((x) => JSON.stringify(x)).join(', ')} cannot be broadcast together (axis ${k + off}: ${o} vs ${d})`, {
          context: { op, shapes },
          hint: 'shapes align on the right and an axis must match or be 1, as in numpy; reshape or slice one operand',
        });
      }
    }
  }
  return out;
}

/** The chunks of the broadcast result of `operands` (whose shapes broadcast to `shape`). */
export function broadcastChunks(shape: readonly number[], operands: readonly Shaped[]): number[][] {
  const nd = shape.length;
  const out: (number[] | undefined)[] = new Array(nd).fill(undefined);
  for (const x of operands) {
    const off = nd - x.shape.length;
    x.shape.forEach((d, k) => {
      if (d !== shape[k + off] || (d === 1 && shape[k + off] === 1 && out[k + off])) return;
      const c = x.chunks[k]!;
      out[k + off] = out[k + off] ? refineAxis(out[k + off]!, c) : [...c];
    });
  }
  return out.map((c, k) => c ?? [shape[k]!]);
}

/**
 * The chunking an operand of shape `inShape` needs to line up with a result chunked `chunks`
 * (shape `shape`): stretched axes stay one block of size 1.
 */
export function operandChunks(inShape: readonly number[], shape: readonly number[], chunks: readonly (readonly number[])[]): number[][] {
  const off = shape.length - inShape.length;
  return inShape.map((d, k) => (d === shape[k + off] ? [...chunks[k + off]!] : [d]));
}
