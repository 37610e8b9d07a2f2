/**
 * String group codes (`codeSlot` on Arrow Utf8 data: hashed in the buffer, short strings held
 * in the hash table as words) against a naive coding of the decoded strings: codes in order of
 * first appearance, -1 for nulls, the first row of each value. Covers every length around the
 * 4-byte word and 16-byte inline limits, strings that agree on their first 16 bytes, strings at
 * the very end of the buffer, multi-byte UTF-8, nulls, sliced data and several chunks.
 */
import fc from 'fast-check';
import { Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { expect, it } from 'vitest';
import { codeSlot } from '../../src/frame/ops/group-codes.js';
import { naiveCodes, slicedUtf8, utf8Column } from './naive-codes.js';

const naive = naiveCodes;

it('codes strings as a Map of the decoded values does, in any number of chunks and slices', () => {
  fc.assert(
    fc.property(utf8Column, utf8Column, fc.nat(), fc.nat(), (a, b, x, y) => {
      const { data, values } = slicedUtf8(a, b, x, y);
      const got = codeSlot({ name: 's', dtype: 'string', vector: makeVector(data) }, values.length);
      const want = naive(values);
      expect(Array.from(got.codes)).toEqual(want.codes);
      expect(Array.from(got.first)).toEqual(want.first);
      expect(got.count).toBe(want.first.length);
    }),
    { numRuns: 300 },
  );
});

it('tells apart short strings that differ only in their last byte, at the end of the buffer', () => {
  // Each string's bytes end the buffer in turn: the words are read byte by byte there.
  for (let len = 0; len <= 17; len++) {
    const base = 'q'.repeat(len);
    const other = len === 0 ? 'r' : base.slice(0, -1) + 'r';
    const values = [other, base, other, base];
    const v = makeVector(vectorFromArray(values, new Utf8()).data[0]!);
    const got = codeSlot({ name: 's', dtype: 'string', vector: v }, values.length);
    expect(Array.from(got.codes)).toEqual([0, 1, 0, 1]);
  }
});

it('codes 80k distinct strings (a table grown many times, then sized from the last call)', () => {
  const values = Array.from({ length: 120_000 }, (_, i) => `id${String((i * 7919) % 80_000).padStart(10, '0')}`);
  const v = vectorFromArray(values, new Utf8());
  for (let rep = 0; rep < 2; rep++) {
    const got = codeSlot({ name: 's', dtype: 'string', vector: v }, values.length);
    const want = naive(values);
    expect(got.count).toBe(80_000);
    let wrong = 0;
    for (let i = 0; i < values.length; i++) if (got.codes[i] !== want.codes[i]) wrong++;
    expect(wrong).toBe(0);
  }
});
