/** Row gathers and concatenation on Arrow buffers (ops/gather.ts) against the decoded-column path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCells, getCell } from '../../src/frame/core/column.js';
import type { Dtype } from '../../src/frame/core/dtypes.js';
import { type Part, colOf, concatParts, fromTable, slot, takeRows, toTable } from '../../src/frame/core/part.js';
import { concatPartsArrow, gatherRows } from '../../src/frame/ops/gather.js';

const DTYPES: Dtype[] = ['int64', 'int32', 'uint8', 'float64', 'float32', 'bool', 'string', 'date', 'datetime'];

const cellArb = (d: Dtype): fc.Arbitrary<unknown> => {
  switch (d) {
    case 'string': return fc.string({ maxLength: 5 });
    case 'bool': return fc.boolean();
    case 'uint8': return fc.integer({ min: 0, max: 255 });
    case 'float32': return fc.integer({ min: -100, max: 100 }).map((v) => v / 4);
    case 'float64': return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'date': return fc.integer({ min: -1000, max: 30000 }).map((v) => new Date(v * 86_400_000));
    case 'datetime': return fc.integer({ min: -1e12, max: 2e12 }).map((v) => new Date(v));
    default: return fc.integer({ min: -1e6, max: 1e6 });
  }
};

const rowsArb = fc.integer({ min: 0, max: 20 }).chain((n) =>
  fc.record(Object.fromEntries(DTYPES.map((d) => [d, fc.array(fc.option(cellArb(d), { freq: 4 }), { minLength: n, maxLength: n })])) as Record<Dtype, fc.Arbitrary<unknown[]>>),
);

const partOf = (cols: Record<Dtype, unknown[]>): Part => {
  const columns = DTYPES.map((d) => slot(d, fromCells(d, cols[d])));
  return { index: [], columns, length: cols.int64.length };
};

const cells = (p: Part) => [...p.index, ...p.columns].map((s) => Array.from({ length: p.length }, (_, i) => getCell(colOf(s), i)));

describe('gather on Arrow buffers', () => {
  it('gatherRows equals takeRows (all dtypes, nulls, -1, sliced vectors)', () => {
    fc.assert(
      fc.property(rowsArb, fc.nat(5), fc.array(fc.integer({ min: -1, max: 30 })), (cols, cut, picks) => {
        const whole = fromTable(toTable(partOf(cols)));
        const n = whole.length;
        const c = Math.min(cut, n);
        // A slice of the Arrow table: offset ≠ 0 on every column.
        const sliced = fromTable(toTable(partOf(cols)).slice(c));
        const idx = picks.filter((i) => i < sliced.length);
        const got = gatherRows(sliced, idx);
        expect(got.columns.every((s) => s.vector !== undefined && s.col === undefined)).toBe(true);
        const want = takeRows(fromTable(toTable(partOf(cols)).slice(c)), idx);
        expect(cells(fromTable(toTable(got)))).toEqual(cells(want));
      }),
      { numRuns: 150 },
    );
  });

  it('concatPartsArrow equals concatParts', () => {
    fc.assert(
      fc.property(fc.array(rowsArb, { minLength: 1, maxLength: 4 }), fc.nat(3), (list, cut) => {
        const parts = list.map((cols, k) => {
          const t = toTable(partOf(cols));
          return fromTable(k % 2 === 0 ? t : t.slice(Math.min(cut, t.numRows)));
        });
        const want = concatParts(list.map((cols, k) => {
          const t = toTable(partOf(cols));
          return fromTable(k % 2 === 0 ? t : t.slice(Math.min(cut, t.numRows)));
        }));
        expect(cells(fromTable(toTable(concatPartsArrow(parts))))).toEqual(cells(want));
      }),
      { numRuns: 100 },
    );
  });
});
