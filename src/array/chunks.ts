/**
 * Chunk specs → explicit per-axis chunk lists (`[[4, 4, 2], [5]]`), and the block arithmetic
 * every other file needs (offsets, block shapes, C-order strides).
 *
 * A spec is one of: a size for every axis (`1e7`), a size per axis (`[100, -1]`, −1 or
 * 'auto' meaning the whole axis / automatic), explicit per-axis lists (`[[3, 3, 2], [5]]`),
 * or 'auto' — about 128 MiB per chunk, filled from the last axis backwards so chunks stay
 * contiguous row runs in C order.
 */
import { TuskError } from '../errors.js';
import { type Dtype, itemSize } from './kernels.js';

export type Chunks = readonly (readonly number[])[];
export type ChunkSpec = number | 'auto' | readonly (number | 'auto' | readonly number[])[];

/** Target bytes for 'auto' chunks (dask's default `array.chunk-size`). */
export const AUTO_CHUNK_BYTES = 128 * 2 ** 20;

export function checkShape(shape: readonly number[], what = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new TuskError('InvalidArgument', `${what} must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new TuskError('InvalidArgument', `${what} ${JSON.stringify(shape)}: every dimension must be a non-negative integer`, {
        hint: 'write sizes like [1000, 20]; 2e9 is fine as long as it is an integer',
      });
    }
  }
  return [...shape];
}

function regular(dim: number, size: number): number[] {
  if (dim === 0) return [0];
  const out: number[] = [];
  for (let s = 0; s < dim; s += size) out.push(Math.min(size, dim - s));
  return out;
}

/** Chunk sizes along each axis for about AUTO_CHUNK_BYTES per chunk; axes marked `fixed` keep theirs. */
function autoSizes(shape: readonly number[], dtype: Dtype, fixed: (number | undefined)[]): number[] {
  let budget = Math.max(1, Math.floor(AUTO_CHUNK_BYTES / itemSize(dtype)));
  for (const f of fixed) if (f !== undefined) budget = Math.max(1, Math.floor(budget / Math.max(1, f)));
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    if (fixed[k] !== undefined) {
      out[k] = fixed[k]!;
      continue;
    }
    const d = Math.max(1, shape[k]!);
    out[k] = Math.min(d, budget);
    budget = Math.max(1, Math.floor(budget / out[k]!));
  }
  return out;
}

/** Turns any chunk spec into explicit per-axis lists, with errors that name the shape. */
export function normalizeChunks(spec: ChunkSpec | undefined, shape: readonly number[], dtype: Dtype): number[][] {
  const bad = (why: string): never => {
    throw new TuskError('InvalidChunks', `chunks ${JSON.stringify(spec)} do not fit shape ${JSON.stringify(shape)}: ${why}`, {
      context: { chunks: spec, shape },
      hint: "give one size (1e6), one size per axis ([1000, -1]), explicit lists ([[3, 3, 2], [5]]) or 'auto'",
    });
  };
  const s = spec ?? 'auto';
  let perAxis: (number | 'auto' | readonly number[])[];
  if (s === 'auto') perAxis = shape.map(() => 'auto');
  else if (typeof s === 'number') perAxis = shape.map(() => s);
  else if (Array.isArray(s)) {
    if (s.length !== shape.length) bad(`${s.length} axes given for ${shape.length}`);
    perAxis = [...s];
  } else return bad('not a chunk spec');
  const fixed = perAxis.map((c, k) => (typeof c === 'number' ? (c === -1 ? Math.max(1, shape[k]!) : c) : Array.isArray(c) ? Math.max(1, ...c) : undefined));
  const auto = perAxis.some((c) => c === 'auto') ? autoSizes(shape, dtype, fixed) : [];
  return perAxis.map((c, k) => {
    const dim = shape[k]!;
    if (Array.isArray(c)) {
      if (!c.every((x) => Number.isSafeInteger(x) && x >= 0)) bad(`axis ${k}: sizes must be non-negative integers`);
      const total = c.reduce((a, b) => a + b, 0);
      if (total !== dim) bad(`axis ${k}: sizes add up to ${total}, not ${dim}`);
      if (dim > 0 && c.some((x) => x === 0)) bad(`axis ${k}: empty chunks are only allowed on an empty axis`);
      return c.length ? [...c] : [0];
    }
    const size = c === 'auto' ? auto[k]! : c === -1 ? Math.max(1, dim) : (c as unknown);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) return bad(`axis ${k}: chunk size ${String(c)} is not a positive integer (or -1 for the whole axis)`);
    return regular(dim, size);
  });
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Where each chunk starts along one axis: [0, c0, c0 + c1, …] (one longer than the list). */
export function offsets(sizes: readonly number[]): number[] {
  const out = [0];
  for (const c of sizes) out.push(out[out.length - 1]! + c);
  return out;
}

/** C-order strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k]!;
  }
  return out;
}

/** Every block index in C order. */
export function blockIndices(numblocks: readonly number[]): number[][] {
  const total = sizeOf(numblocks);
  const out: number[][] = [];
  for (let f = 0; f < total; f++) {
    const idx = new Array<number>(numblocks.length);
    let rem = f;
    for (let k = numblocks.length - 1; k >= 0; k--) {
      idx[k] = rem % numblocks[k]!;
      rem = Math.floor(rem / numblocks[k]!);
    }
    out.push(idx);
  }
  return out;
}

export function blockShape(chunks: Chunks, idx: readonly number[]): number[] {
  return idx.map((i, k) => chunks[k]![i]!);
}

export function sameChunks(a: Chunks, b: Chunks): boolean {
  return a.length === b.length && a.every((c, k) => c.length === b[k]!.length && c.every((x, i) => x === b[k]![i]));
}

/** The common refinement of two chunkings of the same axis (dask's `common_blockdim` cut points). */
export function refineAxis(a: readonly number[], b: readonly number[]): number[] {
  const cuts = new Set([...offsets(a), ...offsets(b)]);
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(sorted[i]! - sorted[i - 1]!);
  return out.length ? out : [0];
}
