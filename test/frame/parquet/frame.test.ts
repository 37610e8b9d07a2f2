/**
 * `readParquet` / `df.toParquet` through the DataFrame API: random frames of every dtype with
 * nulls, ragged partitions and an index round-trip through one file and through a folder of parts;
 * projection and filters plan only the row groups and columns they need (counted from the graph's
 * read tasks) and keep only matching rows; bad files and failed writes say what and where, and
 * leave nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../../src/index.js';
import { type DataFrame, col, concat, fromColumns, readParquet } from '../../../src/frame/index.js';
import { isTuskError } from '../../../src/errors.js';
import { inProcessClient } from '../helpers.js';
import { removeTmp, tmpDir, tmpPath } from './helpers.js';

const env = inProcessClient();
const client = env.client;
afterAll(async () => {
  await env.close();
  removeTmp();
});

const DTYPES = { i: 'int64', n: 'int32', u: 'uint8', f: 'float64', g: 'float32', b: 'bool', s: 'string', d: 'date', t: 'datetime' } as const;
type Row = { i: number | null; n: number | null; u: number | null; f: number | null; g: number | null; b: boolean | null; s: string | null; d: Date | null; t: Date | null };

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 4 });
const rowArb: fc.Arbitrary<Row> = fc.record({
  i: opt(fc.integer({ min: -1e15, max: 1e15 })),
  n: opt(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  u: opt(fc.integer({ min: 0, max: 255 })),
  f: opt(fc.double({ noNaN: true })),
  g: opt(fc.float({ noNaN: true }).map(Math.fround)),
  b: opt(fc.boolean()),
  s: opt(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('', 'é', '😀 中'))),
  d: opt(fc.integer({ min: -50_000, max: 50_000 }).map((k) => new Date(k * 86_400_000))),
  t: opt(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }).map((ms) => new Date(ms))),
});

function frameOf(rows: Row[], cuts: number[], withIndex: boolean): DataFrame {
  const mk = (piece: Row[]) => {
    const cols = Object.fromEntries(Object.keys(DTYPES).map((k) => [k, piece.map((r) => r[k as keyof Row])]));
    const idx = withIndex ? { index: { key: piece.map((r) => r.i === null ? 0 : r.i % 1000) } } : {};
    return fromColumns(cols, { dtype: { ...DTYPES, key: 'int64' }, ...idx });
  };
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of cuts) {
    parts.push(mk(rows.slice(at, at + c)));
    at += c;
  }
  if (at < rows.length || parts.length === 0) parts.push(mk(rows.slice(at)));
  return concat(parts);
}

function pieceLengths(n: number, cuts: number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const c of cuts) {
    out.push(Math.max(0, Math.min(c, n - at)));
    at = Math.min(n, at + c);
  }
  if (at < n || out.length === 0) out.push(n - at);
  return out;
}

/** [file, row group] of every read task in a frame's graph: what computing it would read. */
function rowGroupsRead(df: DataFrame): { file: string; rowGroup: number; columns: string[] }[] {
  const node = df.plan.node!;
  expect(node.kind).toBe('source');
  const graph = (node as { graph: Record<string, { args: [{ path: string; rowGroup: number; schema: { columns: { name: string }[] } }] }> }).graph;
  return Object.values(graph).map((t) => ({ file: path.basename(t.args[0].path), rowGroup: t.args[0].rowGroup, columns: t.args[0].schema.columns.map((c) => c.name) }));
}

const records = async (df: DataFrame) => (await df.compute({ client })).toRecords();

