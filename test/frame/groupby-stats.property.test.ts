/**
 * The group-by statistics the db-benchmark questions need — median, corr, nlargest/nsmallest —
 * against a naive in-memory reference, on random tables with nulls cut into ragged partitions
 * (some empty) and reduced with small `splitEvery` so combines run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type DataFrame, LocalFrame, type Series, concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
const client = env.client;
afterAll(() => env.close());

type Row = { k: number | null; s: string | null; x: number | null; y: number | null };
const rowArb: fc.Arbitrary<Row> = fc.record({
  k: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 6 }),
  s: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 6 }),
  x: fc.option(fc.integer({ min: -20, max: 20 }).map((v) => v / 4), { freq: 5 }),
  y: fc.option(fc.integer({ min: -400, max: 400 }).map((v) => v / 8), { freq: 5 }), // no denormals: the reference's own sums would underflow
});
const tableArb = fc.tuple(fc.array(rowArb, { maxLength: 50 }), fc.array(fc.nat(15), { minLength: 1, maxLength: 5 }), fc.integer({ min: 2, max: 4 }));

function frameOf(rows: Row[], cuts: number[]): DataFrame {
  const mk = (p: Row[]) => fromColumns({ k: p.map((r) => r.k), s: p.map((r) => r.s), x: p.map((r) => r.x), y: p.map((r) => r.y) }, { dtype: { k: 'int64', s: 'string', x: 'float64', y: 'float64' } });
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of cuts) (parts.push(mk(rows.slice(at, at + c))), (at += c));
  if (at < rows.length) parts.push(mk(rows.slice(at)));
  return concat(parts);
}

/** Groups by (k, s) with both keys present, sorted by k then s. */
function groups(rows: Row[]): [number, string, Row[]][] {
  const m = new Map<string, [number, string, Row[]]>();
  for (const r of rows) {
    if (r.k === null || r.s === null) continue;
    const key = `${r.k}|${r.s}`;
    if (!m.has(key)) m.set(key, [r.k, r.s, []]);
    m.get(key)![2].push(r);
  }
  return [...m.values()].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

const median = (v: number[]): number | null => {
  if (v.length === 0) return null;
  const a = [...v].sort((p, q) => p - q);
  const h = a.length >> 1;
  return a.length % 2 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
};

function pearson(pairs: [number, number][]): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of pairs) (sxx += (x - mx) ** 2, syy += (y - my) ** 2, sxy += (x - mx) * (y - my));
  return sxx <= 0 || syy <= 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const records = async (df: DataFrame | Series): Promise<Record<string, unknown>[]> => {
  const local = await df.compute({ client });
  return (local instanceof LocalFrame ? local : new LocalFrame(local.toArrow())).toRecords();
};
const OPTS = { numRuns: 30 };

