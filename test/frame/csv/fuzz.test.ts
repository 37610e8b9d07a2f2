/**
 * Arbitrary bytes and damaged real files: the reader returns a table or throws a TuskError — never
 * another error, never a hang — and tiny blocks give the same outcome as one block (the planner
 * cuts exactly where the tokenizer would, valid input or not).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isTuskError } from '../../../src/errors.js';
import { readCsvTable, type CsvOptions } from '../../../src/frame/csv/index.js';
import { columns, removeTmp, tmpFile } from './helpers.js';

afterAll(removeTmp);

const titanic = fs.readFileSync(path.resolve(import.meta.dirname, '../../../data/titanic/train.csv')).subarray(0, 3000);

type Outcome = { table: Record<string, unknown[]>; types: string[] } | { error: string };

function outcome(file: string, options: CsvOptions): Outcome {
  try {
    const t = readCsvTable(file, options);
    return { table: columns(t), types: t.schema.fields.map((f) => `${f.name}:${String(f.type)}`) };
  } catch (err) {
    if (!isTuskError(err)) throw err; // the property: nothing but TuskErrors escape
    return { error: err.code };
  }
}

function check(bytes: Uint8Array, blocksize: number, options: CsvOptions): void {
  const file = tmpFile(bytes);
  const whole = outcome(file, options);
  expect(outcome(file, { ...options, blocksize })).toEqual(whole);
}

const bytesOf = (alphabet: number[]) => fc.uint8Array({ maxLength: 300 }).map((a) => a.map((b) => alphabet[b % alphabet.length]!));
const csvBytes = bytesOf([44, 44, 34, 10, 10, 13, 97, 98, 49, 50, 46, 45, 0xc3, 0xa9, 0xff, 32, 59, 101]);

const mutated = fc
  .array(fc.tuple(fc.nat(titanic.length - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 6 })
  .map((edits) => {
    const b = [...titanic];
    for (const [at, v, op] of edits) {
      const i = at % (b.length || 1);
      if (op === 'set') b[i] = v;
      else if (op === 'insert') b.splice(i, 0, v);
      else b.splice(i, 1);
    }
    return Uint8Array.from(b);
  });

const options = fc.record({
  dtype: fc.constantFrom<CsvOptions['dtype']>(undefined, 'string', 'float64'),
  sample: fc.constantFrom<CsvOptions['sample']>(undefined, 40),
  quoteChar: fc.constantFrom<CsvOptions['quoteChar']>(undefined, undefined, null),
  header: fc.constantFrom<CsvOptions['header']>(0, 0, 0, null, 1),
});

describe('fuzz', () => {
  it('random bytes: a table or a TuskError, the same for any blocksize', () => {
    fc.assert(fc.property(fc.oneof(csvBytes, fc.uint8Array({ maxLength: 200 })), fc.integer({ min: 1, max: 64 }), options, (b, bs, o) => check(b, bs, o)), {
      numRuns: 2000,
    });
  });

  it('damaged Titanic files: a table or a TuskError, the same for any blocksize', () => {
    fc.assert(fc.property(mutated, fc.integer({ min: 1, max: 400 }), options, (b, bs, o) => check(b, bs, o)), { numRuns: 800 });
  });
});
