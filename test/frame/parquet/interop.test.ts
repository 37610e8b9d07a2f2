/**
 * Interop with DuckDB, both directions (pyarrow is not packaged for this Debian; DuckDB's Parquet
 * reader and writer are independent of arrow-rs, which decodes our pages):
 *   - DuckDB writes files with several row groups, in every codec, with nulls, dates, timestamps
 *     and decimals → we plan one partition per row group and read the values DuckDB reads.
 *   - We write → DuckDB reads the same values, sees our row groups and our statistics.
 * DuckDB comes from benchmarks/peers; the test installs it if missing and fails if it cannot.
 */
import { Bool, DateDay, Float64, Int32, Int64, Table, TimestampMicrosecond, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planParquet, readParquetTable, writeParquet, type ParquetCompression } from '../../../src/frame/parquet/index.js';
import { openDuckDB, sqlPath, type DuckDB, sampleQuery } from './duckdb.js';
import { columns, removeTmp, tmpPath, types } from './helpers.js';

let db: DuckDB;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(() => {
  db?.close();
  removeTmp();
});

const N = 5000;
// Nulls on different rows per column; a string with non-ASCII; big int64s; dates before 1970.
const SOURCE = sampleQuery(N, ['(i * 4611686018427)::BIGINT AS big', '(i % 1000)::INTEGER AS i32', '(i / 100)::DECIMAL(12, 2) AS dec']);

