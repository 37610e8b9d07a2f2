/**
 * Group min and max keep the best value per group (`pickExtremes` in ops/aggregate.ts) instead of
 * the best row: the answer must be the one the row path gives — the first row of the extreme
 * value wins (so of 0 and −0, whichever comes first), NaN and missing values never count, a
 * group with none is missing, ±Infinity are values, and int64 beyond ±2^53 compares exactly.
 */
import { afterAll, expect, it } from 'vitest';
import { concat, fromColumns } from '../../src/frame/index.js';
import { inProcessClient } from './helpers.js';

const env = inProcessClient();
afterAll(() => env.close());

const isNegZero = (v: unknown): boolean => Object.is(v, -0);

it('float min/max per group: −0/0 ties keep the first, NaN and nulls skipped, an empty group is null', async () => {
  // Two partitions, so the chunk step and the combine step both pick.
  const p1 = fromColumns({ k: [1, 1, 2, 2, 3, 4, 5], x: [0, -0, -0, 0, NaN, Infinity, null] }, { dtype: { k: 'int64', x: 'float64' } });
  const p2 = fromColumns({ k: [1, 2, 3, 4, 5, 6], x: [-0, 0, NaN, -Infinity, null, Infinity] }, { dtype: { k: 'int64', x: 'float64' } });
  const df = concat([p1, p2]);
  const t = await df.groupby('k').agg({ x: ['min', 'max'] }).compute({ client: env.client });
  const a = t.toArrow();
  const min = a.getChild('x_min')!.toArray() as Float64Array;
  const max = a.getChild('x_max')!.toArray() as Float64Array;
  const minValid = Array.from({ length: a.numRows }, (_, i) => a.getChild('x_min')!.isValid(i));
  // k=1: 0 first (then −0, −0): min and max are the first zero, +0.
  expect(isNegZero(min[0])).toBe(false);
  expect(isNegZero(max[0])).toBe(false);
  // k=2: −0 first.
  expect(isNegZero(min[1])).toBe(true);
  expect(isNegZero(max[1])).toBe(true);
  // k=3: only NaN → missing; k=5: only nulls → missing.
  expect(minValid).toEqual([true, true, false, true, false, true]);
  // k=4: ±Infinity are values; k=6: +Infinity alone.
  expect([min[3], max[3], min[5], max[5]]).toEqual([-Infinity, Infinity, Infinity, Infinity]);
});

it('int64 min/max per group, within doubles and beyond 2^53 (exact), and int32/bool/date dtypes keep their dtype', async () => {
  const big = 2n ** 60n;
  const p1 = fromColumns({ k: [1, 1, 2, 2], x: [5n, -7n, big + 1n, big], i: [3, 1, 2, 9], b: [true, false, true, true] }, { dtype: { k: 'int64', x: 'int64', i: 'int32', b: 'bool' } });
  const p2 = fromColumns({ k: [1, 2, 2], x: [4n, big + 3n, big - 1n], i: [0, 4, 12], b: [true, true, false] }, { dtype: { k: 'int64', x: 'int64', i: 'int32', b: 'bool' } });
  const df = concat([p1, p2]);
  const t = await df.groupby('k').agg({ x: ['min', 'max'], i: ['min', 'max'], b: ['min', 'max'] }).compute({ client: env.client });
  const a = t.toArrow();
  const get = (name: string) => Array.from({ length: a.numRows }, (_, r) => a.getChild(name)!.get(r) as unknown);
  expect(get('x_min')).toEqual([-7n, big - 1n]);
  expect(get('x_max')).toEqual([5n, big + 3n]);
  expect(get('i_min')).toEqual([0, 2]);
  expect(get('i_max')).toEqual([3, 12]);
  expect(get('b_min')).toEqual([false, false]);
  expect(get('b_max')).toEqual([true, true]);
  expect(t.dtypes).toMatchObject({ x_min: 'int64', i_max: 'int32', b_min: 'bool' });
});
