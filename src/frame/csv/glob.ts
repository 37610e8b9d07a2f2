/**
 * File globs for `readCsv('data/*.csv')`: `*` and `?` within one path segment, `**` for any number
 * of directories. Results are sorted (plain code-unit order, as Python's sorted(glob) gives Dask),
 * so partition order — and with it row order — is the same on every machine. Like a shell, `*`
 * does not match a leading dot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TuskError } from '../../errors.js';

const MAGIC = /[*?]/;

export function hasGlob(p: string): boolean {
  return MAGIC.test(p);
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (const ch of segment) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a glob over a missing or unreadable directory matches nothing there
  }
}

function isDir(p: string, entry: fs.Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: readonly string[], out: string[]): void {
  if (segments.length === 0) return;
  const [seg, ...rest] = segments as [string, ...string[]];
  if (seg === '**') {
    walk(dir, rest, out); // zero directories
    for (const e of listDir(dir)) {
      const p = path.join(dir, e.name);
      if (!e.name.startsWith('.') && isDir(p, e) && !e.isSymbolicLink()) walk(p, segments, out); // no symlink loops
    }
    return;
  }
  if (!hasGlob(seg)) {
    const p = path.join(dir, seg);
    if (rest.length === 0) {
      if (fs.existsSync(p) && fs.statSync(p).isFile()) out.push(p);
    } else walk(p, rest, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const e of listDir(dir)) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (!re.test(e.name)) continue;
    const p = path.join(dir, e.name);
    if (rest.length === 0) {
      if (e.isFile() || (e.isSymbolicLink() && !isDir(p, e))) out.push(p);
    } else if (isDir(p, e)) walk(p, rest, out);
  }
}

/** Expands one pattern; a pattern without `*` or `?` is returned as is (existence is checked on read). */
export function glob(pattern: string): string[] {
  if (!hasGlob(pattern)) return [pattern];
  const abs = path.isAbsolute(pattern);
  const parts = pattern.split(/[\\/]+/).filter((s, i) => s !== '' || (i === 0 && abs));
  const root = abs ? path.sep : '.';
  const segs = abs ? parts.slice(1) : parts;
  const out: string[] = [];
  walk(root, segs, out);
  // Keep paths relative when the pattern was: `./` would differ from what the user typed.
  const shown = abs ? out : out.map((p) => path.normalize(p));
  return [...new Set(shown)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every file the patterns name, in order: each pattern's matches sorted, patterns kept in order. */
export function expandPaths(paths: string | readonly string[]): string[] {
  const patterns = typeof paths === 'string' ? [paths] : [...paths];
  if (patterns.length === 0 || patterns.some((p) => typeof p !== 'string' || p === '')) {
    throw new TuskError('InvalidArgument', 'readCsv needs a path or glob (or a non-empty list of them)', { context: { paths } });
  }
  const out: string[] = [];
  for (const p of patterns) {
    const matches = glob(p);
    if (matches.length === 0) {
      throw new TuskError('InvalidArgument', `no files match ${JSON.stringify(p)}`, {
        context: { pattern: p, cwd: process.cwd() },
        hint: 'patterns are relative to the current directory; `*` and `?` match within one folder, `**` across folders',
      });
    }
    out.push(...matches);
  }
  return out;
}
