/**
 * Each bad input fails with a TuskError that names the file, the line and the column (and the value
 * when there is one) and says what to do — the same error whatever the blocksize.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TuskError, TuskErrorCode } from '../../../src/errors.js';
import { inferCsvSchema, planCsvPartitions, readCsvTable, type CsvOptions } from '../../../src/frame/csv/index.js';
import { removeTmp, tmpDir, tmpFile } from './helpers.js';
import { failure } from '../failure.js';

afterAll(removeTmp);


/** Reads `content` whole and in tiny blocks; both must fail alike. Returns the error. */
function readFails(content: string | Uint8Array, code: TuskErrorCode, options: CsvOptions = {}): TuskError {
  const file = tmpFile(content);
  const whole = failure(() => readCsvTable(file, options));
  const split = failure(() => readCsvTable(file, { ...options, blocksize: 3 }));
  expect(whole.code).toBe(code);
  expect(split.message).toBe(whole.message);
  expect(whole.message).toContain(file);
  expect(whole.hint).toBeTruthy();
  return whole;
}

describe('errors name file, line, column and value', () => {
  it('an unterminated quote: the line where it opens', () => {
    const err = readFails('a,b\n1,2\n"x\ny",3\n4,"never closed\n5,6\n', 'CsvParse');
    expect(err.message).toMatch(/line 5, column "b"/);
    expect(err.message).toContain('never closed');
    expect(err.hint).toMatch(/quoteChar: null/);
    expect(err.context).toMatchObject({ line: 5, column: 'b' });
  });

  it('a record with too many fields', () => {
    const err = readFails('a,b\n1,2\n3,4,oops\n', 'CsvParse');
    expect(err.message).toMatch(/line 3, column "\(extra field 3\)": value "oops": 3 fields where the header has 2/);
    expect(err.hint).toMatch(/quoted/);
  });

  it('a record with too few fields (after a multi-line quoted field, lines stay physical)', () => {
    const err = readFails('a,b,c\n"one\ntwo",2,3\n1,2\n', 'CsvParse');
    expect(err.message).toMatch(/line 4, column "c": 2 fields where the header has 3/);
  });

  it('invalid UTF-8 in a string column', () => {
    const bytes = new Uint8Array([...Buffer.from('name,n\nok,1\nbad'), 0xff, 0xfe, ...Buffer.from(',2\n')]);
    const err = readFails(bytes, 'CsvParse');
    expect(err.message).toMatch(/line 3, column "name": value "bad\uFFFD\uFFFD": the value is not valid UTF-8/);
    expect(err.hint).toMatch(/iconv/);
  });

  it('UTF-8 cut between two values is still caught (each value checked on its own)', () => {
    // 0xC3 ends the first value, 0xA9 starts the second: valid together ("é"), invalid apart.
    const bytes = new Uint8Array([...Buffer.from('a,b\nx'), 0xc3, 0x2c, 0xa9, ...Buffer.from('y\n')]);
    const err = readFails(bytes, 'CsvParse', { dtype: 'string' });
    expect(err.message).toMatch(/line 2, column "a"/);
  });

  it('a value that breaks an explicit dtype', () => {
    const err = readFails('id,age\n1,20\n2,twenty\n', 'TypeMismatch', { dtype: { age: 'int64' } });
    expect(err.message).toMatch(/line 3, column "age": value "twenty": not a valid int64, the dtype asked for this column/);
    expect(err.hint).toMatch(/dtype: \{ "age": 'string' \}/);
    expect(err.context).toMatchObject({ suggestedDtype: 'string' });
  });

  it('a value past the sample that does not fit the inferred type: names the dtype to pass', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${i * 2}`);
    const content = `a,b\n${rows.join('\n')}\n200,2.5\n`;
    const err = readFails(content, 'TypeMismatch', { sample: 100 });
    expect(err.message).toMatch(/line 202, column "b": value "2.5": does not fit the type int64 inferred from the first 100 bytes of/);
    expect(err.hint).toMatch(/dtype: \{ "b": 'float64' \}/);
    expect(err.hint).toMatch(/sample: 'all'/);
    // Both ways out work.
    const file = tmpFile(content);
    expect(String(readCsvTable(file, { sample: 'all' }).schema.fields[1]!.type)).toBe('Float64');
    expect(readCsvTable(file, { sample: 100, dtype: { b: 'float64' } }).getChild('b')!.get(200)).toBe(2.5);
  });

  it('a missing value past the sample keeps the int64 type (nullable), no failure', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${i}`);
    const t = readCsvTable(tmpFile(`a,b\n${rows.join('\n')}\n200,\n`), { sample: 100, blocksize: 500 });
    expect(String(t.schema.fields[1]!.type)).toBe('Int64');
    expect(t.getChild('b')!.get(200)).toBeNull();
    expect(t.getChild('b')!.nullCount).toBe(1);
  });
});

describe('errors about files and options', () => {
  it('a missing file, a glob with no match', () => {
    expect(failure(() => readCsvTable(path.join(tmpDir(), 'nope.csv'))).message).toMatch(/no such file/);
    expect(failure(() => readCsvTable(path.join(tmpDir(), 'nothing-*.csv'))).message).toMatch(/no files match/);
  });

  it('an empty file, a header-only file', () => {
    expect(failure(() => readCsvTable(tmpFile(''))).code).toBe('FileFormat');
    const t = readCsvTable(tmpFile('a,b\n'));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['a', 'Utf8'],
      ['b', 'Utf8'],
    ]);
  });

  it('files of one glob with different headers', () => {
    const dir = path.join(tmpDir(), 'mixed');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '1.csv'), 'a,b\n1,2\n');
    fs.writeFileSync(path.join(dir, '2.csv'), 'a,c\n1,2\n');
    const err = failure(() => planCsvPartitions(path.join(dir, '*.csv')));
    expect(err.code).toBe('FileFormat');
    expect(err.message).toMatch(/2\.csv has columns \[a, c\] but .*1\.csv has \[a, b\]/);
  });

  it('unknown columns get a did-you-mean', () => {
    const file = tmpFile('Age,Fare\n1,2\n');
    const err = failure(() => inferCsvSchema(file, { usecols: ['Agee'] }));
    expect(err.code).toBe('ColumnNotFound');
    expect(err.hint).toBe('did you mean "Age"?');
    expect(failure(() => inferCsvSchema(file, { dtype: { Fair: 'float64' } })).hint).toBe('did you mean "Fare"?');
  });

  it('bad options', () => {
    const file = tmpFile('a\n1\n');
    expect(failure(() => readCsvTable(file, { sep: '\\s+' })).code).toBe('InvalidArgument');
    expect(failure(() => readCsvTable(file, { dtype: 'int8' })).message).toMatch(/not a CSV dtype/);
    expect(failure(() => readCsvTable(file, { blocksize: 0 })).code).toBe('InvalidArgument');
    expect(failure(() => readCsvTable(file, { header: -1 })).code).toBe('InvalidArgument');
    expect(failure(() => readCsvTable(file, { sample: 0 })).code).toBe('InvalidArgument');
  });
});
