/**
 * `readParquet` / `df.toParquet` against DuckDB, both directions, through the DataFrame API (the
 * file-level reader and writer are tested the same way in interop.test.ts):
 *   - DuckDB writes several row groups of every type a frame holds, with nulls → a frame with one
 *     partition per row group, the values DuckDB reads, and the row groups DuckDB's own statistics
 *     rule out for a filter are the ones the frame does not read;
 *   - frames write one file and a folder of parts → DuckDB reads our values, types and index column,
 *     and the tutorial's preprocessed Titanic table (`train.toParquet('out/train.parquet')`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromColumns, readParquet } from '../../../src/frame/index.js';
import { inProcessClient, preprocess } from '../helpers.js';
import { openDuckDB, sqlPath, type DuckDB, sampleQuery } from './duckdb.js';
import { removeTmp, tmpDir, tmpPath } from './helpers.js';

const env = inProcessClient();
const client = env.client;
let db: DuckDB;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(async () => {
  db?.close();
  await env.close();
  removeTmp();
});

const records = async (df: ReturnType<typeof readParquet>) => (await df.compute({ client })).toRecords();
const N = 4000;
const SOURCE = sampleQuery(N, ['(i % 1000)::INTEGER AS i32', '(i % 200)::UTINYINT AS u8', '(i % 9)::FLOAT AS f32']);

describe('DuckDB writes, a frame reads', () => {
  it('one partition per row group, the dtypes pandas would give, the values DuckDB reads', async () => {
    const file = tmpPath('duck.parquet');
    await db.run(`COPY (${SOURCE}) TO ${sqlPath(file)} (FORMAT parquet, ROW_GROUP_SIZE 1024)`);
    const groups = await db.all(`SELECT DISTINCT row_group_id FROM parquet_metadata(${sqlPath(file)})`);
    const df = readParquet(file);
    expect(df.npartitions).toBe(groups.length);
    expect(df.dtypes).toEqual({ i: 'int64', f: 'float64', s: 'object', b: 'bool', d: 'datetime64[ns]', ts: 'datetime64[ns]', i32: 'int32', u8: 'uint8', f32: 'float32' });
    const want = await db.all(`SELECT i, f, s, b, epoch_ms(d) AS d, epoch_ms(ts) AS ts, i32, u8, f32 FROM ${sqlPath(file)}`);
    const got = await records(df);
    const norm = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);
    for (const name of ['i', 'f', 's', 'b', 'd', 'ts', 'i32', 'u8', 'f32']) {
      expect(got.map((r) => norm(r[name])), name).toEqual(want.map((r) => norm(r[name])));
    }
  });

  it('filters read only the row groups DuckDB\'s statistics allow, and keep the rows DuckDB keeps', async () => {
    const file = tmpPath('duck-filter.parquet');
    await db.run(`COPY (${SOURCE}) TO ${sqlPath(file)} (FORMAT parquet, ROW_GROUP_SIZE 512)`);
    const allowed = await db.all(`
      SELECT row_group_id::INTEGER AS g FROM parquet_metadata(${sqlPath(file)})
      WHERE path_in_schema = 'i' AND stats_max_value::BIGINT >= 3000 AND stats_min_value::BIGINT < 3300 ORDER BY row_group_id`);
    const df = readParquet(file, { columns: ['s', 'i32'], filters: [['i', '>=', 3000], ['i', '<', 3300], ['s', '!=', 'str3001']] });
    expect(df.npartitions).toBe(allowed.length);
    expect(allowed.length).toBeLessThan(8);
    const want = await db.all(`SELECT s, i32 FROM ${sqlPath(file)} WHERE i >= 3000 AND i < 3300 AND s != 'str3001'`);
    expect(await records(df)).toEqual(want);
  });

  it('a binary column is refused naming it, with the columns that can be read', async () => {
    const file = tmpPath('duck-blob.parquet');
    await db.run(`COPY (SELECT 1::BIGINT AS a, '\\xAA'::BLOB AS bl) TO ${sqlPath(file)} (FORMAT parquet)`);
    expect(() => readParquet(file)).toThrow(/"bl": it holds raw bytes/);
    expect(await records(readParquet(file, { columns: ['a'] }))).toEqual([{ a: 1 }]);
  });
});

describe('a frame writes, DuckDB reads', () => {
  const n = 3000;
  const df = fromColumns(
    {
      x: Array.from({ length: n }, (_, k) => (k % 7 === 0 ? null : k / 8 - 100)),
      s: Array.from({ length: n }, (_, k) => (k % 5 === 0 ? null : `v${k}${k % 11 === 0 ? '✓ü' : ''}`)),
      b: Array.from({ length: n }, (_, k) => (k % 13 === 0 ? null : k % 2 === 0)),
      d: Array.from({ length: n }, (_, k) => (k % 17 === 0 ? null : new Date(Date.UTC(1969, 11, 1) + k * 86_400_000))),
      u: Array.from({ length: n }, (_, k) => k % 2),
    },
    { index: { id: Array.from({ length: n }, (_, k) => k * 3) }, dtype: { x: 'float64', s: 'string', b: 'bool', d: 'date', u: 'uint8' }, npartitions: 3 },
  );

  it('one file and a folder of parts: our values, types and index column', async () => {
    const file = tmpPath('frame.parquet');
    await df.toParquet(file, { client, rowGroupSize: 700 });
    const dir = path.join(tmpDir(), 'frame-parts');
    await df.toParquet(`${dir}/`, { client });
    const want = (await df.compute({ client })).toRecords().map((r) => ({ ...r, d: r.d === null ? null : (r.d as Date).getTime() }));
    for (const source of [sqlPath(file), sqlPath(`${dir}/*.parquet`)]) {
      const got = await db.all(`SELECT id, x, s, b, epoch_ms(d) AS d, u FROM read_parquet(${source}, file_row_number = false) ORDER BY id`);
      expect(got.map((r) => ({ ...r, id: Number(r.id), d: r.d === null ? null : Number(r.d) }))).toEqual(want);
      const types = await db.all(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${source}))`);
      expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toEqual({ id: 'BIGINT', x: 'DOUBLE', s: 'VARCHAR', b: 'BOOLEAN', d: 'DATE', u: 'UTINYINT' });
    }
    const groups = await db.all(`SELECT DISTINCT row_group_id FROM parquet_metadata(${sqlPath(file)})`);
    expect(groups.length).toBe(6); // partitions of 1000 rows, 700 + 300 each
  });

  it("the tutorial's train.toParquet('out/train.parquet'): DuckDB reads 891 rows of the preprocessed columns", async () => {
    const train = await (await preprocess(client)).train.resolve({ client }); // getDummies' categories found
    const out = path.join(tmpDir(), 'out');
    const cwd = process.cwd();
    process.chdir(tmpDir());
    try {
      await train.toParquet('out/train.parquet', { client });
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(out)).toEqual(['train.parquet']);
    const file = path.join(out, 'train.parquet');
    const want = await train.compute({ client });
    const back = readParquet(file);
    expect(back.indexNames).toEqual(['PassengerId']);
    expect(back.dtypes).toEqual(train.dtypes);
    expect((await back.compute({ client })).toRecords()).toEqual(want.toRecords());
    const [{ rows, nullAges }] = (await db.all(`SELECT count(*)::INTEGER AS rows, count(*) FILTER (WHERE Age IS NULL)::INTEGER AS nullAges FROM ${sqlPath(file)}`)) as [{ rows: number; nullAges: number }];
    expect([rows, nullAges]).toEqual([891, 0]);
    const cols = await db.all(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${sqlPath(file)})`);
    expect(cols.map((c) => c.column_name)).toEqual(['PassengerId', ...train.columns]);
  }, 60_000);
});
