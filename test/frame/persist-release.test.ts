/**
 * `DataFrame.release()`: a persisted frame's partitions leave the cluster's store once released
 * (the store's managed bytes fall back), the frame cannot be used afterwards — a clear error,
 * not a hang or a recomputation — and a frame derived from it before the release, persisted on
 * its own, keeps its own partitions. Releasing a frame that was never persisted does nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { col, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

async function until(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  return cond();
}

describe('release of a persisted frame', () => {
  it('frees its partitions; using it afterwards is a clear error', async () => {
    const { client } = env;
    const base = client.memory().managed;
    const n = 200_000;
    const df = fromColumns({ a: Array.from({ length: n }, (_, i) => i), s: Array.from({ length: n }, (_, i) => `k${i % 97}`) }, { dtype: { a: 'int64', s: 'string' }, npartitions: 4 });
    const kept = await df.persist({ client });
    expect(client.memory().managed).toBeGreaterThan(base + n * 8);
    const doubled = await kept.assign({ b: col('a').mul(2) }).persist({ client });
    const withB = client.memory().managed;
    kept.release();
    expect(await until(() => client.memory().managed < withB)).toBe(true);
    await expect(kept.length().compute({ client })).rejects.toThrow(/released/);
    // The derived frame persisted before the release still reads its own partitions.
    expect(Number(await doubled.col('b').sum().compute({ client }))).toBe(n * (n - 1));
    doubled.release();
    expect(await until(() => client.memory().managed <= base)).toBe(true);
    // Not persisted: nothing held, nothing to release; it still computes.
    df.release();
    expect(Number(await df.length().compute({ client }))).toBe(n);
  });
});
