/**
 * Worker-side file tasks: what the ops `mod:<this file>#<export>` run. Each opens the file
 * itself and touches only its block's byte ranges (positioned reads and writes), so blocks are
 * read and written in parallel on worker threads and a block never needs the rest of the file.
 * Plain data in (paths, offsets, shapes), a typed array (reads) or a byte count (writes) out.
 */
import fs from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { type Dtype, type TypedArray, allocate } from '../kernels.js';
import { boxRuns } from './layout.js';

function bytesOf(x: TypedArray): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

function readFully(fd: number, file: string, into: Uint8Array, from: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, into, from + done, length - done, position + done);
    if (n === 0) throw new Error(`${file} ended at byte ${position + done} while reading ${length} bytes at ${position}: the file was truncated after the array was built; build it again`);
    done += n;
  }
}

function writeFully(fd: number, from: Uint8Array, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) done += fs.writeSync(fd, from, offset + done, length - done, position + done);
}

function product(xs: readonly number[]): number {
  let n = 1;
  for (const x of xs) n *= x;
  return n;
}

/**
 * One block of a C-order array stored at `dataOffset` in `file` (.npy data or raw bytes): the
 * box `start … start + box` of an array of `shape`, read run by run.
 */
export function readBox(file: string, dataOffset: number, minSize: number, dtype: Dtype, shape: number[], start: number[], box: number[]): TypedArray {
  const out = allocate(dtype, product(box));
  const bytes = bytesOf(out);
  const item = out.BYTES_PER_ELEMENT;
  const fd = fs.openSync(file, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    if (size < minSize) throw new Error(`${file} is ${size} bytes but the array needs ${minSize}: it changed after the array was built; build it again`);
    boxRuns(shape, start, box, (b, a, n) => readFully(fd, file, bytes, b * item, n * item, dataOffset + a * item));
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** Writes one block into an existing file (no create: a removed temp file is never brought back). */
export function writeBox(file: string, dataOffset: number, shape: number[], start: number[], box: number[], data: TypedArray): number {
  const bytes = bytesOf(data);
  const item = data.BYTES_PER_ELEMENT;
  const fd = fs.openSync(file, 'r+');
  try {
    boxRuns(shape, start, box, (b, a, n) => writeFully(fd, bytes, b * item, n * item, dataOffset + a * item));
  } finally {
    fs.closeSync(fd);
  }
  return bytes.byteLength;
}

export interface ArrowBatchRange {
  /** Byte range of the record-batch message (metadata and body). */
  offset: number;
  end: number;
  /** First element of the batch in the flat column, and its length. */
  first: number;
  length: number;
}

const EOS = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

/**
 * Elements `from … from + count` of column `column` of an Arrow IPC file: each overlapping
 * record-batch message is read by byte range and decoded, behind the schema message (`schema`,
 * framed at build time), as a tiny stream; the rest of the file is never read.
 */
export function readArrowRange(file: string, schema: Uint8Array, batches: ArrowBatchRange[], column: number, dtype: Dtype, from: number, count: number): TypedArray {
  const out = allocate(dtype, count);
  const fd = fs.openSync(file, 'r');
  try {
    const schemaLen = schema.length;
    for (const b of batches) {
      const msgLen = b.end - b.offset;
      const stream = new Uint8Array(schemaLen + msgLen + EOS.length);
      stream.set(schema);
      readFully(fd, file, stream, schemaLen, msgLen, b.offset);
      stream.set(EOS, schemaLen + msgLen);
      const col = tableFromIPC(stream).getChildAt(column);
      if (!col) throw new Error(`${file}: record batch at byte ${b.offset} has no column ${column}`);
      const lo = Math.max(from, b.first), hi = Math.min(from + count, b.first + b.length);
      if (dtype === 'bool') {
        for (let i = lo; i < hi; i++) out[i - from] = col.get(i - b.first) ? 1 : 0;
      } else {
        const values = col.toArray() as TypedArray;
        out.set(values.subarray(lo - b.first, hi - b.first), lo - from);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
