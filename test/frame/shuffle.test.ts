/** Hash partitioning kernel (ops/shuffle.ts): determinism, cross-dtype equality, evenness, nulls. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vectorFromArray, Utf8, Table } from 'apache-arrow';
import { type Col, fromCells } from '../../src/frame/core/column.js';
import type { Dtype } from '../../src/frame/core/dtypes.js';
import { type Part, colOf, fromTable, slot, sliceRows, toTable } from '../../src/frame/core/part.js';
import { bucketOf, pieceOf, splitByBucket, splitTableByBucket } from '../../src/frame/ops/shuffle.js';

const part = (cols: Record<string, [Dtype, unknown[]]>): Part => {
  const columns = Object.entries(cols).map(([name, [dtype, cells]]) => slot(name, fromCells(dtype, cells)));
  return { index: [], columns, length: columns[0]!.col!.values.length };
};

/** The same part re-read from Arrow, so string slots hold their vector (the byte-hashing path). */
const viaArrow = (p: Part): Part => fromTable(toTable(p));

describe('bucketOf', () => {
  it('is deterministic and in range', () => {
    const p = part({ k: ['int64', Array.from({ length: 1000 }, (_, i) => i * 7919)] });
    const a = bucketOf(p, ['k'], 13);
    const b = bucketOf(part({ k: ['int64', Array.from({ length: 1000 }, (_, i) => i * 7919)] }), ['k'], 13);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.every((x) => x >= 0 && x < 13)).toBe(true);
    expect(Array.from(bucketOf(p, ['k'], 1)).every((x) => x === 0)).toBe(true);
  });

  it('puts a row in the same bucket whatever partition holds it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 2, max: 9 }), (rows, cut, nb) => {
        const p = viaArrow(part({ a: ['int64', rows.map((r) => r[0])], s: ['string', rows.map((r) => r[1])] }));
        const whole = bucketOf(p, ['a', 's'], nb);
        const c = Math.min(cut, rows.length);
        // Sliced Arrow vectors (offset ≠ 0) and decoded columns must agree with the whole.
        const t = toTable(p);
        const tail = fromTable(t.slice(c));
        const head = sliceRows(p, 0, c);
        const joined = [...bucketOf(head, ['a', 's'], nb), ...bucketOf(tail, ['a', 's'], nb)];
        expect(joined).toEqual(Array.from(whole));
      }),
      { numRuns: 100 },
    );
  });

  it('hashes equal numbers equally across dtypes (int64, int32, uint8, float32, float64, -0)', () => {
    const ints = [0, 1, 2, 3, 100, 255];
    const expectSame = (dtypes: Dtype[], cells: unknown[]) => {
      const ids = dtypes.map((d) => Array.from(bucketOf(part({ k: [d, cells] }), ['k'], 1021)));
      for (const x of ids) expect(x).toEqual(ids[0]);
    };
    expectSame(['int64', 'int32', 'uint8', 'float64', 'float32'], ints);
    expectSame(['int64', 'int32', 'float64'], [-1, -123456, 2 ** 31 - 1, 2 ** 30]);
    expectSame(['int64', 'float64'], [2 ** 40 + 3, -(2 ** 52)]);
    expectSame(['float64', 'float32'], [0.5, -0.25, 1.5e3]);
    // -0 and 0 are one key.
    const z = bucketOf(part({ k: ['float64', [0, -0]] }), ['k'], 1021);
    expect(z[0]).toBe(z[1]);
    // Multi-key: int32/float64 pairs hash like int64/int64 pairs.
    const a = bucketOf(part({ x: ['int32', [1, 2, 3]], y: ['float64', [4, 5, 6]] }), ['x', 'y'], 97);
    const b = bucketOf(part({ x: ['int64', [1, 2, 3]], y: ['int64', [4, 5, 6]] }), ['x', 'y'], 97);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('hashes strings by their UTF-8 bytes on both paths (Arrow buffer and JS string)', () => {
    const strs = ['', 'a', 'id001', 'ünïcödé', '日本語', '😀 emoji', 'x'.repeat(300)];
    const js = part({ s: ['string', strs] });
    const arrow = fromTable(new Table({ s: vectorFromArray(strs, new Utf8()) }));
    expect(arrow.columns[0]!.vector).toBeDefined();
    expect(Array.from(bucketOf(arrow, ['s'], 1021))).toEqual(Array.from(bucketOf(js, ['s'], 1021)));
    colOf(arrow.columns[0]!); // decoded now: the JS path, still equal
    expect(Array.from(bucketOf(arrow, ['s'], 1021))).toEqual(Array.from(bucketOf(js, ['s'], 1021)));
  });

  it('sends rows with a missing key to bucket 0', () => {
    const p = part({ a: ['int64', [1, null, 3, null]], b: ['string', ['x', 'y', null, null]] });
    const ids = bucketOf(viaArrow(p), ['a', 'b'], 7);
    expect(ids[1]).toBe(0);
    expect(ids[2]).toBe(0);
    expect(ids[3]).toBe(0);
    const f = bucketOf(part({ k: ['float64', [NaN, null, 1]] }), ['k'], 7);
    expect([f[0], f[1]]).toEqual([0, 0]);
  });

  it('spreads 1e6 distinct keys evenly (ints, sequential strings, multi-key)', () => {
    const n = 1_000_000;
    const nb = 64;
    const check = (ids: Int32Array) => {
      const counts = new Array<number>(nb).fill(0);
      for (const x of ids) counts[x]!++;
      const mean = n / nb;
      for (const c of counts) expect(Math.abs(c - mean) / mean).toBeLessThan(0.05);
    };
    const raw = (name: string, dtype: Dtype, values: Col['values']): Part => ({ index: [], columns: [slot(name, { dtype, values, valid: null })], length: n });
    check(bucketOf(raw('k', 'int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(i))), ['k'], nb));
    check(bucketOf(raw('k', 'float64', Float64Array.from({ length: n }, (_, i) => i * 0.5)), ['k'], nb));
    check(bucketOf(raw('k', 'string', Array.from({ length: n }, (_, i) => `id${i}`)), ['k'], nb));
    const ab: Part = {
      index: [],
      columns: [slot('a', { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => i % 1000), valid: null }), slot('b', { dtype: 'int32', values: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 1000)), valid: null })],
      length: n,
    };
    check(bucketOf(ab, ['a', 'b'], nb));
  });
});

