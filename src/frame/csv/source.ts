/**
 * Bytes from files, synchronously (a partition is parsed on one worker thread, start to end): whole
 * ranges for parsing, streamed records for headers and type inference, and line numbers for
 * messages. Nothing here reads a whole file into memory.
 */
import fs from 'node:fs';
import { TuskError } from '../../errors.js';
import { countNewlines, makeTokens, tokenize, TOKEN_OK, type Tokens } from './tokenize.js';
import { onIdleRelease } from '../../store/gc.js';

const CHUNK_BYTES = 4 * 1024 * 1024;

function openError(path: string, err: unknown): TuskError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new TuskError('InvalidArgument', `cannot read CSV file ${path}: ${code === 'ENOENT' ? 'no such file' : String((err as Error)?.message ?? err)}`, {
    context: { file: path },
    cause: err,
    hint: code === 'ENOENT' ? 'check the path (relative paths are resolved from the current directory)' : undefined,
  });
}

export function withFile<T>(path: string, fn: (fd: number) => T): T {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
  try {
    return fn(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fileSize(path: string): number {
  try {
    return fs.statSync(path).size;
  } catch (err) {
    throw openError(path, err);
  }
}

/** Reads `buf.length` bytes at `position` (fewer at end of file); returns how many. */
export function readAt(fd: number, buf: Uint8Array, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = fs.readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * One reusable read buffer per thread for `readRangeScratch`. Fresh memory is expensive (the
 * kernel faults in and zeroes every page: measured ~4 ms per MiB on the benchmark VM, ~0.5 s for a
 * 64 MiB block — as long as tokenizing it), and a partition's bytes are dead once parsed.
 */
let scratch: Uint8Array | null = null;
let scratchUsedAt = 0;

// A thread that has stopped reading CSV keeps no read buffer (store/gc.ts).
onIdleRelease(
  () => {
    const bytes = scratch?.byteLength ?? 0;
    scratch = null;
    return bytes;
  },
  () => scratchUsedAt,
);

/**
 * Bytes `start..end` of a file in this thread's scratch buffer: valid only until the next call,
 * so the caller must copy out what it keeps (the CSV builders copy every field).
 */
export function readRangeScratch(path: string, start: number, end: number): Uint8Array {
  const need = Math.max(0, end - start);
  scratchUsedAt = performance.now();
  if (scratch === null || scratch.length < need) {
    scratch = null; // let the old one go before the new one is faulted in
    scratch = new Uint8Array(need);
  }
  const buf = scratch.subarray(0, need);
  return withFile(path, (fd) => buf.subarray(0, readAt(fd, buf, start)));
}

/** Bytes `start..end` of a file (fewer if the file is shorter). */
export function readRange(path: string, start: number, end: number): Uint8Array {
  return withFile(path, (fd) => {
    const buf = new Uint8Array(Math.max(0, end - start));
    const n = readAt(fd, buf, start);
    return n === buf.length ? buf : buf.subarray(0, n);
  });
}

/** Length of a UTF-8 byte-order mark at the start of `buf`, 0 or 3. */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** 1-based line number of byte `offset` of a file: a cold path, only for messages. */
export function lineAt(path: string, offset: number): number {
  return withFile(path, (fd) => {
    const buf = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(1, offset)));
    let lines = 1;
    for (let pos = 0; pos < offset; ) {
      const n = readAt(fd, buf.subarray(0, Math.min(buf.length, offset - pos)), pos);
      if (n === 0) break;
      lines += countNewlines(buf, 0, n);
      pos += n;
    }
    return lines;
  });
}

export interface RecordBatchView {
  /** The bytes the tokens point into, and the file offset of `buf[0]`. */
  buf: Uint8Array;
  base: number;
  tokens: Tokens;
  /** File offset just past the last record in `tokens`. */
  nextOffset: number;
}

/**
 * Records of `path` from byte `start`, `maxRows` at a time, until `stopAt` bytes have been consumed
 * (records starting before `stopAt` are read whole) or end of file. The yielded view is reused:
 * consume it before asking for the next. An unterminated quote at end of file throws
 * `onUnterminated(fileOffset, fieldInRecord, bytesFromTheQuote)`.
 */
export function* streamRecords(
  path: string,
  start: number,
  sep: number,
  quote: number,
  maxRows: number,
  stopAt: number,
  onUnterminated: (fileOffset: number, field: number, bytes: Uint8Array) => Error,
): Generator<RecordBatchView> {
  const fd = (() => {
    try {
      return fs.openSync(path, 'r');
    } catch (err) {
      throw openError(path, err);
    }
  })();
  try {
    const size = fs.fstatSync(fd).size;
    const rowsPerBatch = Math.max(1, Math.min(maxRows, size - start + 1)); // a record takes at least one byte
    const tokens = makeTokens(rowsPerBatch, Math.min(rowsPerBatch * 16, size - start + 16));
    let buf = new Uint8Array(0);
    let base = start; // file offset of buf[0]
    let pos = 0;
    let filePos = start;
    let eof = false;
    let needMore = true;
    for (;;) {
      if (needMore) {
        if (eof || base + pos >= stopAt) return;
        // Read little past `stopAt`: a 1 MiB sample should not cost a 4 MiB read.
        // and none past the end of the file (+1 to see the end).
        const chunk = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(64 * 1024, stopAt - filePos), size - filePos + 1));
        const n = readAt(fd, chunk, filePos);
        filePos += n;
        eof = n < chunk.length;
        const rest = buf.subarray(pos);
        const merged = new Uint8Array(rest.length + n);
        merged.set(rest);
        merged.set(chunk.subarray(0, n), rest.length);
        base += pos;
        buf = merged;
        pos = 0;
      }
      tokenize(buf, pos, buf.length, sep, quote, eof, tokens);
      if (tokens.status !== TOKEN_OK) {
        throw onUnterminated(base + tokens.errorAt, tokens.errorField, buf.subarray(tokens.errorAt, tokens.errorAt + 60));
      }
      if (base + tokens.next > stopAt) {
        // Keep the records that start before `stopAt`; the rest is past the sample.
        let rows = 0;
        while (rows < tokens.rows && base + tokens.starts[tokens.rowFields[rows]!]! < stopAt) rows++;
        tokens.rows = rows;
        if (rows > 0) yield { buf, base, tokens, nextOffset: base + tokens.starts[tokens.rowFields[rows]!]! };
        return;
      }
      pos = tokens.next;
      needMore = tokens.rows < rowsPerBatch;
      if (tokens.rows > 0) yield { buf, base, tokens, nextOffset: base + pos };
    }
  } finally {
    fs.closeSync(fd);
  }
}
