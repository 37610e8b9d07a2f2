/**
 * The shuffle (hash-partitioned) join against a nested-loop reference and against the broadcast
 * join, as multisets of rows: merge and join, all four `how`, single and multi keys, int keys
 * against int32/float64 keys, string keys, missing keys (which match each other, as in pandas),
 * ragged partitions (some empty), duplicate keys on both sides. Then the same under a tiny
 * memory budget: spills happen, the answer is unchanged, no spill file is left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import { type Cell, type DataFrame, concat, fromColumns } from '../../src/frame/index.js';
import type { How } from '../../src/frame/verbs/join.js';
import { shuffleBuckets } from '../../src/frame/verbs/join.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
const client = env.client;
afterAll(() => env.close());

type KeyDtype = 'int64' | 'int32' | 'float64';
type L = { k: number | null; s: string | null; x: number | null };
type R = { k: number | null; s: string | null; y: number | null };
type Rec = Record<string, Cell>;

const key = fc.option(fc.integer({ min: -3, max: 4 }), { freq: 5 });
const str = fc.option(fc.constantFrom('a', 'b', 'cc', 'ü', ''), { freq: 5 });
const num = fc.option(fc.integer({ min: -50, max: 50 }).map((v) => v / 4), { freq: 6 });
const lrow: fc.Arbitrary<L> = fc.record({ k: key, s: str, x: num });
const rrow: fc.Arbitrary<R> = fc.record({ k: key, s: str, y: num });
const cuts = fc.array(fc.nat(12), { minLength: 1, maxLength: 5 });
const HOWS: How[] = ['inner', 'left', 'right', 'outer'];

/** Rows cut into ragged partitions (empty ones included). */
function frameOf<T extends Record<string, number | string | null>>(rows: T[], sizes: number[], dtypes: Record<string, string>): DataFrame {
  const mk = (piece: T[]) => fromColumns(Object.fromEntries(Object.keys(dtypes).map((c) => [c, piece.map((r) => r[c] ?? null)])), { dtype: dtypes });
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of sizes) {
    parts.push(mk(rows.slice(at, at + c)));
    at += c;
  }
  if (at < rows.length) parts.push(mk(rows.slice(at)));
  return parts.length === 1 ? parts[0]! : concat(parts);
}

const eq = (a: Cell | undefined, b: Cell | undefined): boolean => (a ?? null) === (b ?? null);

/** pandas' merge by nested loops: `on` pairs of (left, right) column names; a missing key matches a missing key. */
function refMerge(ls: Rec[], rs: Rec[], on: readonly (readonly [string, string])[], how: How, out: (l: Rec | null, r: Rec | null) => Rec): Rec[] {
  const match = (l: Rec, r: Rec) => on.every(([a, b]) => eq(l[a], r[b]));
  const rows: Rec[] = [];
  if (how === 'right') {
    for (const r of rs) {
      const ms = ls.filter((l) => match(l, r));
      if (ms.length) for (const l of ms) rows.push(out(l, r));
      else rows.push(out(null, r));
    }
    return rows;
  }
  for (const l of ls) {
    const ms = rs.filter((r) => match(l, r));
    if (ms.length) for (const r of ms) rows.push(out(l, r));
    else if (how === 'left' || how === 'outer') rows.push(out(l, null));
  }
  if (how === 'outer') for (const r of rs) if (!ls.some((l) => match(l, r))) rows.push(out(null, r));
  return rows;
}

const canon = (rows: Rec[]): string[] => rows.map((r) => JSON.stringify(Object.entries(r))).sort();
const records = async (df: DataFrame, c: Client = client) => (await df.compute({ client: c })).toRecords();

interface Case {
  left: L[];
  right: R[];
  lcuts: number[];
  rcuts: number[];
  how: How;
  rk: KeyDtype;
  on: 'k' | 's' | 'ks';
  nbuckets: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  left: fc.array(lrow, { maxLength: 30 }),
  right: fc.array(rrow, { maxLength: 30 }),
  lcuts: cuts,
  rcuts: cuts,
  how: fc.constantFrom(...HOWS),
  rk: fc.constantFrom<KeyDtype>('int64', 'int32', 'float64'),
  on: fc.constantFrom<'k' | 's' | 'ks'>('k', 's', 'ks'),
  nbuckets: fc.integer({ min: 1, max: 5 }),
});