describe('splitByBucket', () => {
  it('cuts rows into their buckets in original order', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -20, max: 20 })), { maxLength: 80 }), fc.integer({ min: 1, max: 8 }), (ks, nb) => {
        const p = part({ k: ['int64', ks], i: ['int32', ks.map((_, i) => i)] });
        const ids = bucketOf(p, ['k'], nb);
        const pieces = splitByBucket(p, ids, nb);
        expect(pieces.length).toBe(nb);
        const seen: number[] = [];
        pieces.forEach((q, j) => {
          const rows = Array.from(colOf(q.columns[1]!).values as Int32Array);
          for (let r = 1; r < rows.length; r++) expect(rows[r]!).toBeGreaterThan(rows[r - 1]!);
          for (const r of rows) expect(ids[r]).toBe(j);
          seen.push(...rows);
          expect(q.length).toBe(rows.length);
        });
        expect(seen.sort((a, b) => a - b)).toEqual(ks.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });
});

describe('split tables (one table, pieces in the metadata)', () => {
  it('pieceOf gives splitByBucket\'s pieces, a user column named like the order column kept', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.integer({ min: -9, max: 9 })), fc.option(fc.string({ maxLength: 3 }))), { maxLength: 50 }), fc.integer({ min: 1, max: 6 }), (rows, nb) => {
        const p = viaArrow(part({ k: ['int64', rows.map((r) => r[0])], s: ['string', rows.map((r) => r[1])], __tusk_order: ['int32', rows.map((_, i) => 100 + i)] }));
        const t = splitTableByBucket(p, ['k', 's'], nb);
        const want = splitByBucket(p, bucketOf(p, ['k', 's'], nb), nb);
        for (let j = 0; j < nb; j++) {
          const got = fromTable(toTable(pieceOf(t, j)));
          expect(got.columns.map((c) => c.name)).toEqual(['k', 's', '__tusk_order']);
          expect(got.columns.map((c) => Array.from(colOf(c).values as ArrayLike<unknown>))).toEqual(want[j]!.columns.map((c) => Array.from(colOf(c).values as ArrayLike<unknown>)));
        }
      }),
      { numRuns: 60 },
    );
  });
});