describe('DuckDB writes, Tusk reads', () => {
  for (const codec of ['snappy', 'zstd', 'gzip', 'uncompressed']) {
    it(`${codec}: one partition per row group, the values DuckDB reads`, async () => {
      const file = tmpPath(`duck-${codec}.parquet`);
      await db.run(`COPY (${SOURCE}) TO ${sqlPath(file)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024)`);
      const groups = await db.all(`SELECT row_group_id, max(row_group_num_rows)::INTEGER AS n FROM parquet_metadata(${sqlPath(file)}) GROUP BY row_group_id ORDER BY row_group_id`);
      const plan = planParquet(file);
      expect(groups.length).toBeGreaterThan(1);
      expect(plan.partitions.map((p) => p.numRows)).toEqual(groups.map((g) => g.n));

      const t = readParquetTable(file);
      expect(types(t)).toEqual({ i: 'Int64', f: 'Float64', s: 'Utf8', b: 'Bool', d: 'Date32<DAY>', ts: 'Timestamp<MICROSECOND>', big: 'Int64', i32: 'Int32', dec: 'Float64' });
      const want = await db.all(`
        SELECT i, f, s, b, epoch_ms(d) AS d, epoch_us(ts) AS ts, big, i32, dec::DOUBLE AS dec FROM ${sqlPath(file)}`);
      const got = columns(t);
      const ts = t.getChild('ts')!.data.flatMap((d) => [...(d.values as BigInt64Array)]);
      for (const name of ['i', 'f', 's', 'b', 'd', 'big', 'i32', 'dec']) {
        expect(got[name], name).toEqual(want.map((r) => (typeof r[name] === 'bigint' && name === 'd' ? Number(r[name]) : r[name])));
      }
      expect(ts).toEqual(want.map((r) => r.ts));
    });
  }

  it('the other types DuckDB writes read as their pandas-compatible widening', async () => {
    const file = tmpPath('duck-types.parquet');
    await db.run(`COPY (SELECT NULL AS x, range::UTINYINT AS u8, range::UINTEGER AS u32, (range - 1)::SMALLINT AS i16, range::FLOAT AS f32,
        TIMESTAMPTZ '2020-01-01 00:00:00+00' AS tz, TIMESTAMP_NS '2020-01-01 00:00:00.000000001' AS ns, TIMESTAMP_MS '2020-01-01' AS ms,
        (range - 1.25)::DECIMAL(38, 2) AS d38, 'e'::ENUM ('e', 'f') AS en, '\\xAA'::BLOB AS bl, '{"a":1}'::JSON AS js
      FROM range(3)) TO ${sqlPath(file)} (FORMAT parquet)`);
    const t = readParquetTable(file);
    expect(types(t)).toEqual({
      x: 'Int32', u8: 'Int32', u32: 'Int64', i16: 'Int32', f32: 'Float32', tz: 'Timestamp<MICROSECOND, UTC>', ns: 'Timestamp<NANOSECOND>',
      ms: 'Timestamp<MILLISECOND>', d38: 'Float64', en: 'Utf8', bl: 'Binary', js: 'Utf8',
    });
    const got = columns(t);
    expect(got.x).toEqual([null, null, null]);
    expect(got.u8).toEqual([0, 1, 2]);
    expect(got.u32).toEqual([0n, 1n, 2n]);
    expect(got.i16).toEqual([-1, 0, 1]);
    expect(got.d38).toEqual([-1.25, -0.25, 0.75]);
    expect(got.en).toEqual(['e', 'e', 'e']);
    expect(got.bl!.map((b) => [...(b as Uint8Array)])).toEqual([[0xaa], [0xaa], [0xaa]]);
    expect(t.getChild('ns')!.data[0]!.values[0]).toBe(1577836800000000001n);
  });

  it('projection reads only the columns asked for, in that order', async () => {
    const file = tmpPath('duck-projection.parquet');
    await db.run(`COPY (${SOURCE}) TO ${sqlPath(file)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const t = readParquetTable(file, { columns: ['s', 'i'] });
    expect(t.schema.fields.map((f) => f.name)).toEqual(['s', 'i']);
    const want = await db.all(`SELECT s, i FROM ${sqlPath(file)}`);
    expect(columns(t)).toEqual({ s: want.map((r) => r.s), i: want.map((r) => r.i) });
  });

  it('row-group skipping agrees with DuckDB on which rows can match', async () => {
    const file = tmpPath('duck-filter.parquet');
    await db.run(`COPY (${SOURCE}) TO ${sqlPath(file)} (FORMAT parquet, ROW_GROUP_SIZE 1024)`);
    const plan = planParquet(file, { filters: [['i', '>=', 4000]] });
    const groups = await db.all(`
      SELECT row_group_id::INTEGER AS g FROM parquet_metadata(${sqlPath(file)})
      WHERE path_in_schema = 'i' AND stats_max_value::BIGINT >= 4000 ORDER BY row_group_id`);
    expect(plan.partitions.map((p) => p.rowGroup)).toEqual(groups.map((r) => r.g));
    expect(plan.rowGroupsSkipped).toBeGreaterThan(0);
    const t = readParquetTable(file, { filters: [['i', '>=', 4000]], columns: ['i'] });
    const kept = (t.getChild('i')!.toArray() as BigInt64Array).filter((v) => v >= 4000n);
    const [{ n }] = (await db.all(`SELECT count(*)::INTEGER AS n FROM ${sqlPath(file)} WHERE i >= 4000`)) as [{ n: number }];
    expect(kept.length).toBe(n);
  });
});

describe('Tusk writes, DuckDB reads', () => {
  const rows = 3000;
  const make = (start: number, n: number): Table => {
    const idx = Array.from({ length: n }, (_, k) => start + k);
    return new Table({
      i: vectorFromArray(idx.map((i) => BigInt(i) * 3_000_000_000_001n), new Int64()),
      f: vectorFromArray(idx.map((i) => (i % 7 === 0 ? null : i / 8 - 100)), new Float64()),
      s: vectorFromArray(idx.map((i) => (i % 5 === 0 ? null : `v${i}${i % 11 === 0 ? '✓ü' : ''}`)), new Utf8()),
      b: vectorFromArray(idx.map((i) => (i % 13 === 0 ? null : i % 2 === 0)), new Bool()),
      d: vectorFromArray(idx.map((i) => (i % 17 === 0 ? null : new Date(Date.UTC(1969, 11, 1) + i * 86_400_000))), new DateDay()),
      ts: vectorFromArray(idx.map((i) => Date.UTC(2024, 0, 1) + i * 1000), new TimestampMicrosecond()),
      n: vectorFromArray(idx.map((i) => i), new Int32()),
    });
  };

  for (const compression of ['snappy', 'zstd', 'gzip', 'none', 'lz4', 'brotli'] as ParquetCompression[]) {
    it(`${compression}: DuckDB reads our values, row groups and statistics`, async () => {
      const file = tmpPath(`tusk-${compression}.parquet`);
      const parts = [make(0, 1000), make(1000, 1500), make(2500, 500)];
      await writeParquet(file, parts, { compression, rowGroupSize: 700 });
      const got = await db.all(`SELECT i, f, s, b, epoch_ms(d) AS d, epoch_ms(ts) AS ts, n FROM ${sqlPath(file)}`);
      const want = columns(make(0, rows));
      expect(got.map((r) => r.i)).toEqual(want.i);
      expect(got.map((r) => r.f)).toEqual(want.f);
      expect(got.map((r) => r.s)).toEqual(want.s);
      expect(got.map((r) => r.b)).toEqual(want.b);
      expect(got.map((r) => (r.d === null ? null : Number(r.d)))).toEqual(want.d);
      expect(got.map((r) => Number(r.ts))).toEqual(want.ts);
      expect(got.map((r) => r.n)).toEqual(want.n);
      // Row groups: 1000 → 700 + 300, 1500 → 700 + 700 + 100, 500 → 500; statistics DuckDB can use.
      const meta = await db.all(`
        SELECT row_group_id, row_group_num_rows::INTEGER AS n, stats_min_value AS lo, stats_max_value AS hi, stats_null_count::INTEGER AS nulls
        FROM parquet_metadata(${sqlPath(file)}) WHERE path_in_schema = 'n' ORDER BY row_group_id`);
      expect(meta.map((m) => m.n)).toEqual([700, 300, 700, 700, 100, 500]);
      expect(meta.map((m) => [m.lo, m.hi])).toEqual([['0', '699'], ['700', '999'], ['1000', '1699'], ['1700', '2399'], ['2400', '2499'], ['2500', '2999']]);
      const [{ n }] = (await db.all(`SELECT count(*)::INTEGER AS n FROM ${sqlPath(file)} WHERE s IS NULL`)) as [{ n: number }];
      expect(n).toBe(want.s!.filter((v) => v === null).length);
    });
  }

  it('DuckDB sees our key/value metadata', async () => {
    const file = tmpPath('tusk-kv.parquet');
    const t = make(0, 10);
    const { Schema } = await import('apache-arrow');
    await writeParquet(file, [new Table(new Schema(t.schema.fields, new Map([['tusk.index', 'i']])), t.batches)], { metadata: { note: 'hello' } });
    const kv = await db.all(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlPath(file)})`);
    expect(kv).toEqual(expect.arrayContaining([{ k: 'tusk.index', v: 'i' }, { k: 'note', v: 'hello' }]));
  });
});
