/**
 * N-d copies between C-order buffers: a box of one array into a box of another, and
 * broadcasting a block to a larger block. Used by the worker-side tasks (rechunk, broadcast
 * inputs) and by the client when it assembles computed blocks into one array.
 *
 * Copies walk the box row by row along the last axis, so the inner loop is a `set` of a
 * contiguous run — cheap even for large boxes.
 */

type Buf = { length: number; [i: number]: number; set(src: ArrayLike<number>, offset?: number): void; subarray(a: number, b: number): Buf };

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k]!;
  }
  return out;
}

/**
 * Copies the box of size `box` starting at `srcStart` in `src` (shape `srcShape`) to
 * `dstStart` in `dst` (shape `dstShape`).
 */
export function copyBox(
  src: Buf, srcShape: readonly number[], srcStart: readonly number[],
  dst: Buf, dstShape: readonly number[], dstStart: readonly number[],
  box: readonly number[],
): void {
  const nd = box.length;
  if (box.some((b) => b === 0)) return;
  if (nd === 0) {
    dst[0] = src[0]!;
    return;
  }
  const ss = strides(srcShape);
  const ds = strides(dstShape);
  const run = box[nd - 1]!;
  const outer = box.slice(0, -1);
  const idx = new Array<number>(nd - 1).fill(0);
  for (;;) {
    let so = srcStart[nd - 1]!;
    let doff = dstStart[nd - 1]!;
    for (let k = 0; k < nd - 1; k++) {
      so += (srcStart[k]! + idx[k]!) * ss[k]!;
      doff += (dstStart[k]! + idx[k]!) * ds[k]!;
    }
    dst.set(src.subarray(so, so + run), doff);
    let k = nd - 2;
    while (k >= 0 && ++idx[k]! === outer[k]) idx[k--] = 0;
    if (k < 0) break;
  }
}

/**
 * Broadcasts `src` (shape `srcShape`, right-aligned against `outShape`, size-1 axes stretched)
 * into `out`.
 */
export function broadcastInto(src: Buf, srcShape: readonly number[], out: Buf, outShape: readonly number[]): void {
  const nd = outShape.length;
  const off = nd - srcShape.length;
  const full = outShape.map((d, k) => (k < off ? 1 : srcShape[k - off]!));
  const ss = strides(full).map((s, k) => (full[k] === 1 && outShape[k] !== 1 ? 0 : s));
  const total = outShape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  if (nd === 0) {
    out[0] = src[0]!;
    return;
  }
  const last = outShape[nd - 1]!;
  const lastStretched = ss[nd - 1] === 0;
  const idx = new Array<number>(nd - 1).fill(0);
  for (let row = 0; row < total; row += last) {
    let so = 0;
    for (let k = 0; k < nd - 1; k++) so += idx[k]! * ss[k]!;
    if (lastStretched) {
      const v = src[so]!;
      for (let j = 0; j < last; j++) out[row + j] = v;
    } else out.set(src.subarray(so, so + last), row);
    let k = nd - 2;
    while (k >= 0 && ++idx[k]! === outShape[k]) idx[k--] = 0;
  }
}
