/**
 * Row-group skipping from statistics: exact on sorted data (each op, `in`, `not in`, OR of ANDs,
 * strings by UTF-8 bytes, dates, timestamps, all-null row groups), and sound on random data — a
 * skipped row group never holds a row that passes the filter (checked by brute force).
 */
import fc from 'fast-check';
import { DateDay, Float64, Int64, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTuskError } from '../../../src/errors.js';
import { planParquet, readParquetPartition, writeParquet, type ParquetFilter, type ParquetFilters } from '../../../src/frame/parquet/index.js';
import { removeTmp, tmpPath } from './helpers.js';

afterAll(removeTmp);

// 100 rows, row groups of 10: group g holds i = 10g … 10g+9.
let file: string;
beforeAll(async () => {
  file = tmpPath('sorted.parquet');
  const i = Array.from({ length: 100 }, (_, k) => k);
  await writeParquet(
    file,
    [
      new Table({
        i: vectorFromArray(i.map(BigInt), new Int64()),
        x: vectorFromArray(i.map((k) => k / 2), new Float64()),
        s: vectorFromArray(i.map((k) => `k${String(k).padStart(3, '0')}`), new Utf8()),
        d: vectorFromArray(i.map((k) => new Date(Date.UTC(2024, 0, 1 + k))), new DateDay()),
        ts: vectorFromArray(i.map((k) => Date.UTC(2024, 0, 1) + k * 3_600_000), new TimestampMillisecond()),
        // Null in groups 0–4, values in 5–9: an all-null group matches nothing.
        n: vectorFromArray(i.map((k) => (k < 50 ? null : BigInt(k))), new Int64()),
      }),
    ],
    { rowGroupSize: 10 },
  );
});

const kept = (filters: ParquetFilters): number[] => planParquet(file, { filters }).partitions.map((p) => p.rowGroup);

