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
