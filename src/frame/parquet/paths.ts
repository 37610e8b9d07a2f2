/**
 * Which files a `readParquet(paths)` reads: files, globs (the CSV reader's: `*`, `?`, `**`) and
 * folders (their `*.parquet` files, as Dask's `to_parquet` writes them, and every file below them).
 * Matches are in natural order — `part.2` before `part.10` — so a folder of parts reads back in
 * the order it was written; Dask sorts with the same natural key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TuskError } from '../../errors.js';
import { glob } from '../csv/glob.js';

export function expandParquetPaths(paths: string | readonly string[]): string[] {
  const patterns = typeof paths === 'string' ? [paths] : [...paths];
  if (patterns.length === 0 || patterns.some((p) => typeof p !== 'string' || p === '')) {
    throw new TuskError('InvalidArgument', 'readParquet needs a path, folder or glob (or a non-empty list of them)', { context: { paths } });
  }
  const out: string[] = [];
  for (const p of patterns) {
    const matches = isDirectory(p) ? folderFiles(p) : glob(p).sort(naturalCompare);
    if (matches.length === 0) {
      throw new TuskError('InvalidArgument', isDirectory(p) ? `folder ${p} holds no .parquet files` : `no files match ${JSON.stringify(p)}`, {
        context: { pattern: p, cwd: process.cwd() },
        hint: 'patterns are relative to the current directory; `*` and `?` match within one folder, `**` across folders',
      });
    }
    out.push(...matches);
  }
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Data files under a folder: `*.parquet` at any depth (hive-style `year=2024/` folders too), no hidden or `_` files. */
function folderFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue; // _metadata, _SUCCESS, .crc, our temp files
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.parquet') || e.name.endsWith('.parq')) out.push(p);
    }
  };
  walk(dir);
  return out.sort(naturalCompare);
}

/** Compares digit runs as numbers, everything else by code unit. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length; // "01" after "1"
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}