describe('exact on sorted data', () => {
  it.each<[string, ParquetFilters, number[]]>([
    ['==', [['i', '==', 42]], [4]],
    ['= (alias)', [['i', '=', 42n]], [4]],
    ['<', [['i', '<', 20]], [0, 1]],
    ['<=', [['i', '<=', 20]], [0, 1, 2]],
    ['>', [['i', '>', 89]], [9]],
    ['>=', [['i', '>=', 89.5]], [9]],
    ['!= drops nothing unless a group is all one value', [['i', '!=', 5]], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['in', [['i', 'in', [3, 55, 1000]]], [0, 5]],
    ['not in', [['i', 'not in', [3]]], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['AND', [['i', '>=', 30], ['x', '<', 20]], [3]],
    ['OR of ANDs', [[['i', '<', 10]], [['i', '>=', 90]]], [0, 9]],
    ['float column, int literal', [['x', '>', 44]], [8, 9]],
    ['strings by bytes', [['s', '>=', 'k095']], [9]],
    ['string prefix below every value (an empty partition)', [['s', '<', 'k']], [-1]],
    ['dates as ISO strings', [['d', '<', '2024-01-11']], [0]],
    ['dates as Date', [['d', '>=', new Date(Date.UTC(2024, 3, 1))]], [9]],
    ['timestamps (no zone = UTC)', [['ts', '>=', '2024-01-04T12:00:00']], [8, 9]],
    ['all-null groups match nothing', [['n', '>', 0]], [5, 6, 7, 8, 9]],
    ['all-null groups and !=', [['n', '!=', 1]], [5, 6, 7, 8, 9]],
  ])('%s', (_name, filters, groups) => {
    expect(kept(filters)).toEqual(groups);
  });

  it('every row group skipped still leaves one empty partition with the schema', () => {
    const plan = planParquet(file, { filters: [['i', '>', 1000]] });
    expect(plan.partitions).toEqual([{ path: file, rowGroup: -1, numRows: 0 }]);
    expect(plan.rowGroupsSkipped).toBe(10);
    const t = readParquetPartition({ ...plan.partitions[0]!, schema: plan.schema });
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['i', 'x', 's', 'd', 'ts', 'n']);
  });

  it('a filter column need not be read', () => {
    const plan = planParquet(file, { columns: ['s'], filters: [['i', '<', 10]] });
    expect(plan.partitions.map((p) => p.rowGroup)).toEqual([0]);
    expect(plan.schema.columns.map((c) => c.name)).toEqual(['s']);
  });
});

describe('bad filters fail at planning, saying why', () => {
  const fails = (filters: unknown, code: string, pattern: RegExp): void => {
    try {
      planParquet(file, { filters: filters as ParquetFilters });
    } catch (err) {
      expect(isTuskError(err)).toBe(true);
      expect((err as { code: string }).code).toBe(code);
      expect(String((err as Error).message)).toMatch(pattern);
      return;
    }
    throw new Error('expected planning to fail');
  };
  it('an unknown column, with the closest name', () => {
    try {
      planParquet(file, { filters: [['ii', '>', 3]] });
      throw new Error('expected planning to fail');
    } catch (err) {
      expect(isTuskError(err, 'ColumnNotFound')).toBe(true);
      expect((err as Error).message).toBe(`filters name column "ii", which ${file} does not have; columns are i, x, s, d, ts, n\n  hint: did you mean "i"?`);
      expect((err as { hint?: string }).hint).toBe('did you mean "i"?');
    }
  });
  it('a literal of the wrong kind', () => fails([['i', '>', 'ten']], 'InvalidArgument', /column "i" \(int64\) with "ten"/));
  it('an unknown operator', () => fails([['i', '~', 1]], 'InvalidArgument', /unknown operator "~"/));
  it('"in" without a list', () => fails([['i', 'in', 1]], 'InvalidArgument', /needs a list/));
  it('not a triple', () => fails([['i', '>']], 'InvalidArgument', /triple/));
  it('an invalid date', () => fails([['d', '>', 'yesterday']], 'InvalidArgument', /column "d" \(date\)/));
});

describe('sound on random data', () => {
  const ops = ['==', '!=', '<', '<=', '>', '>=', 'in', 'not in'] as const;
  const passes = (v: number | null, op: (typeof ops)[number], lit: number | number[]): boolean => {
    if (v === null) return false;
    const l = lit as number;
    switch (op) {
      case '==':
        return v === l;
      case '!=':
        return v !== l;
      case '<':
        return v < l;
      case '<=':
        return v <= l;
      case '>':
        return v > l;
      case '>=':
        return v >= l;
      case 'in':
        return (lit as number[]).includes(v);
      case 'not in':
        return !(lit as number[]).includes(v);
    }
  };

  it('a skipped row group never holds a matching row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: -20, max: 20 }), { freq: 5, nil: null }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(
          fc.tuple(
            fc.constantFrom(...ops),
            fc.integer({ min: -22, max: 22 }),
            fc.array(fc.integer({ min: -22, max: 22 }), { maxLength: 3 }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        async (values, rowGroupSize, conj) => {
          const f = tmpPath();
          await writeParquet(f, [new Table({ v: vectorFromArray(values.map((v) => (v === null ? null : BigInt(v))), new Int64()), w: vectorFromArray(values.map((v) => (v === null ? null : v + 0.5)), new Float64()) })], { rowGroupSize });
          const filters: ParquetFilter[] = conj.map(([op, lit, set], k) => [k % 2 === 0 ? 'v' : 'w', op, op === 'in' || op === 'not in' ? set.map((x) => (k % 2 === 0 ? x : x + 0.5)) : k % 2 === 0 ? lit : lit + 0.5]);
          const keptGroups = new Set(planParquet(f, { filters }).partitions.map((p) => p.rowGroup));
          values.forEach((v, row) => {
            const match = filters.every(([col, op, lit]) => passes(v === null ? null : col === 'v' ? v : v + 0.5, op as (typeof ops)[number], lit as number | number[]));
            if (match) expect(keptGroups.has(Math.floor(row / rowGroupSize))).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
