/**
 * Where a block's bytes sit in a C-order file: a block (a box of the array) is a list of
 * contiguous runs. Trailing axes the block spans whole merge into one run, so a block of an
 * array chunked along axis 0 only is a single run, and a general block is read row by row.
 * Shared by the worker tasks (reads, writes) and the main thread (size checks).
 */

function product(xs: readonly number[]): number {
  let n = 1;
  for (const x of xs) n *= x;
  return n;
}

/**
 * Calls `f(boxOffset, arrayOffset, length)` (in elements) for each contiguous run of the box
 * `start … start + box` inside an array of `shape`, in C order. `boxOffset` is where the run
 * starts in the box's own C-order data.
 */
export function boxRuns(shape: readonly number[], start: readonly number[], box: readonly number[], f: (boxOffset: number, arrayOffset: number, length: number) => void): void {
  const nd = shape.length;
  if (nd === 0) return f(0, 0, 1);
  if (box.some((d) => d === 0)) return;
  // Axes after m are spanned whole, so each run covers box[m] · (size of one axis-m step).
  let m = nd - 1;
  while (m > 0 && box[m] === shape[m]) m--;
  const strides = new Array<number>(nd);
  for (let k = nd - 1, s = 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k]!;
  }
  const run = box[m]! * strides[m]!;
  let offset = 0;
  for (let k = 0; k < nd; k++) offset += start[k]! * strides[k]!;
  const outer = box.slice(0, m);
  const count = product(outer);
  const idx = new Array<number>(m).fill(0);
  for (let r = 0; r < count; r++) {
    f(r * run, offset, run);
    for (let k = m - 1; k >= 0; k--) {
      idx[k]!++;
      offset += strides[k]!;
      if (idx[k]! < outer[k]!) break;
      offset -= strides[k]! * outer[k]!;
      idx[k] = 0;
    }
  }
}
