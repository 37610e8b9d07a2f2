/**
 * Integer sums per group take a plain double sum while the chunk's magnitudes stay below 2^53
 * (exact there) and Shewchuk's exact sums beyond: both give the exact answer, whatever the
 * partitioning.
 */
import { afterAll, expect, it } from 'vitest';
import { concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

it('sums and means of int64 groups are exact on both paths (below and past 2^53 in magnitude)', async () => {
  const big = 2 ** 53;
  // Partition 1: small magnitudes (plain path). Partition 2: |x| sums past 2^53 (exact path),
  // where a plain double sum would round: 2^53 + 1 + 1 - 2^53 is 0 in doubles, 2 exactly.
  const p1 = fromColumns({ k: [1, 2, 1, 2, 3], x: [5, -7, 11, 13, 0] }, { dtype: { k: 'int64', x: 'int64' } });
  const p2 = fromColumns({ k: [1, 1, 1, 1, 2], x: [big, 1, 1, -big, 7] }, { dtype: { k: 'int64', x: 'int64' } });
  const df = concat([p1, p2]);
  const sums = await df.groupby('k').agg({ x: 'sum' }).compute({ client: env.client });
  const means = await df.groupby('k').agg({ x: 'mean' }).compute({ client: env.client });
  const col = (t: typeof sums, name: string) => Array.from(t.toArrow().getChild(name)!.toArray() as ArrayLike<number | bigint>, Number);
  expect(col(sums, 'k')).toEqual([1, 2, 3]);
  // group 1: 5 + 11 + 2^53 + 1 + 1 - 2^53 = 18 (6 values); group 2: -7 + 13 + 7 = 13 (3); group 3: 0
  expect(col(sums, 'x')).toEqual([18, 13, 0]);
  expect(col(means, 'x')).toEqual([3, 13 / 3, 0]);
  // Each partition alone takes its own path: the small one plainly, the large one exactly.
  const onlyBig = await p2.groupby('k').agg({ x: 'sum' }).compute({ client: env.client });
  expect(col(onlyBig, 'x')).toEqual([2, 7]);
});

it('two int64 columns summed in one pass (and a third with nulls, and one past 2^53) equal exact BigInt sums', async () => {
  // Items in pairs: (a, b) fused; (c, a-mean) fused; d (nulls) alone. In partition 2, b's
  // magnitudes pass 2^53: that column of the pair falls back to exact sums, its partner does not.
  const big = 2 ** 53;
  let seed = 7;
  const rnd = (m: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % m);
  const parts = [0, 1, 2].map((p) => {
    const n = 200 + p * 37;
    const k = Array.from({ length: n }, () => rnd(13));
    const a = Array.from({ length: n }, () => rnd(2001) - 1000);
    const b = Array.from({ length: n }, (_, i) => (p === 1 && i % 50 === 0 ? (i % 100 === 0 ? big : -big) + rnd(3) : rnd(99)));
    const c = Array.from({ length: n }, () => rnd(1_000_000_007) - 500_000_000);
    const d = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : rnd(50)));
    return { k, a, b, c, d };
  });
  const df = concat(parts.map((t) => fromColumns(t, { dtype: { k: 'int64', a: 'int64', b: 'int64', c: 'int64', d: 'int64' } })));
  const got = await df.groupby('k').agg({ a: ['sum', 'mean'], b: 'sum', c: 'sum', d: 'sum' }).compute({ client: env.client });
  const t = got.toArrow();
  const keys = Array.from(t.getChild('k')!.toArray() as BigInt64Array, Number);
  const want = new Map<number, { a: bigint; n: number; b: bigint; c: bigint; d: bigint }>();
  for (const p of parts) {
    for (let i = 0; i < p.k.length; i++) {
      const w = want.get(p.k[i]!) ?? { a: 0n, n: 0, b: 0n, c: 0n, d: 0n };
      w.a += BigInt(p.a[i]!); w.n++; w.b += BigInt(p.b[i]!); w.c += BigInt(p.c[i]!); w.d += BigInt(p.d[i] ?? 0);
      want.set(p.k[i]!, w);
    }
  }
  expect(keys).toEqual([...want.keys()].sort((x, y) => x - y));
  const col = (name: string) => Array.from(t.getChild(name)!.toArray() as ArrayLike<number | bigint>, (v) => BigInt(Math.round(Number(v))));
  expect(col('a_sum')).toEqual(keys.map((g) => want.get(g)!.a));
  expect(Array.from(t.getChild('a_mean')!.toArray() as Float64Array)).toEqual(keys.map((g) => Number(want.get(g)!.a) / want.get(g)!.n));
  expect(Array.from(t.getChild('b')!.toArray() as BigInt64Array)).toEqual(keys.map((g) => want.get(g)!.b));
  expect(col('c')).toEqual(keys.map((g) => want.get(g)!.c));
  expect(col('d')).toEqual(keys.map((g) => want.get(g)!.d));
});

