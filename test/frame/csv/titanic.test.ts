/**
 * The reader against pandas on the tutorial's data: `pd.read_csv(path, index_col="PassengerId")`,
 * as recorded by scripts/fixtures/titanic.py. Names, order, dtypes, every value, every null.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { INDEX_METADATA_KEY, pandasDtypeName, planCsvRead, readCsvTable, type CsvSchema } from '../../../src/frame/csv/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = path.join(root, 'data/titanic');

interface RawFixture {
  columns: string[];
  dtypes: Record<string, string>;
  nullCounts: Record<string, number>;
  index: { name: string; dtype: string; values: number[] };
  values: Record<string, (number | string | null)[]>;
}

function fixture(name: string): RawFixture {
  return JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/titanic', name), 'utf8')) as RawFixture;
}

/** A column as plain JS values: int64's bigints become numbers (all Titanic ints are small). */
function columnValues(table: Table, name: string): (number | string | boolean | null)[] {
  const v = table.getChild(name);
  if (v === null) throw new Error(`no column ${name}`);
  return Array.from({ length: v.length }, (_, i) => {
    const x: unknown = v.get(i);
    return typeof x === 'bigint' ? Number(x) : (x as number | string | boolean | null);
  });
}

function expectLikePandas(table: Table, schema: CsvSchema, fx: RawFixture): void {
  expect(table.schema.metadata.get(INDEX_METADATA_KEY)).toBe(fx.index.name);
  expect(table.schema.fields.map((f) => f.name)).toEqual([fx.index.name, ...fx.columns]);
  expect(schema.columns.map((c) => pandasDtypeName(c.dtype))).toEqual([fx.index.dtype, ...fx.columns.map((c) => fx.dtypes[c])]);
  expect(table.numRows).toBe(fx.index.values.length);
  expect(columnValues(table, fx.index.name)).toEqual(fx.index.values);
  for (const name of fx.columns) {
    const got = columnValues(table, name);
    // toEqual would let 0.1 + 0.2 pass for 0.30000000000000004: compare exactly, value by value.
    const expected = fx.values[name]!;
    const firstDiff = got.findIndex((g, i) => !Object.is(g, expected[i]));
    expect(firstDiff, `${name} differs at row ${firstDiff}: ${String(got[firstDiff])} vs ${String(expected[firstDiff])}`).toBe(-1);
    expect(got.length).toBe(expected.length);
    expect(table.getChild(name)!.nullCount).toBe(fx.nullCounts[name]);
  }
}

describe('Titanic, as pandas reads it', () => {
  for (const which of ['train', 'test'] as const) {
    it(`${which}.csv equals pd.read_csv(index_col="PassengerId")`, () => {
      const file = path.join(dataDir, `${which}.csv`);
      const plan = planCsvRead(file, { indexCol: 'PassengerId' });
      const table = readCsvTable(file, { indexCol: 'PassengerId' });
      expectLikePandas(table, plan.schema, fixture(`raw-${which}.json`));
    });

    for (const blocksize of [1, 64, 1000]) {
      it(`${which}.csv reads the same in ${blocksize}-byte blocks`, () => {
        const file = path.join(dataDir, `${which}.csv`);
        const plan = planCsvRead(file, { indexCol: 'PassengerId', blocksize });
        // blocksize 1 cuts at every record: one partition per row.
        if (blocksize === 1) expect(plan.partitions.length).toBe(which === 'train' ? 891 : 418);
        const table = readCsvTable(file, { indexCol: 'PassengerId', blocksize });
        expect(table.batches.length).toBe(plan.partitions.length);
        expectLikePandas(table, plan.schema, fixture(`raw-${which}.json`));
      });
    }
  }

  it('reads both files through a glob, in sorted order, when their headers agree', () => {
    // train and test have different headers: the planner must refuse to mix them.
    expect(() => planCsvRead(path.join(dataDir, '*.csv'))).toThrow(/has columns/);
  });
});
