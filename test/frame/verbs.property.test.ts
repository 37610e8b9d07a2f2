/**
 * Each verb against a naive in-memory reference (plain JS over arrays of rows), on random
 * tables with nulls, cut into ragged partitions (some empty).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cell, type DataFrame, col, concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
const client = env.client;
afterAll(() => env.close());

type Row = { k: number | null; x: number | null; s: string | null };

const rowArb: fc.Arbitrary<Row> = fc.record({
  k: fc.option(fc.integer({ min: -3, max: 3 }), { freq: 6 }),
  x: fc.option(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 4) / 4 + 0), { freq: 5 }),
  s: fc.option(fc.constantFrom('a', 'b', 'c', 'dd'), { freq: 5 }),
});

/** Rows and the sizes of ragged partitions. */
const tableArb = fc.tuple(fc.array(rowArb, { maxLength: 40 }), fc.array(fc.nat(15), { minLength: 1, maxLength: 5 }));

function frameOf(rows: Row[], cuts: number[]): DataFrame {
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of cuts) {
    const piece = rows.slice(at, at + c);
    at += c;
    parts.push(piece.length ? mk(piece) : mk([]));
  }
  if (at < rows.length) parts.push(mk(rows.slice(at)));
  return concat(parts);
}

function mk(rows: Row[]): DataFrame {
  return fromColumns({ k: rows.map((r) => r.k), x: rows.map((r) => r.x), s: rows.map((r) => r.s) }, { dtype: { k: 'int64', x: 'float64', s: 'string' } });
}

const records = async (df: DataFrame) => (await df.compute({ client })).toRecords();
const OPTS = { numRuns: 25 };

