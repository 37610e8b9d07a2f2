/** Shared by the CSV tests: temporary files and tables as plain rows. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | undefined;
let counter = 0;

/** Writes `content` to a fresh file in this process's temp folder; returns its path. */
export function tmpFile(content: string | Uint8Array, name = `f${counter++}.csv`): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-csv-'));
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

export function tmpDir(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-csv-'));
  return dir;
}

export function removeTmp(): void {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

export { columns, types } from '../table-helpers.js';