describe('round trip through the DataFrame API', () => {
  it('random frames of every dtype with nulls: one file and a folder of parts give back the same frame', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 60 }),
        fc.array(fc.nat(25), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('snappy', 'zstd', 'none') as fc.Arbitrary<'snappy' | 'zstd' | 'none'>,
        async (rows, cuts, withIndex, rowGroupSize, compression) => {
          const df = frameOf(rows, cuts, withIndex);
          const want = await records(df);
          const file = tmpPath();
          expect(await df.toParquet(file, { client, rowGroupSize, compression })).toEqual([file]);
          const back = readParquet(file);
          expect(back.dtypes).toEqual(df.dtypes);
          expect(back.indexNames).toEqual(df.indexNames);
          expect(await records(back)).toEqual(want);

          const dir = tmpPath(`dir${Math.random().toString(36).slice(2)}`);
          const parts = await df.toParquet(`${dir}/`, { client, rowGroupSize });
          expect(parts).toEqual(Array.from({ length: df.npartitions }, (_, i) => path.join(dir, `part.${i}.parquet`)));
          const fromDir = readParquet(dir);
          expect(await records(fromDir)).toEqual(want);
          expect(fromDir.indexNames).toEqual(df.indexNames);
          // A partition per row group; row groups never span partitions (an empty one writes none).
          const groups = pieceLengths(rows.length, cuts).reduce((n, len) => n + Math.ceil(len / rowGroupSize), 0);
          expect(back.npartitions).toBe(Math.max(1, groups));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a group-by result (two index columns) keeps its index; index: false leaves it out', async () => {
    const df = fromColumns({ a: ['x', 'y', 'x', 'z'], b: [1, 2, 1, 2], v: [1.5, 2, 3, 4] }, { npartitions: 2 });
    const g = df.groupby(['a', 'b']).agg({ v: 'sum' });
    const file = tmpPath();
    await g.toParquet(file, { client });
    const back = readParquet(file);
    expect(back.indexNames).toEqual(['a', 'b']);
    expect(await records(back)).toEqual(await records(g));
    const flat = tmpPath();
    await g.toParquet(flat, { client, index: false });
    expect(readParquet(flat).indexNames).toEqual([]);
    expect(readParquet(flat).columns).toEqual(['v']);
  });

  it('an empty frame writes a file with its schema, which reads back empty', async () => {
    const df = fromColumns({ a: [1, 2], s: ['p', 'q'] }).filter(col('a').gt(5));
    const file = tmpPath();
    await df.toParquet(file, { client });
    const back = readParquet(file);
    expect(back.dtypes).toEqual({ a: 'int64', s: 'object' });
    expect(await records(back)).toEqual([]);
  });

  it('the tutorial flow on real worker threads: toParquet, then readParquet gives the same frame', async () => {
    const cluster = new LocalCluster({ nWorkers: 2 });
    const threads = new Client(cluster);
    try {
      const df = fromColumns({ k: Array.from({ length: 1000 }, (_, i) => i % 7), x: Array.from({ length: 1000 }, (_, i) => i / 4) }, { npartitions: 4 });
      const out = path.join(tmpDir(), 'out');
      await df.toParquet(path.join(out, 'train.parquet'), { client: threads });
      await df.toParquet(path.join(out, 'train-parts/'), { client: threads });
      expect(fs.readdirSync(out).sort()).toEqual(['train-parts', 'train.parquet']);
      expect(fs.readdirSync(path.join(out, 'train-parts'))).toEqual(['part.0.parquet', 'part.1.parquet', 'part.2.parquet', 'part.3.parquet']);
      const want = (await df.compute({ client: threads })).toRecords();
      expect((await readParquet(path.join(out, 'train.parquet')).compute({ client: threads })).toRecords()).toEqual(want);
      expect((await readParquet(path.join(out, 'train-parts')).compute({ client: threads })).toRecords()).toEqual(want);
    } finally {
      await threads.close();
      await cluster.close();
    }
  }, 60_000);
});

describe('projection and filters', () => {
  // 10 row groups of 100 rows, sorted on i: statistics can rule row groups out.
  const file = tmpPath('sorted.parquet');
  const N = 1000;
  const source = fromColumns({
    i: Array.from({ length: N }, (_, k) => k),
    s: Array.from({ length: N }, (_, k) => (k % 3 === 0 ? null : `s${k % 10}`)),
    x: Array.from({ length: N }, (_, k) => k / 2),
  }, { npartitions: 3 });
  beforeAll(() => source.toParquet(file, { client, rowGroupSize: 100 }));

  it('one partition per row group', async () => {
    const df = readParquet(file);
    expect(df.npartitions).toBe(12); // partitions of 333/333/334 rows: 4 row groups each
    expect(rowGroupsRead(df).map((r) => r.rowGroup)).toEqual(Array.from({ length: 12 }, (_, g) => g));
  });

  it('projection reads only the columns asked for (and none else), in that order', async () => {
    const df = readParquet(file, { columns: ['x', 'i'] });
    expect(df.columns).toEqual(['x', 'i']);
    for (const r of rowGroupsRead(df)) expect(r.columns).toEqual(['x', 'i']);
    const rows = await records(df);
    expect(rows[10]).toEqual({ x: 5, i: 10 });
  });

  it('filters skip the row groups their statistics rule out and keep exactly the matching rows', async () => {
    const df = readParquet(file, { columns: ['s'], filters: [['i', '>=', 900], ['i', '<', 950]] });
    const reads = rowGroupsRead(df);
    expect(reads.length).toBe(1); // of 12 row groups
    expect(reads[0]!.columns).toEqual(['s', 'i']); // the filter column is read, not kept
    expect(df.columns).toEqual(['s']);
    const rows = await records(df);
    expect(rows).toEqual(Array.from({ length: 50 }, (_, k) => ({ s: (900 + k) % 3 === 0 ? null : `s${(900 + k) % 10}` })));

    const or = readParquet(file, { filters: [[['i', '<', 10]], [['i', '>', 995], ['s', 'in', ['s7', 's9']]]] });
    expect(rowGroupsRead(or).length).toBe(2);
    expect((await records(or)).map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 997]);

    const none = readParquet(file, { filters: [['i', '>', 5000]] });
    expect(none.npartitions).toBe(1);
    expect(await records(none)).toEqual([]);
  });

  it('a null matches no filter, != included (as pyarrow)', async () => {
    const df = readParquet(file, { filters: [['s', '!=', 's1'], ['i', '<', 12]] });
    expect((await records(df)).map((r) => r.i)).toEqual([2, 4, 5, 7, 8, 10]);
  });
});

