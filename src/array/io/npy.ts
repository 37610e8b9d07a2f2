/**
 * `.npy` files: `fromNpy(path, { chunks })` reads lazily by byte range, `toNpy(x, path)`
 * writes block by block into a temp file renamed when complete. Header rules in
 * `npy-header.ts`; the file is stat'ed and its header read when `fromNpy` is called, so bad
 * input fails while the expression is built.
 */
import { type ChunkSpec, sizeOf } from '../chunks.js';
import type { ChunkedArray } from '../chunked-array.js';
import type { ComputeOptions } from '../compute.js';
import { itemSize } from '../kernels.js';
import { boxSource } from './box-source.js';
import { NPY_PREAMBLE, formatNpyHeader, npyPreamble, parseNpyHeader } from './npy-header.js';
import { readBytesSync, statInput, truncatedError } from './ops.js';
import { createSized, writeAtomically } from './temp-output.js';
import { writeBlocksAt } from './write-blocks.js';

export interface FromNpyOptions {
  /** Block sizes (any chunk spec; default 'auto', about 128 MiB per block). */
  chunks?: ChunkSpec;
}

export function fromNpy(path: string, options: FromNpyOptions = {}): ChunkedArray {
  const stat = statInput(path, 'fromNpy');
  const pre = npyPreamble(stat.file, readBytesSync(stat.file, 0, NPY_PREAMBLE));
  const raw = readBytesSync(stat.file, pre.start, pre.length);
  if (raw.length < pre.length) throw truncatedError('fromNpy', stat.file, pre.start + pre.length, stat.size, 'the header');
  const text = new TextDecoder(pre.version.startsWith('3.') ? 'utf-8' : 'latin1').decode(raw);
  const h = parseNpyHeader(stat.file, pre, text);
  const needed = h.dataOffset + sizeOf(h.shape) * itemSize(h.dtype);
  if (stat.size < needed) {
    throw truncatedError('fromNpy', stat.file, needed, stat.size, `the header's shape (${h.shape.join(', ')}) of ${h.dtype} with a ${h.dataOffset}-byte header`);
  }
  return boxSource('npy', stat, h.dataOffset, h.dtype, h.shape, options.chunks);
}

/** Writes `x` as a version 1.0 (2.0 for huge headers) C-order .npy file; resolves to the absolute path. */
export async function toNpy(x: ChunkedArray, path: string, options: ComputeOptions = {}): Promise<string> {
  const header = formatNpyHeader(x.dtype, x.shape);
  return writeAtomically(path, 'toNpy', async (tmp) => {
    await createSized(tmp, header, header.byteLength + x.nbytes);
    await writeBlocksAt(x, tmp, header.byteLength, options);
  });
}
