/**
 * Random tables — every column type the reader produces, with nulls, split into random partitions —
 * written with any compression and row-group size read back equal, with the planned schema, one
 * partition per row group, and row groups that never span two partitions.
 */
import fc from 'fast-check';
import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  Utf8,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import {
  planParquet,
  readParquetPartition,
  readParquetTable,
  writeParquet,
  writeParquetFolder,
  type ParquetCompression,
} from '../../../src/frame/parquet/index.js';
import { columns, removeTmp, tmpPath, types } from './helpers.js';

afterAll(removeTmp);

type Kind = 'int64' | 'int32' | 'float64' | 'float32' | 'string' | 'bool' | 'date' | 'ts-ms' | 'ts-us-utc' | 'ts-ns' | 'binary';
const KINDS: Kind[] = ['int64', 'int32', 'float64', 'float32', 'string', 'bool', 'date', 'ts-ms', 'ts-us-utc', 'ts-ns', 'binary'];
type Cell = bigint | number | string | boolean | Uint8Array | null;

const int64 = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', 'é', '😀 中', 'a\u0000b'));

function cell(kind: Kind): fc.Arbitrary<Cell> {
  const v: fc.Arbitrary<Cell> = {
    int64,
    int32: fc.integer(),
    float64: fc.double(),
    float32: fc.float().map(Math.fround),
    string: text,
    bool: fc.boolean(),
    date: fc.integer({ min: -100_000, max: 100_000 }).map((d) => d * 86_400_000),
    'ts-ms': fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n }),
    'ts-us-utc': fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
    'ts-ns': int64,
    binary: fc.uint8Array({ maxLength: 6 }),
  }[kind];
  return fc.option(v, { freq: 4, nil: null });
}

function arrowTypeOf(kind: Kind): DataType {
  switch (kind) {
    case 'int64':
      return new Int64();
    case 'int32':
      return new Int32();
    case 'float64':
      return new Float64();
    case 'float32':
      return new Float32();
    case 'string':
      return new Utf8();
    case 'bool':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'ts-ms':
      return new TimestampMillisecond();
    case 'ts-us-utc':
      return new TimestampMicrosecond('UTC');
    case 'ts-ns':
      return new TimestampNanosecond();
    case 'binary':
      return new Binary();
  }
}

/** A column from cells; timestamps built from raw int64 values (arrow-js would go through ms). */
function vectorOf(kind: Kind, cells: Cell[]): Vector {
  const type = arrowTypeOf(kind);
  if (kind.startsWith('ts-')) {
    const values = BigInt64Array.from(cells, (c) => (c === null ? 0n : (c as bigint)));
    const bitmap = new Uint8Array(Math.ceil(cells.length / 8));
    cells.forEach((c, i) => {
      if (c !== null) bitmap[i >> 3]! |= 1 << (i & 7);
    });
    const nullCount = cells.filter((c) => c === null).length;
    return makeVector(makeData({ type: type as TimestampMillisecond, length: cells.length, nullCount, nullBitmap: bitmap, data: values }));
  }
  return vectorFromArray(cells as never[], type);
}

/** Cells of a read column, raw: int64 and timestamps as bigint, everything else as Arrow gives it. */
function cellsOf(v: Vector): Cell[] {
  const out: Cell[] = [];
  for (const data of v.data) {
    const raw = DataType.isTimestamp(data.type) ? (data.values as BigInt64Array) : undefined;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) out.push(null);
      else if (raw !== undefined) out.push(raw[i]!);
      else out.push(v.get(out.length) as Cell);
    }
  }
  return out;
}

const tables = fc
  .array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 5 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      parts: fc.array(fc.array(fc.tuple(...kinds.map(cell)), { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
      rowGroupSize: fc.integer({ min: 1, max: 10 }),
      compression: fc.constantFrom<ParquetCompression>('snappy', 'zstd', 'gzip', 'none', 'lz4', 'brotli'),
    }),
  );

function tableOf(kinds: Kind[], rows: Cell[][]): Table {
  return new Table(Object.fromEntries(kinds.map((k, c) => [`c${c}_${k}`, vectorOf(k, rows.map((r) => r[c]!))])));
}

function expectSame(got: Cell[], want: Cell[], kind: Kind): void {
  if (kind === 'binary') expect(got.map((b) => (b === null ? null : [...(b as Uint8Array)]))).toEqual(want.map((b) => (b === null ? null : [...(b as Uint8Array)])));
  else expect(got).toEqual(want);
}

