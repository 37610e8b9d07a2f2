/**
 * The group-by shape of db-benchmark q4/q5 — two int64 sums and a float64 sum over one key, no
 * missing values — goes through the fast paths: the pair of int64 sums in one pass, the float
 * sum's three level sums normalized straight into its partials, every item's counts shared by
 * the states of a chunk and added up once in the combine. Checked against a naive reference on
 * random data over ragged partitions (float values are multiples of 1/64, so plain sums are
 * exact), with a `size` item sharing the counts, a column with nulls that must not, and int64
 * values past 2^53 (summed exactly from their two words, wrapped to 64 bits as pandas does).
 */
import { afterAll, expect, it } from 'vitest';
import { concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

it('two int64 sums, a float64 sum and mean, size and a count with nulls per key: as a naive reference, sorted and unsorted', async () => {
  for (const seed of [1, 2, 3]) {
    const r = rng(seed);
    const sizes = [0, 1, 37, 500, 1200, 64].map((n) => n + Math.floor(r() * 5));
    const ngroups = seed === 2 ? 3 : 300;
    const big = seed === 3;
    const parts = sizes.map((n) => {
      const k = Array.from({ length: n }, () => BigInt(1 + Math.floor(r() * ngroups)));
      const a = Array.from({ length: n }, () => (big ? 2n ** 60n : 0n) + BigInt(Math.floor(r() * 11) - 5));
      const b = Array.from({ length: n }, () => BigInt(Math.floor(r() * 1000)));
      const x = Array.from({ length: n }, () => Math.floor(r() * 64 * 100) / 64);
      const y = Array.from({ length: n }, () => (r() < 0.2 ? null : Math.floor(r() * 100) / 4));
      return { k, a, b, x, y };
    });
    const df = concat(parts.map((p) => fromColumns(p, { dtype: { k: 'int64', a: 'int64', b: 'int64', x: 'float64', y: 'float64' } })));
    const want = new Map<bigint, { a: bigint; b: bigint; x: number; n: number; yn: number }>();
    const order: bigint[] = [];
    for (const p of parts)
      p.k.forEach((k, i) => {
        let w = want.get(k);
        if (w === undefined) want.set(k, (w = { a: 0n, b: 0n, x: 0, n: 0, yn: 0 })), order.push(k);
        w.a += p.a[i]!;
        w.b += p.b[i]!;
        w.x += p.x[i]!;
        w.n++;
        if (p.y[i] !== null) w.yn++;
      });
    for (const sort of [true, false]) {
      const out = await df.groupby('k').agg({ a: 'sum', b: 'mean', x: ['sum', 'mean', 'size'], y: 'count' }, { sort }).compute({ client: env.client });
      const t = out.toArrow().toArray().map((row) => row.toJSON() as Record<string, unknown>);
      const keys = sort ? [...order].sort((p, q) => (p < q ? -1 : 1)) : order;
      expect(t.map((row) => row.k)).toEqual(keys);
      t.forEach((row, i) => {
        const w = want.get(keys[i]!)!;
        expect(BigInt(row.a as bigint | number)).toBe(BigInt.asIntN(64, w.a)); // wrapped to 64 bits, as numpy/pandas
        expect(row.b).toBe(Number(w.b) / w.n);
        expect(row.x_sum).toBe(w.x);
        expect(row.x_mean).toBe(w.x / w.n);
        expect(Number(row.x_size)).toBe(w.n);
        expect(Number(row.y)).toBe(w.yn);
      });
    }
  }
});