describe('verbs against a row-by-row reference', () => {
  it('partitions concatenate back to the rows', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts]) => {
      expect(await records(frameOf(rows, cuts))).toEqual(rows);
      expect(await frameOf(rows, cuts).length().compute({ client })).toBe(rows.length);
    }), OPTS);
  });

  it('assign + filter', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts]) => {
      const df = frameOf(rows, cuts).assign({ y: col('x').mul(2).add(col('k')), t: col('s').upper().fillNull('?') }).filter(col('k').gt(0).or(col('s').eq('a')));
      const want = rows
        .filter((r) => (r.k !== null && r.k > 0) || r.s === 'a')
        .map((r) => ({ ...r, y: r.x === null || r.k === null ? null : r.x * 2 + r.k, t: r.s === null ? '?' : r.s.toUpperCase() }));
      expect(await records(df)).toEqual(want);
    }), OPTS);
  });

  it('groupby agg', async () => {
    await fc.assert(fc.asyncProperty(tableArb, fc.integer({ min: 2, max: 4 }), async ([rows, cuts], splitEvery) => {
      const got = await records(frameOf(rows, cuts).groupby('s').agg({ x: ['sum', 'mean', 'count', 'min', 'max', 'first', 'last'], k: ['size', 'nunique'] }, { splitEvery }));
      const keys = [...new Set(rows.map((r) => r.s).filter((s): s is string => s !== null))].sort();
      const want = keys.map((key) => {
        const g = rows.filter((r) => r.s === key);
        const xs = g.map((r) => r.x).filter((v): v is number => v !== null);
        return {
          s: key,
          x_sum: xs.reduce((a, b) => a + b, 0),
          x_mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
          x_count: xs.length,
          x_min: xs.length ? Math.min(...xs) : null,
          x_max: xs.length ? Math.max(...xs) : null,
          x_first: xs[0] ?? null,
          x_last: xs.at(-1) ?? null,
          k_size: g.length,
          k_nunique: new Set(g.map((r) => r.k).filter((v) => v !== null)).size,
        };
      });
      expect(got).toEqual(want); // values are quarter-multiples: sums are exact
    }), OPTS);
  });

  it('std and var', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts]) => {
      const xs = rows.map((r) => r.x).filter((v): v is number => v !== null);
      const got = await frameOf(rows, cuts).col('x').var().compute({ client });
      if (xs.length < 2) {
        expect(got).toBeNull();
        return;
      }
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      expect(got).toBeCloseTo(v, 6);
    }), OPTS);
  });

  it('sortValues: stable, multi-key, nulls last', async () => {
    await fc.assert(fc.asyncProperty(tableArb, fc.boolean(), async ([rows, cuts], asc) => {
      const got = await records(frameOf(rows, cuts).sortValues(['s', 'x'], { ascending: [asc, !asc] }));
      const cmp = (a: Cell, b: Cell, up: boolean) => (a === null || b === null ? (a === null ? (b === null ? 0 : 1) : -1) : (a < b ? -1 : a > b ? 1 : 0) * (up ? 1 : -1));
      const want = [...rows].sort((a, b) => cmp(a.s, b.s, asc) || cmp(a.x, b.x, !asc));
      expect(got).toEqual(want);
    }), OPTS);
  });

  it('merge inner/left/right/outer with a small table', async () => {
    const right = fromColumns({ s: ['a', 'b', 'b', 'z', null], w: [1, 2, 3, 4, 5] }, { dtype: { w: 'int64' } });
    const rrows = [{ s: 'a', w: 1 }, { s: 'b', w: 2 }, { s: 'b', w: 3 }, { s: 'z', w: 4 }, { s: null, w: 5 }];
    await fc.assert(fc.asyncProperty(tableArb, fc.constantFrom('inner', 'left', 'right', 'outer') as fc.Arbitrary<'inner' | 'left' | 'right' | 'outer'>, async ([rows, cuts], how) => {
      const got = await records(frameOf(rows, cuts).merge(right, { on: 's', how }));
      const want: Record<string, Cell>[] = [];
      const matched = new Set<number>();
      for (const l of rows) {
        const ms = rrows.filter((r) => r.s === l.s);
        ms.forEach((m) => matched.add(rrows.indexOf(m)));
        if (ms.length) for (const m of ms) want.push({ ...l, w: m.w });
        else if (how === 'left' || how === 'outer') want.push({ ...l, w: null });
      }
      if (how === 'right' || how === 'outer') rrows.forEach((r, j) => {
        if (!matched.has(j)) want.push({ k: null, x: null, s: r.s, w: r.w });
      });
      const key = (r: Record<string, Cell>) => JSON.stringify([r.s, r.w, r.k, r.x]);
      if (how === 'inner' || how === 'left') expect(got).toEqual(want);
      else expect(got.map(key).sort()).toEqual(want.map(key).sort());
    }), OPTS);
  });

  it('dropDuplicates keeps first / last / none', async () => {
    await fc.assert(fc.asyncProperty(tableArb, fc.constantFrom('first', 'last', false) as fc.Arbitrary<'first' | 'last' | false>, async ([rows, cuts], keep) => {
      const got = await records(frameOf(rows, cuts).dropDuplicates({ subset: ['s', 'k'], keep }));
      const key = (r: Row) => JSON.stringify([r.s, r.k]);
      const want = rows.filter((r, i) => {
        const same = rows.map((q, j) => [q, j] as const).filter(([q]) => key(q) === key(r)).map(([, j]) => j);
        return keep === false ? same.length === 1 : keep === 'first' ? same[0] === i : same.at(-1) === i;
      });
      expect(got).toEqual(want);
    }), OPTS);
  });

  it('valueCounts, idxmax, nunique, unique', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts]) => {
      const df = frameOf(rows, cuts);
      const vc = await df.col('s').valueCounts().compute({ client });
      const seen = [...new Set(rows.map((r) => r.s).filter((v) => v !== null))] as string[];
      const counts = seen.map((v) => rows.filter((r) => r.s === v).length);
      const order = seen.map((_, i) => i).sort((a, b) => counts[b]! - counts[a]!);
      expect(vc.index()).toEqual(order.map((i) => seen[i]));
      expect(vc.values()).toEqual(order.map((i) => counts[i]));
      expect(await df.col('s').valueCounts().idxmax().compute({ client })).toBe(order.length ? seen[order[0]!] : null);
      expect(await df.col('s').nunique().compute({ client })).toBe(seen.length);
      expect(await df.col('s').unique().compute({ client })).toEqual(seen);
      const xs = rows.map((r) => r.x);
      const best = xs.reduce<number>((bi, v, i) => (v !== null && (bi < 0 || v > xs[bi]!) ? i : bi), -1);
      expect(await df.col('x').idxmax().compute({ client })).toBe(best < 0 ? null : best);
    }), OPTS);
  });

  it('getDummies over all partitions', async () => {
    await fc.assert(fc.asyncProperty(tableArb, async ([rows, cuts]) => {
      const got = await records(frameOf(rows, cuts).getDummies({ columns: ['s'] }));
      const cats = [...new Set(rows.map((r) => r.s).filter((v) => v !== null))].sort() as string[];
      expect(got).toEqual(rows.map((r) => ({ k: r.k, x: r.x, ...Object.fromEntries(cats.map((c) => [`s_${c}`, r.s === c ? 1 : 0])) })));
    }), OPTS);
  });

  it('fillna, head, tail, repartition', async () => {
    await fc.assert(fc.asyncProperty(tableArb, fc.nat(10), fc.integer({ min: 1, max: 7 }), async ([rows, cuts], n, parts) => {
      const df = frameOf(rows, cuts);
      const filled = await records(df.fillna({ x: 0.5, s: 'zz' }));
      expect(filled).toEqual(rows.map((r) => ({ k: r.k, x: r.x ?? 0.5, s: r.s ?? 'zz' })));
      expect((await df.head(n, { client })).toRecords()).toEqual(rows.slice(0, n));
      expect((await df.tail(n, { client })).toRecords()).toEqual(n === 0 ? [] : rows.slice(-n));
      const re = df.repartition(parts);
      expect(re.npartitions).toBe(parts);
      expect(await records(re)).toEqual(rows);
    }), OPTS);
  });
});
