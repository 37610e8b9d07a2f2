/**
 * Headerless little-endian C-order bytes: `fromRaw(path, { dtype, shape, chunks, offset })`
 * and `toRaw(x, path)`, with the same lazy byte-range reads and temp-file writes as `.npy`.
 */
import { TuskError } from '../../errors.js';
import { type ChunkSpec, checkShape, sizeOf } from '../chunks.js';
import type { ChunkedArray } from '../chunked-array.js';
import type { ComputeOptions } from '../compute.js';
import { type Dtype, checkDtype, itemSize } from '../kernels.js';
import { boxSource } from './box-source.js';
import { statInput, truncatedError } from './ops.js';
import { createSized, writeAtomically } from './temp-output.js';
import { writeBlocksAt } from './write-blocks.js';

export interface FromRawOptions {
  dtype: Dtype;
  shape: number | readonly number[];
  chunks?: ChunkSpec;
  /** Bytes to skip at the start of the file (a header of your own). Default 0. */
  offset?: number;
}

export function fromRaw(path: string, options: FromRawOptions): ChunkedArray {
  const dtype = checkDtype(options?.dtype, 'fromRaw: dtype');
  const shape = checkShape(typeof options.shape === 'number' ? [options.shape] : options.shape, 'fromRaw: shape');
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new TuskError('InvalidArgument', `fromRaw: offset must be a non-negative integer, got ${offset}`);
  const stat = statInput(path, 'fromRaw');
  const needed = offset + sizeOf(shape) * itemSize(dtype);
  if (stat.size < needed) throw truncatedError('fromRaw', stat.file, needed, stat.size, `shape (${shape.join(', ')}) of ${dtype} after a ${offset}-byte offset`);
  return boxSource('raw', stat, offset, dtype, shape, options.chunks);
}

/** Writes the values as little-endian C-order bytes (no header); resolves to the absolute path. */
export async function toRaw(x: ChunkedArray, path: string, options: ComputeOptions = {}): Promise<string> {
  return writeAtomically(path, 'toRaw', async (tmp) => {
    await createSized(tmp, new Uint8Array(0), x.nbytes);
    await writeBlocksAt(x, tmp, 0, options);
  });
}