describe('errors', () => {
  it('a truncated file: a clear error naming the file, at once', async () => {
    const file = tmpPath('whole.parquet');
    await fromColumns({ a: Array.from({ length: 500 }, (_, i) => i) }).toParquet(file, { client });
    const bytes = fs.readFileSync(file);
    const cut = tmpPath('cut.parquet');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    let err: unknown;
    try {
      readParquet(cut);
    } catch (e) {
      err = e;
    }
    expect(isTuskError(err, 'FileFormat')).toBe(true);
    expect((err as Error).message).toContain(cut);
    expect((err as Error).message).toMatch(/not a readable Parquet file/);
  });

  it('data pages cut out under an intact footer: the compute fails naming the file and row group', async () => {
    const file = tmpPath('pages.parquet');
    await fromColumns({ a: Array.from({ length: 2000 }, (_, i) => i * 7919 % 1000), s: Array.from({ length: 2000 }, (_, i) => `v${i}`) }).toParquet(file, { client, compression: 'none' });
    const bytes = fs.readFileSync(file);
    const df = readParquet(file);
    bytes.fill(0xff, 4, 4 + 200); // garbage in the first pages
    fs.writeFileSync(file, bytes);
    const err = await records(readParquet(file)).then(() => undefined, (e: unknown) => e);
    expect((err as { remoteName?: string }).remoteName).toBe('TuskError[FileFormat]'); // from the worker that read it
    expect((err as Error).message).toContain(`${file} is not a readable Parquet file`);
    expect((err as Error).message).toMatch(/row group 0/);
    expect(df.npartitions).toBe(1);
  });

  it('unknown columns and index names list the columns and suggest the closest', async () => {
    const file = tmpPath();
    await fromColumns({ Age: [1], Name: ['x'] }).toParquet(file, { client });
    expect(() => readParquet(file, { columns: ['Agee'] })).toThrow(/"Agee".*columns are Age, Name/);
    expect(() => readParquet(file, { index: 'Nme' })).toThrow(/index names column "Nme"/);
    expect(() => readParquet(file, { filters: [['Ag', '>', 1]] })).toThrow(/filters name column "Ag"/);
  });

  it('a failing partition leaves no file, no temp file and no staging folder; an existing file stays', async () => {
    const dir = fs.mkdtempSync(path.join(tmpDir(), 'fail-'));
    const file = path.join(dir, 'x.parquet');
    fs.writeFileSync(file, 'old');
    const bad = fromColumns({ s: ['1', '2', 'x', '4'] }, { npartitions: 2 }).mapPartitions((t: never) => {
      if ((t as { numRows: number }).numRows > 0 && String((t as { getChild(n: string): { get(i: number): unknown } }).getChild('s').get(0)) === 'x') throw new Error('boom in partition');
      return t;
    });
    await expect(bad.toParquet(file, { client })).rejects.toThrow(/boom/);
    await expect(bad.toParquet(path.join(dir, 'parts/'), { client })).rejects.toThrow(/boom/);
    expect(fs.readdirSync(dir)).toEqual(['x.parquet']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });

  it('a folder is not written over a non-empty one unless asked', async () => {
    const dir = path.join(tmpDir(), 'taken');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'x');
    const df = fromColumns({ a: [1, 2] });
    await expect(df.toParquet(`${dir}/`, { client })).rejects.toThrow(/already exists and is not empty/);
    await df.toParquet(`${dir}/`, { client, overwrite: true });
    expect(fs.readdirSync(dir)).toEqual(['part.0.parquet']);
    await expect(df.toParquet(dir, { client })).rejects.toThrow(/is a folder/);
    await expect(df.toParquet(path.join(tmpDir(), 'c.parquet'), { client, compression: 'lzma' as never })).rejects.toThrow(/unknown Parquet compression/);
  });
});