it('an int64 group sum past 2^63 wraps as numpy int64 sums do', async () => {
  const v = 2 ** 53 - 1;
  const df = fromColumns({ k: Array.from({ length: 1100 }, (_, i) => i % 2), x: Array.from({ length: 1100 }, () => v) }, { dtype: { k: 'int64', x: 'int64' } });
  const t = (await df.groupby('k').agg({ x: 'sum' }).compute({ client: env.client })).toArrow();
  expect(Array.from(t.getChild('x')!.toArray() as BigInt64Array)).toEqual([BigInt.asIntN(64, 550n * BigInt(v)), BigInt.asIntN(64, 550n * BigInt(v))]);
  const t2 = (await fromColumns({ k: Array.from({ length: 1100 }, () => 0), x: Array.from({ length: 1100 }, () => v) }, { dtype: { k: 'int64', x: 'int64' } }).groupby('k').agg({ x: 'sum' }).compute({ client: env.client })).toArrow();
  expect(Array.from(t2.getChild('x')!.toArray() as BigInt64Array)).toEqual([BigInt.asIntN(64, 1100n * BigInt(v))]); // −8,… : wrapped
});

it('the combine adds integer partials plainly only while their magnitudes stay below 2^53 (else exactly)', async () => {
  // Each partition alone is below 2^53 in magnitude (plain at the chunk); together they are not:
  // plain doubles would give (2^53 − 1) + 2 = 2^53 + 1 → rounded, then − (2^53 − 1) = 1 or 3, not 2.
  const top = 2n ** 53n - 1n;
  const parts = [[top, 5n], [2n, -5n], [-top, 7n]].map(([a, b]) => fromColumns({ k: [1, 2], x: [a, b] }, { dtype: { k: 'int64', x: 'int64' } }));
  const df = concat(parts);
  const t = await df.groupby('k').agg({ x: ['sum', 'mean'] }).compute({ client: env.client });
  const get = (name: string) => Array.from({ length: t.toArrow().numRows }, (_, r) => t.toArrow().getChild(name)!.get(r) as unknown);
  expect(get('x_sum').map((v) => BigInt(v as bigint))).toEqual([2n, 7n]);
  expect(get('x_mean')).toEqual([2 / 3, 7 / 3]);
  // Small magnitudes across many partitions: the plain combine, against BigInt sums.
  const many = Array.from({ length: 9 }, (_, p) => fromColumns({ k: [p % 3, (p + 1) % 3, 5], x: [BigInt(p * 1000 - 3), BigInt(-p), 2n ** 40n + BigInt(p)] }, { dtype: { k: 'int64', x: 'int64' } }));
  const want = new Map<number, bigint>();
  for (let p = 0; p < 9; p++) for (const [k, x] of [[p % 3, BigInt(p * 1000 - 3)], [(p + 1) % 3, BigInt(-p)], [5, 2n ** 40n + BigInt(p)]] as const) want.set(k, (want.get(k) ?? 0n) + x);
  const s = await concat(many).groupby('k').agg({ x: 'sum' }).compute({ client: env.client });
  const keys = Array.from({ length: s.toArrow().numRows }, (_, r) => Number(s.toArrow().getChild('k')!.get(r)));
  const sums = Array.from({ length: s.toArrow().numRows }, (_, r) => BigInt(s.toArrow().getChild('x')!.get(r) as bigint));
  expect(new Map(keys.map((k, i) => [k, sums[i]!]))).toEqual(want);
});
