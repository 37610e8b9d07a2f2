/**
 * The frame benchmark: H2O db-benchmark's group-by q1–q10 and join q1–q5, plus the CSV load, on
 * tables from scripts/fixtures/db-benchmark-csv.mjs, with every engine in the same run:
 *   tusk    LocalCluster of 2 worker threads; the table is read with readCsv and persisted (the load),
 *           then each question is computed from the persisted partitions into one Arrow table;
 *   duckdb  @duckdb/node-api, 2 threads: CREATE TABLE … AS read_csv (the load), CREATE TABLE ans AS <question>;
 *   polars  nodejs-polars (eager): readCSV, then the question;
 *   pandas, dask.dataframe  benchmarks/peers/frame.py under /usr/bin/python3 (Debian's packages).
 * Every answer is checked against DuckDB's: Tusk's row by row (within float tolerance) when the
 * answer has at most 200k rows, else by row count and column sums; the peers' by row count and
 * column sums. A mismatch is printed loudly (and the line gets "check": "MISMATCH").
 * JSON lines per (engine, question, size): seconds, rows/s (input rows), peak RSS of the process.
 *
 *   node scripts/fixtures/db-benchmark-csv.mjs groupby 1e7 benchmarks/data/db-benchmark
 *   node scripts/fixtures/db-benchmark-csv.mjs join 1e7 benchmarks/data/db-benchmark
 *   npm run build && node dist/benchmarks/frame.js --size 1e7 [--engines tusk,duckdb,polars,python] [--only groupby|join]
 *     [--questions q8,q10] [--memory-limit 8GiB] [--mode persist|stream] [--answers FILE] [--runs 2]
 *   1e8 under 2 GiB: first `--engines duckdb --answers a.json`, then under /usr/bin/time -v
 *   `--engines tusk --answers a.json --memory-limit 2GiB --mode stream` (DuckDB not in the process).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Table } from 'apache-arrow';
import { Client, LocalCluster } from '../src/index.js';
import { type DataFrame, col, readCsv } from '../src/frame/index.js';
import { emit, machineLine } from './util.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : dflt);
const N = Number(arg('--size', '1e6'));
const engines = arg('--engines', 'tusk,duckdb,polars,python').split(',');
const only = arg('--only', 'groupby,join').split(',');
/** `--questions q8,j1`: only these questions (default: all of the tasks in --only); Tusk, DuckDB and Polars only, the Python peers run them all. */
const questions = arg('--questions', '').split(',').filter((q) => q !== '');
const asked = (q: { name: string }): boolean => questions.length === 0 || questions.includes(q.name);
/** The store's budget for Tusk; `--mode stream` reads the CSV again for every question instead of persisting it (1e8 rows under 2 GiB). */
const MEMORY_LIMIT = arg('--memory-limit', '8GiB');
const MODE = arg('--mode', 'persist') as 'persist' | 'stream';
/**
 * Runs of each question for Tusk, DuckDB and Polars (db-benchmark runs each question twice and
 * publishes both): every run is a JSON line with `run`. The first run includes JIT compilation
 * of the kernels a question uses in each worker (Tusk) or its first allocations (all); the
 * Python peers run once. A question whose answer stays on the cluster (q10) runs once.
 */
