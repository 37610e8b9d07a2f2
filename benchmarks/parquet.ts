/**
 * Parquet write and read of db-benchmark-shaped data (h2oai groupby: id1..id3 strings, id4..id6
 * ints, v1 v2 ints, v3 a float; int columns are int64 as pandas has them), with Tusk's reader and
 * writer (parquet-wasm pages, own footers), parquetjs-lite (the library first named for the job)
 * and DuckDB (benchmarks/peers), in one run. Each measurement runs in a child process of its own,
 * so `peakRssMiB` is that measurement's. Snappy compression, 1,000,000-row row groups, one
 * thread (DuckDB also with its default thread count).
 *
 *   node dist/benchmarks/parquet.js [--rows 10000000] [--lite-rows 100000] [--engines tusk,duckdb,parquetjs-lite]
 *
 * parquetjs-lite runs on fewer rows by default: it writes row by row and reads ~1,600 rows/s, so
 * 1e7 rows would take hours (and its int64 goes through JS numbers, exact only below 2^53).
 * Peers come from benchmarks/peers (`npm ci --prefix benchmarks/peers`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Int64, makeData, makeVector, Table, Utf8 } from 'apache-arrow';
import { planParquet, readParquetPartition, writeParquet } from '../src/frame/parquet/index.js';
import { machineLine } from './util.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = [here, path.resolve(here, '..'), path.resolve(here, '../..')].find((d) => fs.existsSync(path.join(d, 'benchmarks/peers/package.json')))!;
const peers = path.join(root, 'benchmarks/peers');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
};
const ROW_GROUP = 1_000_000;
const BATCH = 1_000_000;

interface Line {
  workload: string;
  engine: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  peakRssMiB: number;
  [extra: string]: unknown;
}

function line(workload: string, engine: string, rows: number, seconds: number, extra: Record<string, unknown> = {}): Line {
  return {
    workload,
    engine,
    rows,
    seconds: +seconds.toFixed(3),
    rowsPerSec: Math.round(rows / seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  };
}

// ---- data: deterministic (xorshift seed 1), built straight into Arrow buffers ----

function idStrings(nums: Int32Array, width: number) {
  const n = nums.length;
  const w = 2 + width;
  const data = new Uint8Array(n * w);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const o = i * w;
    offsets[i] = o;
    data[o] = 105; // i
    data[o + 1] = 100; // d
    let x = nums[i]!;
    for (let k = w - 1; k >= 2; k--) {
      data[o + k] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
  }
  offsets[n] = n * w;
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data }));
}

function* dbBenchmark(N: number): Generator<Table> {
  let s = 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const int = (k: number): number => 1 + Math.floor(rand() * k);
  const K = 100;
  for (let start = 0; start < N; start += BATCH) {
    const n = Math.min(BATCH, N - start);
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const c = new Int32Array(n);
    const ints = Array.from({ length: 5 }, () => new BigInt64Array(n));
    const v3 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = int(K);
      b[i] = int(K);
      c[i] = int(N / K);
      ints[0]![i] = BigInt(int(K));
      ints[1]![i] = BigInt(int(K));
      ints[2]![i] = BigInt(int(N / K));
      ints[3]![i] = BigInt(int(5));
      ints[4]![i] = BigInt(int(15));
      v3[i] = Math.round(rand() * 100e6) / 1e6;
    }
    const [id4, id5, id6, v1, v2] = ints.map((x) => makeVector(x));
    yield new Table({ id1: idStrings(a, 3), id2: idStrings(b, 3), id3: idStrings(c, 10), id4: id4!, id5: id5!, id6: id6!, v1: v1!, v2: v2!, v3: makeVector(v3) });
  }
}

const time = async (fn: () => Promise<unknown> | unknown): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

// ---- engines (each call runs in its own child process) ----

async function tuskWrite(file: string, rows: number): Promise<Line> {
  const parts = [...dbBenchmark(rows)]; // built before the clock starts
  const seconds = await time(() => writeParquet(file, parts, { compression: 'snappy', rowGroupSize: ROW_GROUP }));
  return line('write', 'tusk', rows, seconds, { fileMiB: +(fs.statSync(file).size / 2 ** 20).toFixed(1) });
}

async function tuskRead(file: string, rows: number, columns?: string[], workload?: string): Promise<Line> {
  let got = 0;
  const seconds = await time(() => {
    const plan = planParquet(file, columns ? { columns } : {});
    for (const p of plan.partitions) got += readParquetPartition({ ...p, schema: plan.schema }).numRows;
  });
  if (got !== rows) throw new Error(`tusk read ${got} rows, expected ${rows}`);
  return line(workload ?? (columns ? `read-${columns.length}-columns` : 'read'), 'tusk', rows, seconds);
}

async function duck(threads: number) {
  const req = createRequire(path.join(peers, 'package.json'));
  const api = (await import(pathToFileURL(req.resolve('@duckdb/node-api')).href)) as {
    DuckDBInstance: { create(p: string, o?: Record<string, string>): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }> }> }> };
  };
  const db = await api.DuckDBInstance.create(':memory:', { threads: String(threads) });
  return db.connect();
}

const q = (p: string): string => `'${p.replace(/'/g, "''")}'`;

async function duckWrite(file: string, source: string, rows: number, threads: number): Promise<Line> {
  const con = await duck(threads);
  await con.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${q(source)})`); // loaded before the clock starts
  const seconds = await time(() => con.run(`COPY t TO ${q(file)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${ROW_GROUP})`));
  return line('write', `duckdb-${threads}t`, rows, seconds, { fileMiB: +(fs.statSync(file).size / 2 ** 20).toFixed(1) });
}

async function duckRead(file: string, rows: number, threads: number): Promise<Line> {
  const con = await duck(threads);
  const seconds = await time(() => con.run(`CREATE TABLE r AS SELECT * FROM read_parquet(${q(file)})`));
  const n = (await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM r')).getRowObjectsJS()[0]!.n;
  if (n !== rows) throw new Error(`duckdb read ${String(n)} rows, expected ${rows}`);
  return line('read', `duckdb-${threads}t`, rows, seconds);
}

interface Lite {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown;
  ParquetWriter: { openFile(schema: unknown, file: string, opts?: Record<string, unknown>): Promise<{ setRowGroupSize(n: number): void; appendRow(r: Record<string, unknown>): Promise<void>; close(): Promise<void> }> };
  ParquetReader: { openFile(file: string): Promise<{ getCursor(): { next(): Promise<unknown> }; close(): Promise<void> }> };
}

function lite(): Lite {
  return createRequire(path.join(peers, 'package.json'))('parquetjs-lite') as Lite;
}

async function liteWrite(file: string, rows: number): Promise<Line> {
  const parts = [...dbBenchmark(rows)];
  const pq = lite();
  const seconds = await time(async () => {
    const schema = new pq.ParquetSchema(
      Object.fromEntries(parts[0]!.schema.fields.map((f) => [f.name, { type: f.type instanceof Utf8 ? 'UTF8' : f.type instanceof Int64 ? 'INT64' : 'DOUBLE', compression: 'SNAPPY' }])),
    );
    const w = await pq.ParquetWriter.openFile(schema, file);
    w.setRowGroupSize(ROW_GROUP);
    for (const t of parts) {
      const cols = t.schema.fields.map((f) => [f.name, t.getChild(f.name)!] as const);
      for (let i = 0; i < t.numRows; i++) {
        const row: Record<string, unknown> = {};
        for (const [name, v] of cols) {
          const x = v.get(i);
          row[name] = typeof x === 'bigint' ? Number(x) : x; // parquetjs-lite's INT64 takes JS numbers
        }
        await w.appendRow(row);
      }
    }
    await w.close();
  });
  return line('write', 'parquetjs-lite', rows, seconds, { fileMiB: +(fs.statSync(file).size / 2 ** 20).toFixed(1) });
}

async function liteRead(file: string, rows: number): Promise<Line> {
  const pq = lite();
  let got = 0;
  const seconds = await time(async () => {
    const r = await pq.ParquetReader.openFile(file);
    const c = r.getCursor();
    while (await c.next()) got++;
    await r.close();
  });
  if (got !== rows) throw new Error(`parquetjs-lite read ${got} rows, expected ${rows}`);
  return line('read', 'parquetjs-lite', rows, seconds);
}

// ---- driver ----

async function child(): Promise<void> {
  const [what, file, rowsArg, extra] = process.argv.slice(3);
  const rows = Number(rowsArg);
  const run: Record<string, () => Promise<Line>> = {
    'tusk-write': () => tuskWrite(file!, rows),
    'tusk-read': () => tuskRead(file!, rows),
    'tusk-read-2': () => tuskRead(file!, rows, ['id1', 'v3']),
    'tusk-read-duckdb-file': () => tuskRead(file!, rows, undefined, 'read-duckdb-written'),
    'duckdb-write-1': () => duckWrite(file!, extra!, rows, 1),
    'duckdb-write-2': () => duckWrite(file!, extra!, rows, 2),
    'duckdb-read-1': () => duckRead(file!, rows, 1),
    'duckdb-read-2': () => duckRead(file!, rows, 2),
    'lite-write': () => liteWrite(file!, rows),
    'lite-read': () => liteRead(file!, rows),
  };
  console.log(JSON.stringify(await run[what!]!()));
}

function inChild(...args: string[]): void {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  process.stdout.write(out);
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '10000000'));
  const liteRows = Number(arg('lite-rows', '100000'));
  const engines = arg('engines', 'tusk,duckdb,parquetjs-lite').split(',');
  if (engines.some((e) => e !== 'tusk') && !fs.existsSync(path.join(peers, 'node_modules/@duckdb/node-api'))) {
    execFileSync('npm', ['ci', '--prefix', peers, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-bench-parquet-'));
  console.error(`# ${machineLine()}`);
  try {
    const tuskFile = path.join(dir, 'tusk.parquet');
    const duckFile = path.join(dir, 'duck.parquet');
    const liteFile = path.join(dir, 'lite.parquet');
    // Tusk writes first: DuckDB loads its input from that file, so every engine writes the same rows.
    inChild('tusk-write', tuskFile, String(rows));
    if (engines.includes('duckdb')) {
      inChild('duckdb-write-1', duckFile, String(rows), tuskFile);
      inChild('duckdb-write-2', duckFile, String(rows), tuskFile);
    }
    if (engines.includes('tusk')) {
      inChild('tusk-read', tuskFile, String(rows));
      if (engines.includes('duckdb')) inChild('tusk-read-duckdb-file', duckFile, String(rows));
      inChild('tusk-read-2', tuskFile, String(rows));
    }
    if (engines.includes('duckdb')) {
      inChild('duckdb-read-1', tuskFile, String(rows));
      inChild('duckdb-read-2', tuskFile, String(rows));
    }
    if (engines.includes('parquetjs-lite')) {
      inChild('lite-write', liteFile, String(liteRows));
      inChild('lite-read', liteFile, String(liteRows));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child();
else await main();