describe('round trip', () => {
  it('write → read gives back the values, the types and one partition per row group', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ kinds, parts, rowGroupSize, compression }) => {
        const file = tmpPath();
        const written = await writeParquet(file, parts.map((rows) => tableOf(kinds, rows)), { compression, rowGroupSize });
        const all = parts.flat();
        expect(written.rows).toBe(all.length);
        const plan = planParquet(file);
        // pyarrow's write_table rule: each partition is cut into row groups of rowGroupSize; none spans two.
        const expectedGroups = parts.flatMap((p) => Array.from({ length: Math.ceil(p.length / rowGroupSize) }, (_, g) => Math.min(rowGroupSize, p.length - g * rowGroupSize)));
        expect(plan.partitions.map((p) => p.numRows)).toEqual(expectedGroups.length > 0 ? expectedGroups : [0]);
        for (const p of plan.partitions) {
          const t = readParquetPartition({ ...p, schema: plan.schema });
          expect(t.schema.toString()).toBe(plan.arrowSchema.toString());
          expect(t.numRows).toBe(p.numRows);
        }
        const back = readParquetTable(file);
        const want = tableOf(kinds, all);
        expect(types(back)).toEqual(types(want));
        kinds.forEach((k, c) => expectSame(cellsOf(back.getChildAt(c)!), all.map((r) => r[c]!), k));
      }),
      { numRuns: 120 },
    );
  });

  it('the schema metadata and the index column come back (index first)', async () => {
    const t = new Table({ a: vectorFromArray([1, 2, 3], new Float64()), id: vectorFromArray(['x', 'y', 'z'], new Utf8()) });
    const withMeta = new Table(new Schema(t.schema.fields, new Map([['tusk.index', 'id'], ['origin', 'test']])), t.batches);
    const file = tmpPath();
    await writeParquet(file, [withMeta]);
    const plan = planParquet(file);
    expect(plan.schema.indexCol).toBe('id');
    expect(plan.schema.columns.map((c) => c.name)).toEqual(['id', 'a']);
    const back = readParquetTable(file);
    expect(back.schema.metadata.get('tusk.index')).toBe('id');
    expect(back.schema.metadata.get('origin')).toBe('test');
    expect(planParquet(file, { columns: ['a'] }).schema.columns.map((c) => c.name)).toEqual(['id', 'a']); // the index comes along
    expect(planParquet(file, { columns: ['a'], index: null }).schema.columns.map((c) => c.name)).toEqual(['a']);
  });

  it("pandas' index metadata names the index when it is one stored column (not a RangeIndex)", async () => {
    const t = new Table({ v: vectorFromArray([1.5], new Float64()), id: vectorFromArray(['a'], new Utf8()) });
    const named = tmpPath();
    await writeParquet(named, [t], { metadata: { pandas: JSON.stringify({ index_columns: ['id'], columns: [] }) } });
    expect(planParquet(named).schema).toMatchObject({ indexCol: 'id', metadata: {} });
    const range = tmpPath();
    await writeParquet(range, [t], { metadata: { pandas: JSON.stringify({ index_columns: [{ kind: 'range', start: 0, stop: 1, step: 1 }] }) } });
    expect(planParquet(range).schema.indexCol).toBe(null);
  });

  it('non-nullable fields and nullable ones mix across partitions; an empty partition writes nothing', async () => {
    const strictSchema = new Schema([new Field('x', new Int64(), false)]);
    const strict = new Table(strictSchema, [new RecordBatch(strictSchema, new Table({ x: vectorFromArray([1n, 2n], new Int64()) }).batches[0]!.data)]);
    const loose = new Table({ x: vectorFromArray([null, 4n], new Int64()) });
    const empty = loose.slice(0, 0);
    const file = tmpPath();
    const r = await writeParquet(file, (async function* () {
      yield strict;
      yield empty;
      yield loose;
    })());
    expect(r).toMatchObject({ rows: 4, rowGroups: 2 });
    expect(columns(readParquetTable(file))).toEqual({ x: [1n, 2n, null, 4n] });
  });

  it('no partitions at all: an empty file from `schema`, which reads back as one empty partition', async () => {
    const file = tmpPath();
    await writeParquet(file, [], { schema: new Schema([new Field('n', new Int64(), true), new Field('s', new Utf8(), true)]) });
    const plan = planParquet(file);
    expect(plan.partitions).toEqual([{ path: file, rowGroup: -1, numRows: 0 }]);
    const t = readParquetTable(file);
    expect(t.numRows).toBe(0);
    expect(types(t)).toEqual({ n: 'Int64', s: 'Utf8' });
  });

  it('a folder of parts reads back in partition order (part.2 before part.10)', async () => {
    const dir = tmpPath('folder');
    const parts = Array.from({ length: 12 }, (_, i) => new Table({ i: vectorFromArray([BigInt(i * 2), BigInt(i * 2 + 1)], new Int64()) }));
    const r = await writeParquetFolder(dir, parts, { rowGroupSize: 1 });
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(parts.map((_, i) => `part.${i}.parquet`));
    const plan = planParquet(dir);
    expect(plan.partitions).toHaveLength(24);
    expect([...readParquetTable(dir).getChild('i')!.toArray()]).toEqual(Array.from({ length: 24 }, (_, i) => BigInt(i)));
    expect([...readParquetTable(`${dir}/*.parquet`).getChild('i')!.toArray()]).toEqual(Array.from({ length: 24 }, (_, i) => BigInt(i)));
  });
});
