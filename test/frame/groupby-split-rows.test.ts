/**
 * A hash group-by (`splitOut` > 1) sends a partition whose keys mostly occur once straight to its
 * buckets, row by row, instead of aggregating it first (`aggSplitChunk`). Checked here: which
 * partitions take that way (`fewRepeats`), and that the answer is the same either way — against
 * the one-partition group-by (another code path) and a naive reference — when partitions of both
 * kinds share keys, when a bucket's only partial is ungrouped rows with repeated keys, and with
 * missing keys and non-finite values.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type DataFrame, LocalFrame, concat, fromColumns } from '../../src/frame/index.js';
import { type AggSpec, aggFinalizeTable, aggFinalizeTableOf, aggSplitChunk, fewRepeats } from '../../src/frame/ops/aggregate.js';
import { pcolPart } from '../../src/frame/ops/pcol.js';
import { type Part, colOf } from '../../src/frame/core/part.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

type Rec = Record<string, unknown>;

async function records(df: DataFrame): Promise<Rec[]> {
  return ((await df.compute({ client: env.client })) as LocalFrame).toRecords() as Rec[];
}

const byKeys = (keys: readonly string[]) => (a: Rec, b: Rec): number => {
  for (const k of keys) {
    const x = a[k] as string | number;
    const y = b[k] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

/** A part of int64 keys `key(i)` for i < n, with a float64 value column. */
function intPart(n: number, key: (i: number) => number): Part {
  const k = new BigInt64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    k[i] = BigInt(key(i));
    v[i] = i;
  }
  return pcolPart(['k', 'v'], [{ dtype: 'int64', values: k, valid: null }, { dtype: 'float64', values: v, valid: null }], n);
}

const spec: AggSpec = { by: [{ name: 'k', dtype: 'int64' }], items: [{ column: 'v', fn: 'sum', out: 'v', inDtype: 'float64' }, { column: null, fn: 'size', out: 'n', inDtype: 'int64' }], ddof: 1 };

describe('hash group-by: unaggregated rows for partitions of mostly distinct keys', () => {
  it('fewRepeats: groups of fewer than two rows on average, from the whole part or a sample', () => {
    // Whole part (below the sample size): exactly "more groups than half the rows".
    expect(fewRepeats(spec, intPart(1000, (i) => i))).toBe(true);
    expect(fewRepeats(spec, intPart(1000, (i) => i % 501))).toBe(true); // 501 groups of 1000 rows
    expect(fewRepeats(spec, intPart(1000, (i) => i % 499))).toBe(false);
    expect(fewRepeats(spec, intPart(1000, (i) => i % 10))).toBe(false);
    // Sampled (200,000 rows): a scattered key of D distinct values.
    const scatter = (d: number) => (i: number) => (i * 7919) % d;
    expect(fewRepeats(spec, intPart(200_000, (i) => i))).toBe(true);
    expect(fewRepeats(spec, intPart(200_000, scatter(150_000)))).toBe(true);
    expect(fewRepeats(spec, intPart(200_000, scatter(60_000)))).toBe(false);
    expect(fewRepeats(spec, intPart(200_000, scatter(100)))).toBe(false);
    expect(fewRepeats(spec, intPart(0, (i) => i))).toBe(false);
  });

  it('a bucket whose only partial is rows with repeated keys is grouped before it is finalized', () => {
    const p = intPart(900, (i) => i % 600); // 600 groups of 900 rows: the rows way
    expect(fewRepeats(spec, p)).toBe(true);
    const rows = aggSplitChunk(spec, p, 3, 'rows');
    const groups = aggSplitChunk(spec, p, 3, 'groups');
    expect(rows.some((b) => b.rows === true)).toBe(true);
    let total = 0;
    for (let j = 0; j < 3; j++) {
      const a = aggFinalizeTable(spec, rows[j]!);
      const b = aggFinalizeTable(spec, groups[j]!);
      expect(a.length).toBe(b.length);
      total += a.length;
      const cols = (t: Part) =>
        [...t.index, ...t.columns].map((s) => {
          const c = colOf(s);
          return [Array.from(c.values as ArrayLike<unknown>), c.valid === null ? null : Array.from(c.valid)];
        });
      expect(cols(a)).toEqual(cols(b));
      // And merged with another partition's buckets, either way.
      const c = aggFinalizeTableOf(spec, [rows[j]!, groups[j]!]);
      const d = aggFinalizeTableOf(spec, [groups[j]!, groups[j]!]);
      expect(cols(c)).toEqual(cols(d));
    }
    expect(total).toBe(600);
  });

  it('partitions of both kinds sharing keys, every aggregation, missing keys: the one-partition answer and a naive one', async () => {
    // Partition A: 1,000 rows of ~700 keys (rows way); B: 1,000 rows of 10 keys (aggregated); C: unique keys, some missing.
    const ka: (string | null)[] = [];
    const kb: (number | null)[] = [];
    const x: (number | null)[] = [];
    const s: (string | null)[] = [];
    const cuts = [1000, 1000, 1000];
    for (let i = 0; i < 3000; i++) {
      const part = Math.floor(i / 1000);
      const u = part === 0 ? (i * 37) % 700 : part === 1 ? i % 10 : 3000 + i;
      ka.push(part === 2 && i % 97 === 0 ? null : `k${u % 350}`);
      kb.push(part === 2 && i % 89 === 0 ? null : Math.floor(u / 350));
      x.push(i % 13 === 0 ? null : i % 211 === 0 ? Infinity : i % 157 === 0 ? -0 : (i % 17) / 4 - 1.5);
      s.push(i % 11 === 0 ? null : `s${i % 23}`);
    }
    const dtype = { ka: 'string', kb: 'int64', x: 'float64', s: 'string' } as const;
    const parts: DataFrame[] = [];
    let at = 0;
    for (const c of cuts) {
      parts.push(fromColumns({ ka: ka.slice(at, at + c), kb: kb.slice(at, at + c), x: x.slice(at, at + c), s: s.slice(at, at + c) }, { dtype }));
      at += c;
    }
    const df = concat(parts);
    const aggs = { x: ['sum', 'mean', 'count', 'min', 'max', 'std', 'first', 'last', 'median', 'nunique'], s: ['count', 'min', 'max', 'first', 'last', 'nunique'], kb: ['size'] } as const;
    const keys = ['ka', 'kb'];
    const one = await records(df.groupby(keys).agg(aggs));
    for (const splitOut of [2, 5]) {
      const got = (await records(df.groupby(keys).agg(aggs, { splitOut, splitEvery: 2 }))).sort(byKeys(keys));
      expect(got.length).toBe(one.length);
      expect(got).toEqual(one);
    }
    // Naive: sizes and sums per key, rows with a missing key dropped.
    const want = new Map<string, { size: number; sum: number }>();
    for (let i = 0; i < 3000; i++) {
      if (ka[i] === null || kb[i] === null) continue;
      const id = `${ka[i]}|${kb[i]}`;
      const w = want.get(id) ?? { size: 0, sum: 0 };
      w.size++;
      if (x[i] !== null) w.sum += x[i]!;
      want.set(id, w);
    }
    expect(one.length).toBe(want.size);
    for (const r of one) {
      const w = want.get(`${r.ka}|${r.kb}`)!;
      expect(r.kb_size).toBe(w.size);
      expect(r.x_sum).toBe(w.sum);
    }
  });
});