describe('group-by statistics against a row-by-row reference', () => {
  it('median (agg and .col().median()) and the whole-column median', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts, splitEvery]) => {
      const df = frameOf(rows, cuts);
      const want = groups(rows).map(([k, s, g]) => ({ k, s, x: median(g.map((r) => r.x).filter((v): v is number => v !== null)) }));
      expect(await records(df.groupby(['k', 's']).agg({ x: 'median' }, { splitEvery }))).toEqual(want);
      expect((await records(df.groupby(['k', 's']).col('x').median({ splitEvery }))).map((r) => r.x)).toEqual(want.map((r) => r.x));
      expect(await df.col('x').median().compute({ client })).toEqual(median(rows.map((r) => r.x).filter((v): v is number => v !== null)));
    }), OPTS);
  });

  it('corr over the rows where both values are present', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts, splitEvery]) => {
      const got = await records(frameOf(rows, cuts).groupby(['k', 's']).col('x').corr('y', { splitEvery }));
      const want = groups(rows).map(([k, s, g]) => ({ k, s, x: pearson(g.filter((r) => r.x !== null && r.y !== null).map((r) => [r.x!, r.y!])) }));
      expect(got.map((r) => [r.k, r.s])).toEqual(want.map((r) => [r.k, r.s]));
      got.forEach((r, i) => {
        const w = want[i]!.x;
        if (w === null) expect(r.x).toBeNull();
        else expect(r.x as number).toBeCloseTo(w, 9);
      });
    }), OPTS);
  });

  it('corr of integer columns: exact sums while they fit in 2^53 (to 1e-12 of the exact r), Welford past them (as for floats)', async () => {
    // Small: |v| ≤ 50. Big: |v| ≥ 2^40, so any chunk with a pair is past 2^53.
    const big = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2 ** 30 })).map(([neg, k]) => (neg ? -1 : 1) * (2 ** 40 + k));
    const rowsOf = (int: fc.Arbitrary<number>) => fc.array(fc.record({ k: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 6 }), x: fc.option(int, { freq: 5 }), y: fc.option(int, { freq: 5 }) }), { maxLength: 50 });
    const cases = fc.boolean().chain((small) => fc.tuple(fc.constant(small), rowsOf(small ? fc.integer({ min: -50, max: 50 }) : big)));
    await fc.assert(fc.asyncProperty(cases, fc.integer({ min: 2, max: 4 }), async ([small, rs], splitEvery) => {
      const half = rs.length >> 1;
      const frame = (dtype: 'int64' | 'float64') => {
        const mk = (p: typeof rs) => fromColumns({ k: p.map((r) => r.k), x: p.map((r) => r.x), y: p.map((r) => r.y) }, { dtype: { k: 'int64', x: dtype, y: dtype } });
        return concat([mk(rs.slice(0, half)), mk(rs.slice(half))]);
      };
      const got = await records(frame('int64').groupby('k').col('x').corr('y', { splitEvery }));
      const keys = [...new Set(rs.map((r) => r.k).filter((k): k is number => k !== null))].sort((a, b) => a - b);
      expect(got.map((r) => r.k)).toEqual(keys);
      if (!small) {
        // Past 2^53 the integer columns take Welford's update, as float columns do: the same r.
        expect(got).toEqual(await records(frame('float64').groupby('k').col('x').corr('y', { splitEvery })));
        return;
      }
      got.forEach((r, i) => {
        // The exact r of integer data: n·Σxy − ΣxΣy over √((n·Σx² − (Σx)²)(n·Σy² − (Σy)²)), in BigInt.
        const pairs = rs.filter((q) => q.k === keys[i] && q.x !== null && q.y !== null).map((q) => [BigInt(q.x!), BigInt(q.y!)] as const);
        const n = BigInt(pairs.length);
        let sx = 0n, sy = 0n, qx = 0n, qy = 0n, qxy = 0n;
        for (const [a, b] of pairs) (sx += a, sy += b, qx += a * a, qy += b * b, qxy += a * b);
        const dx = n * qx - sx * sx;
        const dy = n * qy - sy * sy;
        if (pairs.length < 2 || dx === 0n || dy === 0n) return void expect(r.x).toBeNull();
        expect(r.x as number).toBeCloseTo(Number(n * qxy - sx * sy) / Math.sqrt(Number(dx) * Number(dy)), 12);
      });
    }), OPTS);
  });

  it('nlargest / nsmallest: the best n of each group, best first, groups by key', async () => {
    await fc.assert(fc.asyncProperty(tableArb, fc.integer({ min: 0, max: 3 }), async ([rows, cuts, splitEvery], n) => {
      const df = frameOf(rows, cuts);
      for (const largest of [true, false]) {
        const series = largest ? df.groupby(['k', 's']).col('y').nlargest(n, { splitEvery }) : df.groupby(['k', 's']).col('y').nsmallest(n, { splitEvery });
        const want = groups(rows).flatMap(([k, s, g]) =>
          g.map((r) => r.y).filter((v): v is number => v !== null).sort((a, b) => (largest ? b - a : a - b)).slice(0, n).map((y) => ({ k, s, y })));
        expect(await records(series)).toEqual(want);
      }
    }), OPTS);
  });

  it('bad arguments fail when the expression is built', () => {
    const df = fromColumns({ k: [1], s: ['a'], x: [1.5] });
    expect(() => df.groupby('k').col('s').median()).toThrow(/cannot take the median of column "s"/);
    expect(() => df.groupby('k').col('x').corr('z')).toThrow(/unable to find column "z"/);
    expect(() => df.groupby('k').col('s').nlargest(2)).toThrow(/nlargest: column "s" is string/);
    expect(() => df.groupby('k').col('x').nlargest(-1)).toThrow(/n must be a whole number/);
  });
});
