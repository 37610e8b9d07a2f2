/** pandas' read_csv options, one behaviour each, on small files written here. */
import { describe, expect, it } from 'vitest';
import { INDEX_METADATA_KEY, inferCsvSchema, planCsvRead, readCsvTable } from '../../../src/frame/csv/index.js';
import { columns, removeTmp, tmpFile, types } from './helpers.js';
import { afterAll } from 'vitest';

afterAll(removeTmp);

describe('inference (pandas rules)', () => {
  it('int64, float64 for int-with-missing, bool, string, all-missing float64', () => {
    const t = readCsvTable(tmpFile('i,im,f,b,bm,s,none\n1,1,1.5,True,false,x,\n2,,2,FALSE,,y,NA\n-3,3,1e3,true,TRUE,1,\n'));
    expect(types(t)).toEqual({ i: 'Int64', im: 'Float64', f: 'Float64', b: 'Bool', bm: 'Bool', s: 'Utf8', none: 'Float64' });
    expect(columns(t)).toEqual({
      i: [1n, 2n, -3n],
      im: [1, null, 3],
      f: [1.5, 2, 1000],
      b: [true, false, true],
      bm: [false, null, true],
      s: ['x', 'y', '1'],
      none: [null, null, null],
    });
  });

  it('an int beyond int64 reads as float64; mixed bool and number as string', () => {
    const t = readCsvTable(tmpFile('big,mix\n9223372036854775808,True\n1,1\n'));
    expect(types(t)).toEqual({ big: 'Float64', mix: 'Utf8' });
  });

  it('missing-value spellings: defaults, extra naValues, keepDefaultNa: false', () => {
    const file = tmpFile('a,b\nNA,-999\nnull,1\n"",2\n');
    expect(columns(readCsvTable(file))).toEqual({ a: [null, null, null], b: [-999n, 1n, 2n] });
    expect(columns(readCsvTable(file, { naValues: ['-999'] })).b).toEqual([null, 1, 2]);
    const strict = readCsvTable(file, { keepDefaultNa: false, naValues: [''] });
    expect(columns(strict).a).toEqual(['NA', 'null', null]);
  });
});

describe('options', () => {
  const file = () => tmpFile('\uFEFFid,name,score\n3,"Doe, J",1.5\n1,Ann,2\n2,Bob,\n');

  it('indexCol moves the index first and names it in the metadata', () => {
    const t = readCsvTable(file(), { indexCol: 'id' });
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'name', 'score']);
    expect(t.schema.metadata.get(INDEX_METADATA_KEY)).toBe('id');
    const byPos = readCsvTable(file(), { indexCol: 1 });
    expect(byPos.schema.fields.map((f) => f.name)).toEqual(['name', 'id', 'score']);
  });

  it('usecols keeps file order, by name or position', () => {
    expect(readCsvTable(file(), { usecols: ['score', 'id'] }).schema.fields.map((f) => f.name)).toEqual(['id', 'score']);
    expect(readCsvTable(file(), { usecols: [2] }).schema.fields.map((f) => f.name)).toEqual(['score']);
  });

  it('dtype for all or some columns, with pandas names', () => {
    expect(types(readCsvTable(file(), { dtype: 'string' }))).toEqual({ id: 'Utf8', name: 'Utf8', score: 'Utf8' });
    expect(types(readCsvTable(file(), { dtype: { id: 'int32', score: 'object' } }))).toEqual({ id: 'Int32', name: 'Utf8', score: 'Utf8' });
  });

  it('nrows limits the rows read, across partitions', () => {
    expect(readCsvTable(file(), { nrows: 2, blocksize: 1 }).numRows).toBe(2);
    expect(readCsvTable(file(), { nrows: 0 }).numRows).toBe(0);
    // Types come from the rows read, as in pandas: the third row's missing score is not seen.
    expect(types(readCsvTable(tmpFile('a\n1\n2\nx\n'), { nrows: 2 }))).toEqual({ a: 'Int64' });
  });

  it('header: null numbers the columns; names renames them; header: n skips records before it', () => {
    const f = tmpFile('1,2\n3,4\n');
    expect(columns(readCsvTable(f, { header: null }))).toEqual({ '0': [1n, 3n], '1': [2n, 4n] });
    expect(columns(readCsvTable(f, { header: null, names: ['x', 'y'] }))).toEqual({ x: [1n, 3n], y: [2n, 4n] });
    expect(columns(readCsvTable(tmpFile('junk line\n\na,b\n1,2\n'), { header: 1 }))).toEqual({ a: [1n], b: [2n] });
  });

  it('duplicate and empty header names are made unique as pandas does', () => {
    expect(inferCsvSchema(tmpFile('a,a,,a.1,a\n1,2,3,4,5\n')).fileColumns).toEqual(['a', 'a.1', 'Unnamed: 2', 'a.1.1', 'a.2']);
  });

  it('sep, quoteChar, dates', () => {
    const t = readCsvTable(tmpFile("d;t;q\n2024-02-29;2024-02-29T10:00:00Z;'a;b'\n"), { sep: ';', quoteChar: "'", dtype: { d: 'date', t: 'datetime' } });
    expect(types(t)).toEqual({ d: 'Date32<DAY>', t: 'Timestamp<MILLISECOND>', q: 'Utf8' });
    expect(t.getChild('q')!.get(0)).toBe('a;b');
    expect(Number(t.getChild('t')!.data[0]!.values[0])).toBe(Date.UTC(2024, 1, 29, 10));
    const noQuote = readCsvTable(tmpFile('a,b\n"x,1\n'), { quoteChar: null });
    expect(columns(noQuote)).toEqual({ a: ['"x'], b: [1n] });
  });

  it('plans are plain data (a worker task survives JSON)', () => {
    const plan = planCsvRead(file(), { blocksize: 1 });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.partitions.map((p) => p.startLine)).toEqual([2, 3, 4]);
  });
});
