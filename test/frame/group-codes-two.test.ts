/**
 * Group codes of two key columns on each of their paths — the product of the cardinalities in
 * the lookup table (≤ 2^22), in one 32-bit word (≤ 2^32), or beyond (pairs of words) — against
 * a Map of the pairs: ids in order of first appearance, -1 where a key is missing, first rows.
 */
import { afterAll, expect, it } from 'vitest';
import { fromColumns } from '../../src/frame/index.js';
import { fromTable } from '../../src/frame/core/part.js';
import { groupCodes } from '../../src/frame/ops/group-codes.js';
import { inProcessClient } from './helpers.js';
import { naiveCodes } from './naive-codes.js';

const env = inProcessClient();
afterAll(() => env.close());

/** Codes of the (a, b) pairs by a Map of their keys. */
const naive = (a: (number | null)[], b: (string | null)[]): { codes: number[]; first: number[] } =>
  naiveCodes(a.map((x, i) => (x === null || b[i] === null ? null : `${x}|${b[i]}`)));

it.each([
  ['lookup table', 300, 300],
  ['one word', 3_000, 3_000],
  ['pairs of words', 80_000, 80_000],
])('codes (int, string) pairs: %s', async (_name, ca, cb) => {
  const n = 120_000;
  let s = 12345;
  const rand = (m: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
  // Every value of each column appears (so the cardinalities are what the path needs), in random pairs.
  const a = Array.from({ length: n }, (_, i) => (i % 97 === 5 ? null : i < ca ? i : rand(ca)));
  const b = Array.from({ length: n }, (_, i) => (i % 89 === 7 ? null : `v${i < cb ? i : rand(cb)}`));
  const lf = await fromColumns({ a, b }, { dtype: { a: 'int64', b: 'string' } }).compute({ client: env.client });
  const got = groupCodes(fromTable(lf.toArrow()), ['a', 'b']);
  const want = naive(a, b);
  expect(got.ngroups).toBe(want.first.length);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (got.codes[i] !== want.codes[i]) wrong++;
  expect(wrong).toBe(0);
  expect(Array.from(got.first)).toEqual(want.first);
});
