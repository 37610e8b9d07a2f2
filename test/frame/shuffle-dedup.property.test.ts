/**
 * dropDuplicates of several partitions goes through the hash shuffle (verbs/reshape.ts): the
 * same rows in the same order as pandas (first / last / no occurrence), on ragged partitions with
 * missing keys; and under a tiny memory budget, spilling, the same answer and no file left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import { type DataFrame, concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

type Row = { a: number | null; s: string | null; v: number };
type Keep = 'first' | 'last' | false;

const rowArb: fc.Arbitrary<Row> = fc.record({
  a: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 4 }),
  s: fc.option(fc.constantFrom('x', 'y', 'é'), { freq: 4 }),
  v: fc.integer({ min: 0, max: 1000 }),
});

function frameOf(rows: Row[], sizes: number[]): DataFrame {
  const mk = (p: Row[]) => fromColumns({ a: p.map((r) => r.a), s: p.map((r) => r.s), v: p.map((r) => r.v) }, { dtype: { a: 'int32', s: 'string', v: 'int64' } });
  const parts: DataFrame[] = [];
  let at = 0;
  for (const c of sizes) parts.push(mk(rows.slice(at, (at += c))));
  if (at < rows.length) parts.push(mk(rows.slice(at)));
  return concat(parts);
}

function want(rows: Row[], subset: (keyof Row)[], keep: Keep): Row[] {
  const key = (r: Row) => JSON.stringify(subset.map((k) => r[k]));
  const seen = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = key(r);
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  return rows.filter((r, i) => {
    const same = seen.get(key(r))!;
    return keep === false ? same.length === 1 : keep === 'first' ? same[0] === i : same.at(-1) === i;
  });
}

const caseArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 40 }),
  sizes: fc.array(fc.nat(12), { minLength: 2, maxLength: 6 }),
  subset: fc.constantFrom<(keyof Row)[]>(['a'], ['s'], ['a', 's'], ['a', 's', 'v']),
  keep: fc.constantFrom<Keep>('first', 'last', false),
});

describe('dropDuplicates by hash partitioning', () => {
  it('keeps the rows pandas keeps, in order, partition count unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ rows, sizes, subset, keep }) => {
        const df = frameOf(rows, sizes);
        const out = df.dropDuplicates({ subset, keep });
        expect(out.npartitions).toBe(df.npartitions);
        expect(out.plan.node!.label).toBe('drop-duplicates');
        expect((await out.compute({ client: env.client })).toRecords()).toEqual(want(rows, subset, keep));
      }),
      { numRuns: 60 },
    );
  });

  it('under a tiny memory budget: spills, same answer, no file left', async () => {
    const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-dedup-'));
    const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: 32 * 1024, spillDir });
    const client = new Client(cluster);
    let spills = 0;
    cluster.scheduler.on((e) => {
      if (e.type === 'spilled') spills++;
    });
    try {
      const n = 4000;
      const rows: Row[] = Array.from({ length: n }, (_, i) => ({ a: i % 13 === 0 ? null : (i * 7) % 97, s: `k${(i * 31) % 41}`, v: i }));
      const df = frameOf(rows, [700, 0, 1300, 900]);
      for (const keep of ['first', 'last', false] as const) {
        const got = (await df.dropDuplicates({ subset: ['a', 's'], keep }).compute({ client })).toRecords();
        expect(got).toEqual(want(rows, ['a', 's'], keep));
      }
      expect(spills).toBeGreaterThan(0);
    } finally {
      await client.close();
      await cluster.close();
    }
    expect(fs.readdirSync(spillDir)).toEqual([]);
    fs.rmSync(spillDir, { recursive: true, force: true });
  });
});
