/** Shared by the Parquet tests: a temporary folder per test file, and tables as plain rows. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';

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

/** Column name → values, as Arrow returns them (bigint for int64, numbers, strings, booleans, null). */
export function columns(table: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of table.schema.fields) {
    const v = table.getChild(f.name)!;
    out[f.name] = Array.from({ length: v.length }, (_, i) => v.get(i));
  }
  return out;
}

/** Type names per column, e.g. { a: 'Int64', b: 'Utf8' }. */
export function types(table: Table): Record<string, string> {
  return Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
}
