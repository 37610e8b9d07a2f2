/**
 * The ops that run `io-tasks.ts` exports on a worker (its compiled twin when we run from
 * TypeScript sources), and the build-time checks every reader shares: stat the file now, so a
 * missing or short file fails while the expression is built, not inside a worker later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TuskError } from '../../errors.js';
import { toRunnableModuleUrl } from '../../worker/load-fn.js';

let url: string | undefined;

export function ioOp(name: 'readBox' | 'writeBox' | 'readArrowRange'): string {
  url ??= toRunnableModuleUrl(new URL('./io-tasks.js', import.meta.url)).href;
  return `mod:${url}#${name}`;
}

export interface FileStat {
  /** Absolute path (workers resolve nothing themselves). */
  file: string;
  size: number;
  mtimeMs: number;
}

export function statInput(p: string, verb: string): FileStat {
  const file = path.resolve(p);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TuskError('InvalidArgument', `${verb}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String((err as Error).message)}`, {
      context: { file, code },
      hint: code === 'ENOENT' ? 'check the path (relative paths are resolved from the current directory)' : undefined,
      cause: err,
    });
  }
  if (!st.isFile()) throw new TuskError('InvalidArgument', `${verb}: ${file} is not a regular file`, { context: { file } });
  return { file, size: st.size, mtimeMs: st.mtimeMs };
}

/** Reads `length` bytes at `position` synchronously (build time only: headers and footers). */
export function readBytesSync(file: string, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fd = fs.openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, out, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === length ? out : out.subarray(0, done);
  } finally {
    fs.closeSync(fd);
  }
}

export function truncatedError(verb: string, file: string, expected: number, actual: number, what: string): TuskError {
  return new TuskError('FileFormat', `${verb}: ${file} is truncated: ${what} needs ${expected} bytes but the file has ${actual}`, {
    context: { file, expectedBytes: expected, actualBytes: actual },
    hint: 'the file was probably cut short while being written or copied: write it again',
  });
}
