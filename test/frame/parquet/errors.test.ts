/**
 * Errors for people: a file that is not Parquet, cut short, or corrupt names the file and what is
 * wrong; an unknown column lists the columns and suggests the closest; a column that cannot be
 * read says which and how to leave it out; a failed write leaves no file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Float64, Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTuskError, type TuskError, type TuskErrorCode } from '../../../src/errors.js';
import {
  planParquet,
  readParquetPartition,
  readParquetTable,
  writeParquet,
  writeParquetFolder,
} from '../../../src/frame/parquet/index.js';
import { openDuckDB, sqlPath } from './duckdb.js';
import { removeTmp, tmpDir, tmpPath } from './helpers.js';
import { failure } from '../failure.js';

afterAll(removeTmp);


async function asyncFailure(run: () => Promise<unknown>): Promise<TuskError> {
  try {
    await run();
  } catch (err) {
    if (isTuskError(err)) return err;
    throw err;
  }
  throw new Error('expected a TuskError, got a result');
}

const sample = (): Table =>
  new Table({
    Age: vectorFromArray([22, 38, null, 35], new Float64()),
    Name: vectorFromArray(['Braund', 'Cumings', 'Heikkinen', null], new Utf8()),
    PassengerId: vectorFromArray([1n, 2n, 3n, 4n], new Int64()),
  });

let good: string;
let bytes: Uint8Array;
beforeAll(async () => {
  good = tmpPath('good.parquet');
  await writeParquet(good, [sample(), sample()], { rowGroupSize: 4 });
  bytes = new Uint8Array(fs.readFileSync(good)); // a copy: its own ArrayBuffer, offset 0
});

function readFails(content: Uint8Array | string, code: TuskErrorCode = 'FileFormat'): TuskError {
  const file = tmpPath();
  fs.writeFileSync(file, content);
  const err = failure(() => readParquetTable(file));
  expect(err.code).toBe(code);
  expect(err.message).toContain(file);
  expect(err.hint).toBeTruthy();
  return err;
}

describe('files that are not (whole) Parquet', () => {
  it('a CSV file', () => {
    const err = readFails('PassengerId,Survived\n1,0\n');
    expect(err.message).toMatch(/does not start with the Parquet magic "PAR1" \(it starts with "Pass"\)/);
    expect(err.hint).toMatch(/CSV/);
  });

  it('an empty file', () => {
    expect(readFails('').message).toMatch(/is 0 bytes long, too short/);
  });

  it('cut short anywhere: at the end, in the footer, in the data', () => {
    for (const keep of [bytes.length - 1, bytes.length - 6, bytes.length - 40, Math.floor(bytes.length / 2), 40, 8]) {
      const err = readFails(bytes.subarray(0, keep));
      expect(err.message, `cut at ${keep}`).toMatch(/is not a readable Parquet file: it starts like Parquet but does not end with the magic "PAR1"|too short/);
      expect(err.hint).toMatch(/cut short/);
    }
  });

  it('a footer length that does not fit', () => {
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(bad.length - 8, bad.length * 2, true);
    expect(readFails(bad).message).toMatch(/footer length word says \d+ bytes, which does not fit/);
  });

  it('a corrupt footer', () => {
    const bad = bytes.slice();
    const len = new DataView(bad.buffer).getUint32(bad.length - 8, true);
    bad.fill(0xff, bad.length - 8 - len, bad.length - 8 - len + 12);
    expect(readFails(bad).message).toMatch(/footer .* is (corrupt|malformed)|unknown thrift type|runs past|cannot fit/);
  });

  it('corrupt data pages: the error names the row group', () => {
    const bad = bytes.slice();
    bad.fill(0x5a, 4, 120); // the first row group's first column chunk
    const file = tmpPath();
    fs.writeFileSync(file, bad);
    const plan = planParquet(file); // the footer is intact
    const err = failure(() => readParquetPartition({ ...plan.partitions[0]!, schema: plan.schema }));
    expect(err.code).toBe('FileFormat');
    expect(err.message).toContain(`${file} is not a readable Parquet file: row group 0 cannot be decoded`);
  });

  it('a missing file, and a glob that matches nothing', () => {
    const missing = path.join(tmpDir(), 'nope.parquet');
    const err = failure(() => planParquet(missing));
    expect(err.message).toBe(`cannot read Parquet file ${missing}: no such file\n  hint: check the path (relative paths are resolved from the current directory)`);
    expect(failure(() => planParquet(path.join(tmpDir(), '*.nothing'))).message).toMatch(/no files match/);
  });
});

describe('columns', () => {
  it('an unknown column lists the columns and suggests the closest', () => {
    const err = failure(() => planParquet(good, { columns: ['Agee'] }));
    expect(err.code).toBe('ColumnNotFound');
    expect(err.message).toBe(`columns names column "Agee", which ${good} does not have; columns are Age, Name, PassengerId\n  hint: did you mean "Age"?`);
  });

  it('projection: only the columns asked for, in that order', () => {
    const t = readParquetTable(good, { columns: ['PassengerId', 'Age'] });
    expect(t.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual(['PassengerId: Int64', 'Age: Float64']);
    expect(t.numRows).toBe(8);
  });

  it('bad `columns` arguments', () => {
    expect(failure(() => planParquet(good, { columns: [] })).message).toMatch(/columns is empty/);
    expect(failure(() => planParquet(good, { columns: ['Age', 'Age'] })).message).toMatch(/lists "Age" twice/);
    expect(failure(() => planParquet(good, { index: 'Nme' })).code).toBe('ColumnNotFound');
  });

  it('a column that cannot be read says which, and how to leave it out', async () => {
    const db = await openDuckDB();
    try {
      const file = tmpPath('nested.parquet');
      await db.run(`COPY (SELECT range AS id, [range, 1] AS pair, 'x' AS s FROM range(5)) TO ${sqlPath(file)} (FORMAT parquet)`);
      const err = failure(() => planParquet(file));
      expect(err.code).toBe('UnsupportedDtype');
      expect(err.message).toMatch(/cannot read column "pair": it is a nested column/);
      expect(err.hint).toBe('leave it out: columns: ["id","s"]');
      expect(readParquetTable(file, { columns: ['id', 's'] }).numRows).toBe(5);
    } finally {
      db.close();
    }
  });

  it('files read together must agree on columns and types', async () => {
    const other = tmpPath('other.parquet');
    await writeParquet(other, [new Table({ Age: vectorFromArray([1n], new Int64()), Name: vectorFromArray(['a'], new Utf8()), PassengerId: vectorFromArray([9n], new Int64()) })]);
    const err = failure(() => planParquet([good, other]));
    expect(err.code).toBe('FileFormat');
    expect(err.message).toBe(`column "Age" is int64 in ${other} but float64 in ${good}\n  hint: files read together must agree on column types: rewrite the odd file with the same type, or read the files separately and cast`);
    expect(readParquetTable([good, other], { columns: ['Name'] }).numRows).toBe(9);
  });
});

describe('failed writes leave nothing behind', () => {
  const leftovers = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.includes('tusk-tmp'));

  it('a partition stream that throws midway', async () => {
    const dir = fs.mkdtempSync(path.join(tmpDir(), 'w-'));
    const file = path.join(dir, 'out.parquet');
    await expect(
      writeParquet(file, (async function* () {
        yield sample();
        throw new Error('upstream failed');
      })()),
    ).rejects.toThrow('upstream failed');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a partition with another schema', async () => {
    const dir = fs.mkdtempSync(path.join(tmpDir(), 'w-'));
    const file = path.join(dir, 'out.parquet');
    const odd = new Table({ Age: vectorFromArray(['old'], new Utf8()) });
    const err = await asyncFailure(() => writeParquet(file, [sample(), odd]));
    expect(err.code).toBe('TypeMismatch');
    expect(err.message).toMatch(/partition 1 written to .*out\.parquet does not match the first partition's schema: column 1 is \{Age: Utf8\} where the first partition has \{Age: Float64\}/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an existing file is replaced only when the new one is complete', async () => {
    const dir = fs.mkdtempSync(path.join(tmpDir(), 'w-'));
    const file = path.join(dir, 'out.parquet');
    await writeParquet(file, [sample()]);
    const before = fs.readFileSync(file);
    await expect(writeParquet(file, (function* () {
      yield sample();
      throw new Error('boom');
    })())).rejects.toThrow('boom');
    expect(fs.readFileSync(file)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('bad options and paths', async () => {
    expect((await asyncFailure(() => writeParquet(tmpPath(), [sample()], { compression: 'zip' as never }))).message).toMatch(/unknown Parquet compression "zip"/);
    expect((await asyncFailure(() => writeParquet(tmpPath(), [sample()], { rowGroupSize: 0 }))).message).toMatch(/rowGroupSize must be a positive whole number/);
    expect((await asyncFailure(() => writeParquet(path.join(tmpDir(), 'no/such/dir/x.parquet'), [sample()]))).message).toMatch(/folder .*no\/such\/dir does not exist/);
    expect((await asyncFailure(() => writeParquet(tmpPath(), []))).message).toMatch(/nothing to write/);
  });

  it('a folder: not over a non-empty one unless asked; all or nothing', async () => {
    const dir = path.join(tmpDir(), 'parts');
    await writeParquetFolder(dir, [sample(), sample()]);
    const err = await asyncFailure(() => writeParquetFolder(dir, [sample()]));
    expect(err.message).toBe(`folder ${dir} already exists and is not empty\n  hint: pass overwrite: true to replace it, or choose another path`);
    await expect(writeParquetFolder(dir, (function* () {
      yield sample();
      throw new Error('boom');
    })(), { overwrite: true })).rejects.toThrow('boom');
    expect(fs.readdirSync(dir)).toEqual(['part.0.parquet', 'part.1.parquet']); // the old folder, untouched
    expect(fs.readdirSync(tmpDir()).filter((f) => f.startsWith('.parts'))).toEqual([]);
    await writeParquetFolder(dir, [sample()], { overwrite: true });
    expect(fs.readdirSync(dir)).toEqual(['part.0.parquet']);
    expect(readParquetTable(dir).numRows).toBe(4);
  });
});
