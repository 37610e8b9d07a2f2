/**
 * The columnar group top-k (ops/group-topk.ts: `groupby(keys).col(c).nlargest(n)` / `nsmallest`)
 * against a naive row-by-row reference: keys of every dtype (int64 — beyond 2^53 too —, float64,
 * string, bool, date; with nulls; one to three of them), values float64 (NaN, ±Infinity, nulls,
 * -0 beside 0 so a tie's order shows), int32, int64 (two values equal as doubles but not as
 * integers), date and datetime; n = 0, 1, 2, 5 and one past the insertion kernel; random tables
 * cut into ragged partitions (some empty), small `splitEvery` so combines run, `splitOut` 1 or
 * more. Last, the same answers from two worker threads under a tiny memory budget that spills.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import { type DataFrame, LocalFrame, type Series, col, concat, fromColumns } from '../../src/frame/index.js';
import { runTables } from '../../src/frame/core/run.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

type Cell = number | bigint | string | boolean | Date | null;

interface Row {
  ki: number | bigint | null;
  kf: number | null;
  ks: string | null;
  kb: boolean | null;
  kd: Date | null;
  x: number | null;
  i: number | null;
  l: number | bigint | null;
  d: Date | null;
  t: Date | null;
}

const DAY = 86_400_000;
const BIG = 2n ** 60n;
const KEY_COLUMNS = ['ki', 'kf', 'ks', 'kb', 'kd'] as const;
const VALUE_COLUMNS = ['x', 'i', 'l', 'd', 't'] as const;
type KeyColumn = (typeof KEY_COLUMNS)[number];
type ValueColumn = (typeof VALUE_COLUMNS)[number];
const DTYPES = { ki: 'int64', kf: 'float64', ks: 'string', kb: 'bool', kd: 'date', x: 'float64', i: 'int32', l: 'int64', d: 'date', t: 'datetime' } as const;

const opt = <T>(a: fc.Arbitrary<T>, freq = 6): fc.Arbitrary<T | null> => fc.option(a, { freq });
// Few distinct values: plenty of ties.
const rowArb: fc.Arbitrary<Row> = fc.record({
  ki: opt(fc.constantFrom<number | bigint>(-2, 0, 1, 7, BIG + 1n)),
  kf: opt(fc.constantFrom(-1.5, 0.25, 3, 1e10)),
  ks: opt(fc.constantFrom('a', 'b', '', 'zz', 'é', '日本')),
  kb: opt(fc.boolean()),
  kd: opt(fc.constantFrom(-3, 0, 17, 19000).map((d) => new Date(d * DAY))),
  x: opt(fc.constantFrom(-0, 0, -0, 0, -0, 0, 1.5, -2, NaN, Infinity, -Infinity), 4),
  i: opt(fc.constantFrom(-3, 0, 1, 1, 2, 2147483647, -2147483648), 5),
  l: opt(fc.constantFrom<number | bigint>(-5, 0, 3, 3, 2 ** 53, BIG, BIG + 1n, -BIG), 5),
  d: opt(fc.integer({ min: -4, max: 4 }).map((v) => new Date(v * DAY)), 5),
  t: opt(fc.constantFrom(-1, 0, 5, 5, 1.7e12).map((v) => new Date(v)), 5),
});

const caseArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 60 }),
  cuts: fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }),
  keys: fc.uniqueArray(fc.constantFrom(...KEY_COLUMNS), { minLength: 1, maxLength: 3 }),
  value: fc.constantFrom(...VALUE_COLUMNS),
  n: fc.constantFrom(0, 1, 2, 3, 5, 20),
  largest: fc.boolean(),
  splitEvery: fc.integer({ min: 2, max: 4 }),
  splitOut: fc.constantFrom(1, 1, 2, 3),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(rows: Row[], cuts: number[]): DataFrame {
  const mk = (p: Row[]) => fromColumns(Object.fromEntries(Object.keys(DTYPES).map((c) => [c, p.map((r) => r[c as keyof Row])])), { dtype: { ...DTYPES } });
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of cuts) (parts.push(mk(rows.slice(at, at + c))), (at += c));
  if (at < rows.length) parts.push(mk(rows.slice(at)));
  return concat(parts);
}

// ---- the reference -----------------------------------------------------------------------------

function compareCells(a: Cell, b: Cell): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

const keyOfCell = (v: Cell): string => (v instanceof Date ? `d${v.getTime()}` : `${typeof v}:${String(v)}`);
const missing = (v: Cell): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

/** One record per value kept: groups (every key present) sorted by key, values best first, ties in row order. */
function reference(rows: Row[], keys: readonly KeyColumn[], value: ValueColumn, n: number, largest: boolean): Record<string, Cell>[] {
  const groups = new Map<string, { key: Cell[]; values: Cell[] }>();
  for (const r of rows) {
    const key = keys.map((k) => r[k]);
    if (key.some((v) => v === null)) continue;
    const id = key.map(keyOfCell).join('|');
    if (!groups.has(id)) groups.set(id, { key, values: [] });
    if (!missing(r[value])) groups.get(id)!.values.push(r[value]);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareCells(a.key[k]!, b.key[k]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return sorted.flatMap(({ key, values }) =>
    [...values] // Array.prototype.sort is stable: equal values keep row order.
      .sort((a, b) => compareCells(a, b) * (largest ? -1 : 1))
      .slice(0, n)
      .map((v) => ({ ...Object.fromEntries(keys.map((k, j) => [k, key[j]!])), [value]: v })),
  );
}

// ---- comparing ---------------------------------------------------------------------------------

async function records(df: DataFrame | Series, client: Client = env.client): Promise<Record<string, Cell>[]> {
  const local = await df.compute({ client });
  return (local instanceof LocalFrame ? local : new LocalFrame(local.toArrow())).toRecords() as Record<string, Cell>[];
}

/** Stable: within a group (one partition) values keep their order. */
function sortByKeys(recs: Record<string, Cell>[], keys: readonly string[]): Record<string, Cell>[] {
  return [...recs].sort((a, b) => {
    for (const k of keys) {
      const c = compareCells(a[k]!, b[k]!);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** An int64 is a number or a bigint depending on its size: compare bigints exact as doubles as numbers. */
const canon = (recs: Record<string, Cell>[]): Record<string, Cell>[] =>
  recs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' && BigInt(Number(v)) === v ? Number(v) : v])));

function topk(df: DataFrame, c: Case): Series {
  const g = df.groupby([...c.keys]).col(c.value);
  const opts = { splitEvery: c.splitEvery, splitOut: c.splitOut };
  return c.largest ? g.nlargest(c.n, opts) : g.nsmallest(c.n, opts);
}

async function check(c: Case, client: Client): Promise<void> {
  const out = topk(frameOf(c.rows, c.cuts), c);
  expect(out.npartitions).toBe(c.splitOut);
  const got = await records(out, client);
  const want = reference(c.rows, c.keys, c.value, c.n, c.largest);
  // toEqual tells -0 from 0: the order of tied values is checked too.
  expect(canon(c.splitOut > 1 ? sortByKeys(got, c.keys) : got)).toEqual(canon(want));
  if (c.splitOut > 1) {
    const { tables } = await runTables(out.plan, { client });
    expect(tables.length).toBe(c.splitOut);
    const seen = new Set<string>();
    for (const t of tables) {
      const recs = new LocalFrame(t).toRecords() as Record<string, Cell>[];
      expect(recs).toEqual(sortByKeys(recs, c.keys));
      const here = new Set(recs.map((r) => c.keys.map((k) => keyOfCell(r[k]!)).join('|')));
      for (const id of here) {
        expect(seen.has(id), `group ${id} in two partitions`).toBe(false);
        seen.add(id);
      }
    }
  }
}

describe('columnar group top-k against a row-by-row reference', () => {
  it('keys and values of every dtype, nulls, ties, n = 0 … 20, ragged partitions, splitOut', async () => {
    await fc.assert(fc.asyncProperty(caseArb, (c) => check(c, env.client)), { numRuns: 150 });
  });

  it('many groups over many partitions: the same answer whatever the tree', async () => {
    const rows = 20_000;
    const k = Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? null : `g${(i * 7919) % 3001}`));
    const j = Array.from({ length: rows }, (_, i) => (i * 31) % 3);
    const v = Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : ((i * 37) % 41) - 20));
    const rowsOf = k.map((kk, i) => ({ ks: kk, ki: j[i]!, x: v[i]! }) as unknown as Row);
    for (const n of [2, 3, 40]) {
      const want = canon(reference(rowsOf, ['ks', 'ki'], 'x', n, true));
      for (const [npartitions, splitEvery, splitOut] of [[1, 8, 1], [7, 2, 1], [9, 3, 4]] as const) {
        const df = fromColumns({ ks: k, ki: j, x: v }, { dtype: { ks: 'string', ki: 'int64', x: 'float64' }, npartitions });
        const got = await records(df.groupby(['ks', 'ki']).col('x').nlargest(n, { splitEvery, splitOut }));
        expect(canon(splitOut > 1 ? sortByKeys(got, ['ks', 'ki']) : got)).toEqual(want);
      }
    }
  });

  it('tied values keep their order of appearance across partitions (-0 and 0 are equal)', async () => {
    // Group a: 0, -0 | -0, 1, 0 | 0, -0; group b: -0 | 0 | (none)
    const k = ['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a', 'a'];
    const x = [0, -0, -0, -0, 1, 0, 0, 0, -0];
    const cuts = [3, 4, 2];
    const rows = k.map((kk, i) => ({ ks: kk, x: x[i]! }) as unknown as Row);
    const parts: DataFrame[] = [];
    let at = 0;
    for (const c of cuts) (parts.push(fromColumns({ ks: k.slice(at, at + c), x: x.slice(at, at + c) }, { dtype: { ks: 'string', x: 'float64' } })), (at += c));
    const df = concat(parts);
    for (const n of [1, 2, 3, 5, 20]) {
      for (const largest of [true, false]) {
        for (const splitEvery of [2, 8]) {
          const g = df.groupby('ks').col('x');
          const got = await records(largest ? g.nlargest(n, { splitEvery }) : g.nsmallest(n, { splitEvery }));
          expect(got, `n=${n} largest=${largest} splitEvery=${splitEvery}`).toEqual(reference(rows, ['ks'], 'x', n, largest));
        }
      }
    }
  });

  it('no rows left: an empty result', async () => {
    const df = fromColumns({ k: [1, 2, 3], x: [1.5, 2, 3] }, { dtype: { k: 'int64', x: 'float64' }, npartitions: 2 }).filter(col('k').gt(5));
    expect(await records(df.groupby('k').col('x').nlargest(2))).toEqual([]);
    expect(await records(df.groupby('k').col('x').nsmallest(2, { splitOut: 2 }))).toEqual([]);
  });
});

describe('columnar group top-k on worker threads under a tiny memory budget', () => {
  const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-groupby-topk-'));
  const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: 64 * 1024, spillDir });
  const tiny = new Client(cluster);
  const spilled: string[] = [];
  cluster.scheduler.on((e) => {
    if (e.type === 'spilled') spilled.push(e.key);
  });
  afterAll(async () => {
    await tiny.close();
    await cluster.close();
    expect(fs.readdirSync(spillDir)).toEqual([]);
    fs.rmSync(spillDir, { recursive: true, force: true });
  });

  it('spills partials and gives the in-memory answer', async () => {
    const n = 6000;
    const k = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : `g${(i * 7919) % 1500}`));
    const j = Array.from({ length: n }, (_, i) => (i * 31) % 4);
    const x = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : ((i * 37) % 101) / 4));
    const l = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? BIG + BigInt(i % 3) : BigInt((i * 13) % 17)));
    const df = fromColumns({ k, j, x, l }, { dtype: { k: 'string', j: 'int64', x: 'float64', l: 'int64' }, npartitions: 6 });
    for (const [column, largest] of [['x', true], ['l', false], ['l', true]] as const) {
      const g = () => df.groupby(['k', 'j']).col(column);
      const expected = await records(largest ? g().nlargest(3, { splitEvery: 2 }) : g().nsmallest(3, { splitEvery: 2 }));
      for (const splitOut of [1, 3]) {
        const got = await records(largest ? g().nlargest(3, { splitEvery: 2, splitOut }) : g().nsmallest(3, { splitEvery: 2, splitOut }), tiny);
        expect(sortByKeys(got, ['k', 'j'])).toEqual(expected);
      }
    }
    // Partials spilled, not only tables (which ones depends on timing): chunk or combine partials, split lists or picked buckets.
    expect(spilled.some((key) => /groupby-n(largest|smallest)-\w+-(chunk|combine|bucket|b\d+-combine)/.test(key))).toBe(true);
  });

  it('random cases agree with the reference while spilling', async () => {
    await fc.assert(fc.asyncProperty(caseArb, (c) => check(c, tiny)), { numRuns: 10 });
  });
});
