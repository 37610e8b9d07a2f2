/**
 * Worker-side tasks of the structural ops (slice, transpose, take, reshape, cumulative sums,
 * matmul). Like `tasks.ts`: plain data and typed arrays in, a typed array out, no graphs.
 */
import { copyBox } from './nd.js';
import { type Dtype, type TypedArray, allocate } from './kernels.js';

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1, s = 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k]!;
  }
  return out;
}

/** Calls `f(outFlat, srcFlat)` over an n-d index space `count`, where srcFlat = base + Σ i_k·step_k. */
function walk(count: readonly number[], base: number, step: readonly number[], f: (o: number, s: number) => void): void {
  const total = sizeOf(count);
  if (total === 0) return;
  const nd = count.length;
  const idx = new Array<number>(nd).fill(0);
  let s = base;
  for (let o = 0; o < total; o++) {
    f(o, s);
    let k = nd - 1;
    while (k >= 0) {
      idx[k]!++;
      s += step[k]!;
      if (idx[k]! < count[k]!) break;
      s -= step[k]! * count[k]!;
      idx[k] = 0;
      k--;
    }
  }
}

/** Elements start + i·step (per axis, steps may be negative) of one block. */
export function sliceBlock(dtype: Dtype, shape: number[], start: number[], step: number[], count: number[], data: TypedArray): TypedArray {
  const st = strides(shape);
  const out = allocate(dtype, sizeOf(count));
  let base = 0;
  start.forEach((s, k) => (base += s * st[k]!));
  walk(count, base, step.map((s, k) => s * st[k]!), (o, s) => (out[o] = data[s]!));
  return out;
}

/** numpy's transpose of one block: output axis k is input axis `axes[k]`. */
export function transposeBlock(dtype: Dtype, shape: number[], axes: number[], data: TypedArray): TypedArray {
  const st = strides(shape);
  const out = allocate(dtype, data.length);
  walk(axes.map((a) => shape[a]!), 0, axes.map((a) => st[a]!), (o, s) => (out[o] = data[s]!));
  return out;
}

export interface TakePiece {
  data: TypedArray;
  shape: number[];
  /** Positions along the axis in the source block, and where each goes in the output block. */
  src: number[];
  dst: number[];
}

/** One block of `take` along `axis`: hyperplanes copied from the source blocks that hold them. */
export function takeBlock(dtype: Dtype, axis: number, shape: number[], pieces: TakePiece[]): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  for (const p of pieces) {
    const box = p.shape.map((d, k) => (k === axis ? 1 : d));
    p.src.forEach((s, i) => {
      const from = p.shape.map((_, k) => (k === axis ? s : 0));
      const to = shape.map((_, k) => (k === axis ? p.dst[i]! : 0));
      copyBox(p.data, p.shape, from, out, shape, to, box);
    });
  }
  return out;
}

export interface FlatPiece {
  data: TypedArray;
  /** Copy data[from … from + length) to out[to …). */
  from: number;
  to: number;
  length: number;
}

/** One block of a reshape: contiguous runs of C-order elements gathered from the source blocks. */
export function flatBlock(dtype: Dtype, n: number, pieces: FlatPiece[]): TypedArray {
  const out = allocate(dtype, n);
  for (const p of pieces) out.set(p.data.subarray(p.from, p.from + p.length), p.to);
  return out;
}

/** A block unchanged (a renamed block: concatenate, stack). */
export function sameBlock(data: TypedArray): TypedArray {
  return data;
}

/** Cumulative sum or product along `axis` within one block, in float64, stored as `dtype`. */
export function cumBlock(kind: 'sum' | 'prod', axis: number, shape: number[], dtype: Dtype, data: TypedArray): TypedArray {
  const out = allocate(dtype, data.length);
  const st = strides(shape);
  const len = shape[axis]!;
  const s = st[axis]!;
  const outerShape = shape.map((d, k) => (k === axis ? 1 : d));
  const acc = new Float64Array(1);
  walk(outerShape, 0, st, (_o, base) => {
    acc[0] = kind === 'sum' ? 0 : 1;
    for (let i = 0; i < len; i++) {
      const j = base + i * s;
      acc[0] = kind === 'sum' ? acc[0]! + data[j]! : acc[0]! * data[j]!;
      out[j] = acc[0]!;
    }
  });
  return out;
}

/** The carry into the next block: the previous carry combined with this block's last hyperplane. */
export function cumCarry(kind: 'sum' | 'prod', axis: number, shape: number[], carry: Float64Array | null, cum: TypedArray): Float64Array {
  const plane = shape.map((d, k) => (k === axis ? 1 : d));
  const last = new Float64Array(sizeOf(plane));
  copyBox(cum, shape, shape.map((d, k) => (k === axis ? d - 1 : 0)), last, plane, plane.map(() => 0), plane);
  if (carry) for (let i = 0; i < last.length; i++) last[i] = kind === 'sum' ? last[i]! + carry[i]! : last[i]! * carry[i]!;
  return last;
}

/** A block's local cumulative values combined with the carry from the blocks before it. */
export function cumApply(kind: 'sum' | 'prod', axis: number, shape: number[], dtype: Dtype, cum: TypedArray, carry: Float64Array): TypedArray {
  const out = allocate(dtype, cum.length);
  const plane = shape.map((d, k) => (k === axis ? 1 : d));
  const pst = strides(plane);
  // Walk the block and the carry plane together; the carry's stride along `axis` is 0.
  const idx = new Array<number>(shape.length).fill(0);
  for (let j = 0; j < cum.length; j++) {
    let c = 0;
    for (let k = 0; k < shape.length; k++) if (k !== axis) c += idx[k]! * pst[k]!;
    out[j] = kind === 'sum' ? cum[j]! + carry[c]! : cum[j]! * carry[c]!;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** One output block of a blocked matmul: Σ over k-blocks of A(i, l) · B(l, j), in float64. */
export function matmulBlock(dtype: Dtype, m: number, n: number, pairs: { a: TypedArray; b: TypedArray; k: number }[]): TypedArray {
  const acc = new Float64Array(m * n);
  for (const { a, b, k } of pairs) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let l = 0; l < k; l++) {
        const v = a[i * k + l]!;
        if (v === 0) continue;
        const brow = l * n;
        for (let j = 0; j < n; j++) acc[row + j]! += v * b[brow + j]!;
      }
    }
  }
  const out = allocate(dtype, m * n);
  if (dtype === 'bool') for (let i = 0; i < acc.length; i++) out[i] = acc[i] !== 0 ? 1 : 0;
  else out.set(acc); // typed-array stores round float32 and wrap integers
  return out;
}
