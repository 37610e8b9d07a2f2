/** Shared by the Parquet tests: a temporary folder per test file, and tables as plain rows. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | undefined;
let counter = 0;

export function tmpDir(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-parquet-'));
  return dir;
}

/** A fresh path in the temp folder (nothing written there yet). */
export function tmpPath(name = `f${counter++}.parquet`): string {
  const p = path.join(tmpDir(), name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

export function removeTmp(): void {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

export { columns, types } from '../table-helpers.js';