const RUNS = Number(arg('--runs', '2'));
/** Answers with more rows than this stay on the cluster (persisted) and are checked by count and sums. */
const BIG_ANSWER = 2_000_000;
const ROOT = path.resolve(import.meta.dirname, '..', import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');
const DATA = path.resolve(arg('--data', path.join(ROOT, 'benchmarks/data/db-benchmark')));
const sizeName = (n: number) => `1e${Math.round(Math.log10(n))}`;
const S = sizeName(N);
const files = {
  x: path.join(DATA, `G1_${S}_1e2_0_0.csv`),
  jx: path.join(DATA, `J1_${S}_NA_0_0.csv`),
  small: path.join(DATA, `J1_${S}_${sizeName(Math.max(10, N / 1e6))}_0_0.csv`),
  medium: path.join(DATA, `J1_${S}_${sizeName(Math.max(10, N / 1e3))}_0_0.csv`),
  big: path.join(DATA, `J1_${S}_${S}_0_0.csv`),
};
const require = createRequire(path.join(ROOT, 'benchmarks/peers/package.json'));
/**
 * Loads of files under this size run `--runs` times, as the questions do, each run reported: the
 * join's small and medium tables load in milliseconds, where one run measured the moment more
 * than the reader (Tusk's small load 2.5 ms in one full run, 12.4 ms in the next; DuckDB's 4–5).
 */
const SMALL_FILE = 64 * 2 ** 20;
const loadRuns = (file: string): number => (fs.statSync(file).size < SMALL_FILE ? RUNS : 1);
const load = loadAvg();

/** An answer in a comparable form: row count, sums of the value columns, and (small answers) the rows. */
interface Answer {
  rows: number;
  sums: Record<string, number>;
  table?: Record<string, unknown>[];
}

interface Question {
  name: string;
  keys: string[];
  values: string[];
  sql: string;
  tusk: (t: Record<string, DataFrame>) => DataFrame;
  polars: (pl: Polars, t: Record<string, PolarsFrame>) => PolarsFrame;
}

/**
 * Tusk's group-bys run with `sort: false` (groups in order of first appearance), as the SQL they
 * are checked against has no ORDER BY and DuckDB and Polars do not sort their groups either;
 * answers are compared as sets of rows. pandas' default (`sort=True`) is Tusk's default too.
 */
const UNSORTED = { sort: false } as const;

const GROUPBY: Question[] = [
  { name: 'q1', keys: ['id1'], values: ['v1'], sql: 'SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1', tusk: ({ x }) => x!.groupby('id1').agg({ v1: 'sum' }, UNSORTED), polars: (pl, { x }) => x!.groupBy('id1').agg(pl.col('v1').sum()) },
  { name: 'q2', keys: ['id1', 'id2'], values: ['v1'], sql: 'SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2', tusk: ({ x }) => x!.groupby(['id1', 'id2']).agg({ v1: 'sum' }, UNSORTED), polars: (pl, { x }) => x!.groupBy(['id1', 'id2']).agg(pl.col('v1').sum()) },
  { name: 'q3', keys: ['id3'], values: ['v1', 'v3'], sql: 'SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3', tusk: ({ x }) => x!.groupby('id3').agg({ v1: 'sum', v3: 'mean' }, UNSORTED), polars: (pl, { x }) => x!.groupBy('id3').agg(pl.col('v1').sum(), pl.col('v3').mean()) },
  { name: 'q4', keys: ['id4'], values: ['v1', 'v2', 'v3'], sql: 'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4', tusk: ({ x }) => x!.groupby('id4').agg({ v1: 'mean', v2: 'mean', v3: 'mean' }, UNSORTED), polars: (pl, { x }) => x!.groupBy('id4').agg(pl.col('v1').mean(), pl.col('v2').mean(), pl.col('v3').mean()) },
  { name: 'q5', keys: ['id6'], values: ['v1', 'v2', 'v3'], sql: 'SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6', tusk: ({ x }) => x!.groupby('id6').agg({ v1: 'sum', v2: 'sum', v3: 'sum' }, UNSORTED), polars: (pl, { x }) => x!.groupBy('id6').agg(pl.col('v1').sum(), pl.col('v2').sum(), pl.col('v3').sum()) },
  {
    name: 'q6', keys: ['id4', 'id5'], values: ['median_v3', 'sd_v3'], sql: 'SELECT id4, id5, median(v3) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5',
    // An exact median keeps every value of its group until the end: hash-partitioned output
    // (splitOut, as Dask's split_out) so that no one partition holds all N values (at 1e8 rows,
    // 800 MB, which broke the 2 GiB budget with a single output partition).
    tusk: ({ x }) => x!.groupby(['id4', 'id5']).agg({ v3: ['median', 'std'] }, { splitOut: 'auto', ...UNSORTED }).rename({ v3_median: 'median_v3', v3_std: 'sd_v3' }),
    polars: (pl, { x }) => x!.groupBy(['id4', 'id5']).agg(pl.col('v3').median().alias('median_v3'), pl.col('v3').std().alias('sd_v3')),
  },
  {
    name: 'q7', keys: ['id3'], values: ['range_v1_v2'], sql: 'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3',
    tusk: ({ x }) => x!.groupby('id3').agg({ v1: 'max', v2: 'min' }, UNSORTED).assign({ range_v1_v2: col('v1').sub(col('v2')) }).select(['range_v1_v2']),
    polars: (pl, { x }) => x!.groupBy('id3').agg(pl.col('v1').max().minus(pl.col('v2').min()).alias('range_v1_v2')),
  },
  {
    name: 'q8', keys: ['id6'], values: ['largest2_v3'],
    sql: 'SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS r FROM x WHERE v3 IS NOT NULL) WHERE r <= 2',
    tusk: ({ x }) => x!.groupby('id6').col('v3').nlargest(2).toFrame().rename({ v3: 'largest2_v3' }),
    polars: (pl, { x }) => x!.groupBy('id6').agg(pl.col('v3').sort(true).head(2).alias('largest2_v3')).explode('largest2_v3'),
  },
  {
    name: 'q9', keys: ['id2', 'id4'], values: ['r2'], sql: 'SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4',
    tusk: ({ x }) => x!.groupby(['id2', 'id4']).col('v1').corr('v2', UNSORTED).toFrame().assign({ r2: col('v1').pow(2) }).select(['r2']),
    polars: (pl, { x }) => x!.groupBy(['id2', 'id4']).agg(pl.pearsonCorr('v1', 'v2').pow(2).alias('r2')),
  },
  {
    name: 'q10', keys: ['id1', 'id2', 'id3', 'id4', 'id5', 'id6'], values: ['v3', 'count'], sql: 'SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6',
    // ~N groups: hash-partitioned output (splitOut), so no partition holds all of them.
    tusk: ({ x }) => x!.groupby(['id1', 'id2', 'id3', 'id4', 'id5', 'id6']).agg({ v3: 'sum', v1: 'size' }, { splitOut: 'auto', ...UNSORTED }).rename({ v1: 'count' }),
    polars: (pl, { x }) => x!.groupBy(['id1', 'id2', 'id3', 'id4', 'id5', 'id6']).agg(pl.col('v3').sum(), pl.col('v1').count().alias('count')),
  },
];

/**
 * Join layouts (verbs/join.ts): j1–j4 join against a small or medium right table (one partition):
 * the broadcast. j5's right table is as big as the left: the shuffle (hash partitioning of both
 * sides), asked for because at 1e6 each file is a single 64 MiB block; from 1e7 on both sides
 * have several partitions and the shuffle is the default anyway.
 */
const JOIN: Question[] = [
  { name: 'j1', keys: [], values: ['v1', 'v2'], sql: 'SELECT jx.*, small.v2 FROM jx JOIN small USING (id1)', tusk: ({ jx, small }) => jx!.merge(small!, { on: 'id1' }), polars: (_pl, { jx, small }) => jx!.join(small!, { on: 'id1', how: 'inner' }) },
  { name: 'j2', keys: [], values: ['v1', 'v2'], sql: 'SELECT jx.*, medium.v2 FROM jx JOIN medium USING (id2)', tusk: ({ jx, medium }) => jx!.merge(medium!, { on: 'id2' }), polars: (_pl, { jx, medium }) => jx!.join(medium!, { on: 'id2', how: 'inner' }) },
  { name: 'j3', keys: [], values: ['v1', 'v2'], sql: 'SELECT jx.*, medium.v2 FROM jx LEFT JOIN medium USING (id2)', tusk: ({ jx, medium }) => jx!.merge(medium!, { on: 'id2', how: 'left' }), polars: (_pl, { jx, medium }) => jx!.join(medium!, { on: 'id2', how: 'left' }) },
  { name: 'j4', keys: [], values: ['v1', 'v2'], sql: 'SELECT jx.*, medium.v2 FROM jx JOIN medium USING (id5)', tusk: ({ jx, medium }) => jx!.merge(medium!, { on: 'id5' }), polars: (_pl, { jx, medium }) => jx!.join(medium!, { on: 'id5', how: 'inner' }) },
  { name: 'j5', keys: [], values: ['v1', 'v2'], sql: 'SELECT jx.*, big.v2 FROM jx JOIN big USING (id3)', tusk: ({ jx, big }) => jx!.merge(big!, { on: 'id3', shuffle: true }), polars: (_pl, { jx, big }) => jx!.join(big!, { on: 'id3', how: 'inner' }) },
];

// ---- answers ------------------------------------------------------------------------------

function answerOfArrow(t: Table, q: Question): Answer {
  const sums: Record<string, number> = {};
  for (const v of q.values) {
    const c = t.getChild(v);
    let s = 0;
    if (c) for (const d of c.data) for (let i = 0; i < d.length; i++) if (d.getValid(i)) s += Number(d.values[i]);
    sums[v] = s;
  }
  const table = t.numRows <= 200_000 && q.keys.length > 0 ? sortRows(t.toArray().map((r) => Object.fromEntries([...q.keys, ...q.values].map((k) => [k, norm(r[k])]))), q) : undefined;
  return { rows: t.numRows, sums, table };
}

const norm = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

function sortRows(rows: Record<string, unknown>[], q: Question): Record<string, unknown>[] {
  const cols = [...q.keys, ...q.values];
  return rows.sort((a, b) => {
    for (const k of cols) {
      const x = a[k] as number | string | null;
      const y = b[k] as number | string | null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));

/** What differs from DuckDB's answer ('' when equal). */
function check(got: Answer, want: Answer): string {
  if (got.rows !== want.rows) return `rows ${got.rows} ≠ ${want.rows}`;
  for (const [k, v] of Object.entries(want.sums)) if (!close(got.sums[k] ?? NaN, v)) return `sum(${k}) ${got.sums[k]} ≠ ${v}`;
  if (got.table && want.table) {
    for (let i = 0; i < want.table.length; i++) {
      for (const [k, v] of Object.entries(want.table[i]!)) {
        const g = got.table[i]![k];
        const ok = typeof v === 'number' && typeof g === 'number' ? close(g, v) : g === v || (v === null && g === undefined);
        if (!ok) return `row ${i} column ${k}: ${String(g)} ≠ ${String(v)} (${JSON.stringify(got.table[i])} vs ${JSON.stringify(want.table[i])})`;
      }
    }
  }
  return '';
}

const want = new Map<string, Answer>();

function report(engine: string, task: string, q: string, seconds: number, inputRows: number, answer?: Answer, extra: Record<string, unknown> = {}): void {
  let status: string | undefined;
  if (answer) {
    const w = want.get(`${task}/${q}`);
    if (engine === 'duckdb') status = 'reference';
    else if (!w) status = 'unchecked';
    else {
      const diff = check(answer, w);
      status = diff === '' ? 'ok' : 'MISMATCH';
      if (diff) console.error(`\n!!!!!!!! ${engine} ${task} ${q} at ${S}: answer differs from DuckDB's: ${diff}\n`);
    }
  }
  emit({ workload: `db-benchmark ${task} ${q}`, engine, size: N, seconds, unit: 'rows', ...(answer ? { answerRows: answer.rows, check: status } : {}), load1: load, ...extra });
  void inputRows;
}

// ---- engines ------------------------------------------------------------------------------

type DuckConn = { run(sql: string): Promise<unknown>; runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }> };

async function duckdb(): Promise<void> {
  const { DuckDBInstance } = require('@duckdb/node-api') as { DuckDBInstance: { create(p: string, o: Record<string, string>): Promise<{ connect(): Promise<DuckConn> }> } };
  // A memory limit and a temp directory, so DuckDB spills instead of being OOM-killed at 1e8
  // (q10 at 1e8 took 18.8 GB of RSS with no limit and was killed).
  const duckTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-bench-'));
  process.on('exit', () => fs.rmSync(duckTmp, { recursive: true, force: true }));
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: arg('--duckdb-memory', '8GB'), temp_directory: duckTmp });
  const con = await db.connect();
  const tables = only.includes('groupby') ? [['x', files.x]] : [];
  if (only.includes('join')) tables.push(['jx', files.jx], ['small', files.small], ['medium', files.medium], ['big', files.big]);
  for (const [name, file] of tables) {
    for (let run = 1; run <= loadRuns(file!); run++) {
      const t0 = performance.now();
      await con.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_csv('${file}')`);
      report('duckdb', name === 'x' ? 'groupby' : 'join', `load-csv ${name}`, (performance.now() - t0) / 1000, N, undefined, { run });
    }
  }
  for (const [task, qs] of [['groupby', GROUPBY], ['join', JOIN]] as const) {
    if (!only.includes(task)) continue;
    for (const q of qs.filter(asked)) {
      await con.run('DROP TABLE IF EXISTS ans');
      const t0 = performance.now();
      await con.run(`CREATE TABLE ans AS ${q.sql}`);
      const seconds = (performance.now() - t0) / 1000;
      const [agg] = (await con.runAndReadAll(`SELECT count(*)::DOUBLE AS rows, ${q.values.map((v) => `coalesce(sum(${v}), 0)::DOUBLE AS "${v}"`).join(', ')} FROM ans`)).getRowObjectsJS();
      const answer: Answer = { rows: agg!.rows as number, sums: Object.fromEntries(q.values.map((v) => [v, agg![v] as number])) };
      if (answer.rows <= 200_000 && q.keys.length > 0) answer.table = sortRows((await con.runAndReadAll(`SELECT ${[...q.keys, ...q.values].join(', ')} FROM ans`)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)]))), q);
      want.set(`${task}/${q.name}`, answer);
      report('duckdb', task, q.name, seconds, N, answer, { run: 1 });
      for (let run = 2; run <= RUNS; run++) {
        await con.run('DROP TABLE IF EXISTS ans');
        const t1 = performance.now();
        await con.run(`CREATE TABLE ans AS ${q.sql}`);
        report('duckdb', task, q.name, (performance.now() - t1) / 1000, N, undefined, { run });
      }
      saveAnswers(); // after each question: a long run that dies later keeps what it has
    }
  }
}

async function tusk(): Promise<void> {
  const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-frame-bench-'));
  const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: MEMORY_LIMIT, spillDir });
  const client = new Client(cluster);
  await client.ready;
  const t: Record<string, DataFrame> = {};
  const names = [...(only.includes('groupby') ? ['x'] : []), ...(only.includes('join') ? ['jx', 'small', 'medium', 'big'] : [])];
  for (const name of names) {
    const file = files[name as keyof typeof files];
    if (MODE === 'stream') {
      // Larger than memory: every question reads the CSV again, partition by partition.
      t[name] = readCsv(file);
      continue;
    }
    for (let run = 1; run <= loadRuns(file); run++) {
      t[name]?.release(); // an earlier run's copy
      const t0 = performance.now();
      t[name] = await readCsv(file).persist({ client });
      report('tusk', name === 'x' ? 'groupby' : 'join', `load-csv ${name}`, (performance.now() - t0) / 1000, N, undefined, { npartitions: t[name]!.npartitions, run });
    }
  }
  for (const [task, qs] of [['groupby', GROUPBY], ['join', JOIN]] as const) {
    if (!only.includes(task)) continue;
    for (const q of qs.filter(asked)) {
      for (let run = 1; run <= RUNS; run++) {
        try {
          const t0 = performance.now();
          const expected = want.get(`${task}/${q.name}`)?.rows ?? 0;
          if (expected > BIG_ANSWER && run > 1) break;
          if (expected > BIG_ANSWER) {
            // A big answer (q10: one row per input row or so) is materialized on the cluster, as
            // DuckDB's CREATE TABLE ans is (spilled under the budget), not gathered into this
            // process; its row count and column sums are then computed from it.
            const ans = await q.tusk(t).persist({ client });
            const seconds = (performance.now() - t0) / 1000;
            const rows = Number(await ans.length().compute({ client }));
            const sums: Record<string, number> = {};
            for (const v of q.values) sums[v] = Number(await ans.col(v).sum().compute({ client }));
            // Dropped once checked, as DuckDB drops its table ans before the next question.
            ans.release();
            report('tusk', task, q.name, seconds, N, { rows, sums }, { npartitions: ans.npartitions, run });
            continue;
          }
          const out = await q.tusk(t).compute({ client });
          const seconds = (performance.now() - t0) / 1000;
          report('tusk', task, q.name, seconds, N, answerOfArrow(out.toArrow(), q), { run });
        } catch (err) {
          console.error(`!!!!!!!! tusk ${task} ${q.name} failed: ${(err as Error).message}`);
          emit({ workload: `db-benchmark ${task} ${q.name}`, engine: 'tusk', size: N, seconds: NaN, error: (err as Error).message.slice(0, 200), load1: load, run });
          break;
        }
      }
    }
  }
  const memory = client.memory();
  await client.close();
  await cluster.close();
  const left = fs.readdirSync(spillDir);
  emit({ workload: 'db-benchmark tusk run', engine: 'tusk', size: N, seconds: 0, memoryLimit: MEMORY_LIMIT, mode: MODE, spilledBytesAtEnd: memory.spilled, filesLeftInSpillDir: left.length });
  if (left.length > 0) console.error(`!!!!!!!! ${left.length} file(s) left in ${spillDir}`);
  else fs.rmdirSync(spillDir);
}

type PolarsFrame = {
  height: number;
  groupBy(k: string | string[]): { agg(...e: unknown[]): PolarsFrame; head(n: number): PolarsFrame };
  select(...c: string[]): PolarsFrame;
  sort(c: string, desc: boolean): PolarsFrame;
  rename(m: Record<string, string>): PolarsFrame;
  explode(c: string): PolarsFrame;
  join(o: PolarsFrame, opts: { on: string; how: string }): PolarsFrame;
  getColumn(c: string): { sum(): number; nullCount(): number };
  toRecords(): Record<string, unknown>[];
  columns: string[];
};
type Polars = { col(c: string): any; count(c: string): any; pearsonCorr(a: string, b: string): any; readCSV(p: string, o?: object): PolarsFrame }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function polars(): Promise<void> {
  const pl = require('nodejs-polars') as Polars;
  const t: Record<string, PolarsFrame> = {};
  const names = [...(only.includes('groupby') ? ['x'] : []), ...(only.includes('join') ? ['jx', 'small', 'medium', 'big'] : [])];
  for (const name of names) {
    const file = files[name as keyof typeof files];
    for (let run = 1; run <= loadRuns(file); run++) {
      const t0 = performance.now();
      t[name] = pl.readCSV(file);
      report('polars', name === 'x' ? 'groupby' : 'join', `load-csv ${name}`, (performance.now() - t0) / 1000, N, undefined, { run });
    }
  }
  for (const [task, qs] of [['groupby', GROUPBY], ['join', JOIN]] as const) {
    if (!only.includes(task)) continue;
    for (const q of qs.filter(asked)) {
      for (let run = 1; run <= RUNS; run++) {
        const t0 = performance.now();
        const ans = q.polars(pl, t);
        const seconds = (performance.now() - t0) / 1000;
        const sums = Object.fromEntries(q.values.map((v) => [v, Number(ans.getColumn(v).sum() ?? 0)]));
        const answer: Answer = { rows: ans.height, sums };
        if (ans.height <= 200_000 && q.keys.length > 0) answer.table = sortRows(ans.toRecords().map((r) => Object.fromEntries([...q.keys, ...q.values].map((k) => [k, norm(r[k])]))), q);
        report('polars', task, q.name, seconds, N, answer, { run });
      }
    }
  }
}

function python(): void {
  const py = '/usr/bin/python3';
  const r = spawnSync(py, [path.join(ROOT, 'benchmarks/peers/frame.py'), '--size', String(N), '--data', DATA, '--only', only.join(',')], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line) as { engine: string; task: string; q: string; seconds: number; rows?: number; sums?: Record<string, number>; peakRssMiB: number; error?: string };
    if (o.error) {
      console.error(`!!!!!!!! ${o.engine} ${o.task} ${o.q} failed: ${o.error}`);
      console.log(JSON.stringify({ workload: `db-benchmark ${o.task} ${o.q}`, engine: o.engine, size: N, seconds: null, error: o.error, load1: load }));
      continue;
    }
    let status: string | undefined;
    if (o.rows !== undefined) {
      const w = want.get(`${o.task}/${o.q}`);
      const diff = w ? check({ rows: o.rows, sums: o.sums ?? {} }, { rows: w.rows, sums: w.sums }) : 'no DuckDB answer';
      status = diff === '' ? 'ok' : w ? 'MISMATCH' : 'unchecked';
      if (diff && w) console.error(`\n!!!!!!!! ${o.engine} ${o.task} ${o.q} at ${S}: answer differs from DuckDB's: ${diff}\n`);
    }
    console.log(JSON.stringify({ workload: `db-benchmark ${o.task} ${o.q}`, engine: o.engine, size: N, seconds: o.seconds, rowsPerSec: Math.round(N / o.seconds), ...(o.rows !== undefined ? { answerRows: o.rows, check: status } : {}), peakRssMiB: o.peakRssMiB, load1: load }));
  }
  if (r.status !== 0) console.error(`!!!!!!!! ${py} benchmarks/peers/frame.py exited with ${r.status}`);
}

