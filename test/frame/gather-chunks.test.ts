/**
 * Gathers from a column held in several chunks (`gatherChunks`, a shuffle join's bucket pieces
 * read where they are) against the same rows gathered from the chunks concatenated: strings
 * (multi-byte, empty, missing), int64 (beyond 2^53), float64 (NaN, -0), and a bool column (which
 * goes the concatenating way), with chunks sliced out of larger vectors (offsets and validity bits
 * not starting at 0), empty chunks and rows -1. Runs on the kernels in use: the native located
 * gathers, or the TypeScript loops under TUSK_KERNELS=ts.
 */
import { Bool, type Data, type DataType, Float64, Int64, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dtype } from '../../src/frame/core/dtypes.js';
import { concatData, gatherChunks, gatherData, locateChunkRows } from '../../src/frame/ops/gather.js';

type Cell = string | bigint | number | boolean | null;

const kinds: Record<'string' | 'int64' | 'float64' | 'bool', { type: DataType; cell: fc.Arbitrary<Cell> }> = {
  string: { type: new Utf8(), cell: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 6 })), { freq: 4 }) },
  int64: { type: new Int64(), cell: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { freq: 4 }) },
  float64: { type: new Float64(), cell: fc.option(fc.oneof(fc.double(), fc.constantFrom(-0, NaN)), { freq: 4 }) },
  bool: { type: new Bool(), cell: fc.option(fc.boolean(), { freq: 4 }) },
};

/** A chunk of `cells`, cut out of a larger vector when `pad` > 0 (offset and validity bits not at 0). */
function chunkOf(kind: keyof typeof kinds, cells: Cell[], pad: number): Data {
  const filler = cells.length > 0 ? cells[0]! : null;
  const all = [...new Array<Cell>(pad).fill(filler), ...cells, ...new Array<Cell>(pad).fill(filler)];
  const v = vectorFromArray(all as never[], kinds[kind].type as never);
  const sliced = pad > 0 ? v.slice(pad, pad + cells.length) : v;
  return sliced.data[0]! as Data;
}

const valuesOf = (d: Data): Cell[] => {
  const v = makeVector(d);
  const out: Cell[] = [];
  for (let i = 0; i < d.length; i++) out.push(v.isValid(i) ? (v.get(i) as Cell) : null);
  return out;
};

const same = (a: Cell, b: Cell): boolean => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

describe('gathers from chunks (shuffle join pieces)', () => {
  for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
    it(`${kind}: the rows of the chunks concatenated, with missing values and rows -1`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.array(kinds[kind].cell, { maxLength: 30 }), fc.nat(9)), { minLength: 2, maxLength: 5 }),
          fc.array(fc.integer({ min: -1, max: 1000 }), { maxLength: 150 }),
          (spec, picks) => {
            const chunks = spec.map(([cells, pad]) => chunkOf(kind, cells as Cell[], pad));
            const total = chunks.reduce((n, d) => n + d.length, 0);
            if (total === 0) return;
            const idx = Int32Array.from(picks, (p) => (p < 0 ? -1 : p % total));
            const want = valuesOf(gatherData(kind as Dtype, concatData(kind as Dtype, chunks), idx));
            const got = gatherChunks(kind as Dtype, chunks, idx, locateChunkRows(chunks.map((d) => d.length), idx));
            expect(got.length).toBe(idx.length);
            const values = valuesOf(got);
            values.forEach((v, k) => expect(same(v, want[k]!), `row ${k}: ${String(v)} vs ${String(want[k])}`).toBe(true));
            expect(got.nullCount).toBe(want.filter((v) => v === null).length);
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});

describe('locateChunkRows', () => {
  it('gives each row its chunk and local row, as a linear scan does, over chunks small and large (empty ones too)', () => {
    const naive = (lengths: number[], r: number): [number, number] => {
      if (r < 0) return [-1, 0];
      let start = 0;
      for (let p = 0; p < lengths.length; p++) {
        if (r < start + lengths[p]!) return [p, r - start];
        start += lengths[p]!;
      }
      throw new Error('row beyond the chunks');
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 4000, max: 20_000 })), { minLength: 1, maxLength: 9 }),
        fc.array(fc.double({ min: -0.05, max: 1, noNaN: true }), { maxLength: 300 }),
        fc.boolean(),
        (lengths, fractions, ascending) => {
          const total = lengths.reduce((a, b) => a + b, 0);
          if (total === 0) return;
          const rows = fractions.map((f) => (f < 0 ? -1 : Math.min(total - 1, Math.floor(f * total))));
          if (ascending) rows.sort((a, b) => a - b);
          const idx = Int32Array.from(rows);
          const at = locateChunkRows(lengths, idx);
          idx.forEach((r, k) => expect([at.piece[k], at.local[k]], `row ${r}`).toEqual(naive(lengths, r)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
