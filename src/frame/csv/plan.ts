/**
 * Partition planning: byte ranges of one or more CSV files, each starting at a record start, so a
 * worker can parse `[start, end)` knowing nothing of its neighbours.
 *
 * One streamed pass per file runs the tokenizer's state machine (`scanForRecordStarts`) and cuts at
 * the first record start at least `blocksize` bytes after the previous cut. Exact, not guessed:
 * a quoted field holding newlines across a boundary cannot be split, and a literal quote in an
 * unquoted field (`12" pipe`) does not flip the quote state as plain parity counting would. The
 * same pass counts newlines so each partition knows the line its first record is on.
 *
 * Cost: one sequential read of every file (the planner never holds more than one 4 MiB chunk).
 */
import os from 'node:os';
import { parseBytes } from '../../config.js';
import { TuskError } from '../../errors.js';
import { expandPaths } from './glob.js';
import { readHeader, uniqueNames } from './header.js';
import { DEFAULT_BLOCKSIZE, checkCount, resolveHeader, resolveParseOptions, type CsvOptions } from './options.js';
import { fileSize, readAt, withFile } from './source.js';
import { scanForRecordStarts, type ScanState } from './tokenize.js';
import { memoryLimitNow, threadsNow } from '../core/memory.js';

const SCAN_CHUNK = 4 * 1024 * 1024;

/** What a worker task needs to find its bytes: file, byte range, and the line number of `start`. */
export interface CsvPartition {
  path: string;
  start: number;
  end: number;
  startLine: number;
}

export interface CsvFilePlan {
  path: string;
  size: number;
  /** First byte after BOM and header. */
  dataStart: number;
  /** Header names (made unique), or null with `header: null`. */
  header: string[] | null;
}

export interface CsvPlan {
  files: CsvFilePlan[];
  /** In file order, then byte order; every file has at least one (possibly empty) partition. */
  partitions: CsvPartition[];
}

export type CsvPlanOptions = Pick<CsvOptions, 'blocksize' | 'header' | 'sep' | 'quoteChar'>;

export function planCsvPartitions(paths: string | readonly string[], options: CsvPlanOptions = {}): CsvPlan {
  const paths_ = expandPaths(paths);
  const blocksize = options.blocksize === undefined ? autoBlocksize(paths_) : typeof options.blocksize === 'string' ? parseBytes(options.blocksize, 'blocksize') : options.blocksize;
  checkCount(blocksize, 'blocksize', false);
  const { sep, quote } = resolveParseOptions(options);
  const header = resolveHeader(options);
  const files: CsvFilePlan[] = [];
  const partitions: CsvPartition[] = [];
  for (const path of paths_) {
    const head = readHeader(path, header, sep, quote);
    const names = head.names === null ? null : uniqueNames(head.names);
    const first = files[0];
    if (first !== undefined && first.header !== null && names !== null && names.join('\u0000') !== first.header.join('\u0000')) {
      throw new TuskError('FileFormat', `${path} has columns [${names.join(', ')}] but ${first.path} has [${first.header.join(', ')}]`, {
        context: { file: path, columns: names, firstFile: first.path, firstColumns: first.header },
        hint: 'files read together must share one header; read them separately and concatenate, or fix the odd file',
      });
    }
    const size = fileSize(path);
    files.push({ path, size, dataStart: head.dataStart, header: names });
    partitions.push(...planFile(path, size, head.dataStart, head.dataLine, blocksize, sep, quote));
  }
  return { files, partitions };
}

/**
 * The default partition size: 64 MiB (Dask's), but smaller when the input is small enough that
 * 64 MiB blocks would leave cores idle — at least two partitions per core, none under 4 MiB (a
 * 50 MB file on 2 cores reads as 4 partitions in parallel, not 1) — or when the memory limit is
 * small (see below).
 */
function autoBlocksize(paths: readonly string[]): number {
  let total = 0;
  for (const p of paths) total += fileSize(p);
  const perCore = Math.ceil(total / (2 * Math.max(1, os.availableParallelism())));
  // A partition being read holds its bytes, its columns and the parser's buffers in every thread
  // at once, outside the store's accounting: keep a block to a sixteenth of the memory limit per
  // thread (2 GiB on 2 threads: 64 MiB; 256 MiB: 8 MiB).
  const byMemory = Math.floor(memoryLimitNow() / (16 * threadsNow()));
  return Math.max(MIN_AUTO_BLOCKSIZE, Math.min(DEFAULT_BLOCKSIZE, perCore, byMemory));
}

const MIN_AUTO_BLOCKSIZE = 4 * 1024 * 1024;

function planFile(path: string, size: number, dataStart: number, dataLine: number, blocksize: number, sep: number, quote: number): CsvPartition[] {
  if (dataStart >= size) return [{ path, start: dataStart, end: dataStart, startLine: dataLine }];
  const cuts: { offset: number; line: number }[] = [{ offset: dataStart, line: dataLine }];
  const onRecordStart = (offset: number, line: number): number => {
    if (offset >= size) return Infinity; // a newline at end of file starts no partition
    cuts.push({ offset, line });
    return offset + blocksize;
  };
  withFile(path, (fd) => {
    const buf = new Uint8Array(Math.min(SCAN_CHUNK, size - dataStart));
    const st: ScanState = { state: 0, newlines: dataLine - 1 };
    let threshold = dataStart + blocksize;
    for (let pos = dataStart; pos < size && threshold < size; ) {
      const n = readAt(fd, buf, pos);
      if (n === 0) break;
      threshold = scanForRecordStarts(buf, n, pos, sep, quote, st, threshold, onRecordStart);
      pos += n;
    }
  });
  return cuts.map((c, i) => ({ path, start: c.offset, end: cuts[i + 1]?.offset ?? size, startLine: c.line }));
}