function loadAvg(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

console.error(`# ${machineLine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${execFileSync('nproc').toString().trim()} cores; size ${S}`);
// DuckDB first: its answers are the reference. With --answers FILE they are saved there, and a
// later run without duckdb in --engines checks against the file instead: the 1e8 run measures
// Tusk's peak RSS alone, with no DuckDB in the process.
const ANSWERS = process.argv.includes('--answers') ? arg('--answers', '') : '';
function saveAnswers(): void {
  if (!ANSWERS) return;
  const prior = fs.existsSync(ANSWERS) ? (JSON.parse(fs.readFileSync(ANSWERS, 'utf8')) as { size: number; answers: [string, Answer][] }) : undefined;
  const all = new Map(prior?.size === N ? prior.answers : []);
  for (const [k, v] of want) all.set(k, v);
  fs.writeFileSync(`${ANSWERS}.tmp`, JSON.stringify({ size: N, answers: [...all] }, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
  fs.renameSync(`${ANSWERS}.tmp`, ANSWERS);
}
if (engines.includes('duckdb') || !ANSWERS) {
  await duckdb();
  saveAnswers();
} else {
  const saved = JSON.parse(fs.readFileSync(ANSWERS, 'utf8')) as { size: number; answers: [string, Answer][] };
  if (saved.size !== N) throw new Error(`${ANSWERS} holds answers for ${saved.size} rows, not ${N}`);
  for (const [k, v] of saved.answers) want.set(k, v);
  console.error(`# reference answers: ${ANSWERS} (${want.size} questions)`);
}
// The Python peers run in their own process right after DuckDB's reference, before Tusk and Polars
// load their tables here: with Polars' frames still held by this process (~18 GB at 1e7), pandas'
// 6 GB in the peer got this process OOM-killed on a 24 GiB machine.
if (engines.includes('python')) python();
if (engines.includes('tusk')) await tusk();
if (engines.includes('polars')) await polars();
console.error(`# done; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