/** The merge of a case by the reference, with merge's column naming (shared keys once, other shared names suffixed). */
function wantMerge(c: Case): Rec[] {
  const keys = c.on === 'ks' ? ['k', 's'] : [c.on];
  const on = keys.map((k) => [k, k] as const);
  const other = c.on === 'k' ? 's' : c.on === 's' ? 'k' : null;
  return refMerge(c.left, c.right, on, c.how, (l, r) => {
    const row: Rec = {};
    // Output columns: left's in order (keys coalesced), then the right's non-key columns.
    for (const name of ['k', 's', 'x']) {
      if (keys.includes(name)) row[name] = l !== null ? l[name]! : r![name]!;
      else row[name === other ? `${name}_x` : name] = l?.[name] ?? null;
    }
    for (const name of ['k', 's', 'y']) {
      if (keys.includes(name)) continue;
      row[name === other ? `${name}_y` : name] = r?.[name] ?? null;
    }
    return row;
  });
}

function framesOf(c: Case): [DataFrame, DataFrame] {
  return [frameOf(c.left, c.lcuts, { k: 'int64', s: 'string', x: 'float64' }), frameOf(c.right, c.rcuts, { k: c.rk, s: 'string', y: 'float64' })];
}

const onOf = (c: Case) => (c.on === 'ks' ? ['k', 's'] : c.on);

describe('shuffle join', () => {
  it('chooses buckets from partition counts and memory', () => {
    const GiB = 2 ** 30;
    expect(shuffleBuckets(10, 3, 16 * GiB, 2)).toBe(10);
    expect(shuffleBuckets(3, 10, 16 * GiB, 2)).toBe(10);
    // Tight memory: more buckets so that one pair fits, at most 4× the larger count.
    expect(shuffleBuckets(10, 10, GiB, 2)).toBeGreaterThan(10);
    expect(shuffleBuckets(10, 10, 1024, 2)).toBe(40);
    // At least one bucket per thread.
    expect(shuffleBuckets(1, 1, 16 * GiB, 2)).toBe(2);
    expect(shuffleBuckets(1, 1, 16 * GiB, 1)).toBe(1);
    // A multiple of the threads, so the last round of joins keeps them all busy.
    expect(shuffleBuckets(7, 7, 16 * GiB, 2)).toBe(8);
    expect(shuffleBuckets(9, 3, 16 * GiB, 4)).toBe(12);
  });

  it('merge: equals the nested-loop reference and the broadcast join (all how, keys across dtypes, nulls)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [l, r] = framesOf(c);
        const shuffled = l.merge(r, { on: onOf(c), how: c.how, shuffle: true, npartitions: c.nbuckets });
        expect(shuffled.npartitions).toBe(c.nbuckets);
        const got = await records(shuffled);
        expect(canon(got)).toEqual(canon(wantMerge(c)));
        const broadcast = await records(l.merge(r, { on: onOf(c), how: c.how, broadcast: true }));
        expect(canon(got)).toEqual(canon(broadcast));
      }),
      { numRuns: 60 },
    );
  });

  it('merge with leftOn/rightOn of different names and the default bucket count', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [l, r0] = framesOf(c);
        const r = r0.rename({ k: 'rk' });
        const got = await records(l.merge(r, { leftOn: 'k', rightOn: 'rk', how: c.how, shuffle: true }));
        const rrows = c.right.map((x) => ({ rk: x.k, s: x.s, y: x.y }));
        const want = refMerge(c.left, rrows, [['k', 'rk']], c.how, (a, b) => ({
          k: a?.k ?? null, s_x: a?.s ?? null, x: a?.x ?? null, rk: b?.rk ?? null, s_y: b?.s ?? null, y: b?.y ?? null,
        }));
        expect(canon(got)).toEqual(canon(want));
      }),
      { numRuns: 30 },
    );
  });

  it('join (left keys against the other index): equals the broadcast join', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [l, r0] = framesOf(c);
        const r = r0.setIndex(c.on === 'ks' ? ['k', 's'] : c.on);
        const opts = { on: onOf(c), how: c.how, rsuffix: '_r' } as const;
        const got = await records(l.join(r, { ...opts, shuffle: true, npartitions: c.nbuckets }));
        const want = await records(l.join(r, { ...opts, broadcast: true }));
        expect(canon(got)).toEqual(canon(want));
      }),
      { numRuns: 40 },
    );
  });

  it('is the default for two multi-partition frames, the broadcast when one side has one partition', () => {
    const a = frameOf([{ k: 1, s: 'a', x: 1 }, { k: 2, s: 'b', x: 2 }], [1, 1], { k: 'int64', s: 'string', x: 'float64' });
    const one = fromColumns({ k: [1, 2], y: [3, 4] }, { dtype: { k: 'int64', y: 'float64' } });
    const two = concat([one, one]);
    expect(a.merge(two, { on: 'k' }).plan.node!.label).toBe('merge-shuffle');
    expect(a.merge(one, { on: 'k' }).plan.node!.label).not.toBe('merge-shuffle');
    expect(a.merge(two, { on: 'k', broadcast: true }).plan.node!.label).not.toBe('merge-shuffle');
    expect(a.merge(one, { on: 'k', shuffle: true }).plan.node!.label).toBe('merge-shuffle');
    expect(() => a.merge(two, { on: 'k', shuffle: true, broadcast: true })).toThrow(/contradict/);
    expect(() => a.merge(two, { on: 'k', npartitions: 0 })).toThrow(/npartitions/);
  });
});

