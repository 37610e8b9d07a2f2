/**
 * DuckDB for interop tests, from benchmarks/peers (its own npm project, never the root one).
 * Installs it with `npm ci --prefix benchmarks/peers` when missing, and fails — never skips —
 * with a clear message when that does not work: an interop test that silently skips proves nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../../..');
const peers = path.join(root, 'benchmarks/peers');
const entry = path.join(peers, 'node_modules/@duckdb/node-api');

export interface DuckDB {
  /** Runs SQL, returns rows as plain JS objects (BIGINT as bigint). */
  all(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

export function ensureDuckDBInstalled(): void {
  if (fs.existsSync(path.join(entry, 'package.json'))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(npm, ['ci', '--prefix', peers, '--no-audit', '--no-fund'], { stdio: 'pipe', timeout: 300_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(
      `DuckDB is needed for the Parquet interop tests and could not be installed: \`npm ci --prefix benchmarks/peers\` failed:\n${e.stderr?.toString() ?? e.message}\n` +
        'Run that command by hand (it needs the npm registry) and look at its error.',
    );
  }
  if (!fs.existsSync(path.join(entry, 'package.json'))) {
    throw new Error(`npm ci --prefix benchmarks/peers ran but ${entry} is still missing: check benchmarks/peers/package.json lists @duckdb/node-api`);
  }
}

export async function openDuckDB(): Promise<DuckDB> {
  ensureDuckDBInstalled();
  const pkg = JSON.parse(fs.readFileSync(path.join(entry, 'package.json'), 'utf8')) as { main?: string; exports?: unknown };
  const main = path.join(entry, pkg.main ?? 'lib/index.js');
  const api = (await import(pathToFileURL(main).href)) as {
    DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<Connection>; closeSync?(): void }> };
  };
  interface Connection {
    runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
    run(sql: string): Promise<unknown>;
    closeSync?(): void;
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  return {
    all: async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS(),
    run: async (sql) => {
      await con.run(sql);
    },
    close: () => {
      con.closeSync?.();
      instance.closeSync?.();
    },
  };
}

/** A path as a DuckDB SQL string literal. */
export function sqlPath(p: string): string {
  return `'${p.replace(/'/g, "''")}'`;
}

/**
 * A DuckDB query of `n` rows for interop tests: nulls on different rows per column, a string
 * with non-ASCII, dates before 1970, microsecond timestamps, plus the `extra` column expressions
 * (of `i`) a test needs.
 */
export function sampleQuery(n: number, extra: readonly string[]): string {
  return `
  SELECT i::BIGINT AS i,
         CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 1.5 - 1000)::DOUBLE END AS f,
         CASE WHEN i % 5 = 0 THEN NULL ELSE 'str' || i || CASE WHEN i % 11 = 0 THEN 'é😀' ELSE '' END END AS s,
         CASE WHEN i % 13 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
         CASE WHEN i % 17 = 0 THEN NULL ELSE DATE '1960-01-01' + (i * 7)::INTEGER END AS d,
         TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(i * 1000003) AS ts${extra.map((e) => `,\n         ${e}`).join('')}
  FROM range(${n}) t(i)`;
}