describe('shuffle join under a tiny memory budget', () => {
  const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-shuffle-join-'));
  const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: 64 * 1024, spillDir });
  const tiny = new Client(cluster);
  const spilled: string[] = [];
  const splits = { finished: new Set<string>(), released: new Set<string>() };
  cluster.scheduler.on((e) => {
    if (e.type === 'spilled') spilled.push(e.key);
    if (/^merge-shuffle-.*-split-[lr]\./.test(e.key) && (e.type === 'finished' || e.type === 'released')) splits[e.type].add(e.key);
  });
  afterAll(async () => {
    await tiny.close();
    await cluster.close();
    expect(fs.readdirSync(spillDir)).toEqual([]);
    fs.rmSync(spillDir, { recursive: true, force: true });
  });

  it('spills and gives the in-memory answer (all how)', async () => {
    const n = 2400;
    const lk = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : (i * 7919) % 2500));
    const rk = Array.from({ length: n / 2 }, (_, i) => (i % 11 === 0 ? null : (i * 104729) % 3000));
    const l = concat([0, 1, 2, 3].map((p) => fromColumns({ k: lk.slice((p * n) / 4, ((p + 1) * n) / 4), s: lk.slice((p * n) / 4, ((p + 1) * n) / 4).map((v) => `s${v}`), x: Array.from({ length: n / 4 }, (_, i) => i + p * 1000) }, { dtype: { k: 'int64', s: 'string', x: 'float64' } })));
    const r = concat([0, 1, 2].map((p) => fromColumns({ k: rk.slice((p * n) / 6, ((p + 1) * n) / 6), t: rk.slice((p * n) / 6, ((p + 1) * n) / 6).map((v) => `t${v}`) }, { dtype: { k: 'float64', t: 'string' } })));
    for (const how of HOWS) {
      const want = await records(l.merge(r, { on: 'k', how, broadcast: true }));
      const got = await records(l.merge(r, { on: 'k', how, shuffle: true }), tiny);
      expect(got.length).toBe(want.length);
      expect(canon(got)).toEqual(canon(want));
    }
    // Spills are written in the background: some have surely been reported by now.
    expect(spilled.length).toBeGreaterThan(0);
    expect(spilled.some((k) => k.includes('-split-') || k.includes('-piece-'))).toBe(true);
    // Every split table was released (after its picks), none is left in the store.
    expect(splits.finished.size).toBeGreaterThan(0);
    expect([...splits.finished].filter((k) => !splits.released.has(k))).toEqual([]);
  });

  it('random cases agree with the reference while spilling', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [l, r] = framesOf(c);
        const got = await records(l.merge(r, { on: onOf(c), how: c.how, shuffle: true, npartitions: c.nbuckets }), tiny);
        expect(canon(got)).toEqual(canon(wantMerge(c)));
      }),
      { numRuns: 10 },
    );
  });
});
