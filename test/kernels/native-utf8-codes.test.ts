/**
 * The native string coder (`codeUtf8` of the native backend, used for group-by and join keys)
 * against the TypeScript coder it must match (`codeUtf8Ts`, src/frame/ops/group-codes.ts) and a
 * naive Map of the decoded strings: the same codes, first rows and count on random columns with
 * nulls, slices, several chunks, strings around the 8- and 16-byte limits, strings at the very
 * end of their buffer, and a table grown past 1e5 entries. Bad offsets or bitmaps are an error,
 * never a read out of bounds.
 *
 * The addon must be built (as in native-conformance.test.ts): without it this file fails — unless
 * TUSK_KERNELS=ts is set, where the TypeScript coder is checked against the naive one only.
 */
import fc from 'fast-check';
import { type Data, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import type { Utf8Parts } from '../../src/kernels/backend.js';
import { nativeKernels } from '../../src/kernels/select.js';
import { codeUtf8Ts } from '../../src/frame/ops/group-codes.js';
import { naiveCodes, slicedUtf8, utf8Column } from '../frame/naive-codes.js';
import { noToolchainReason } from './helpers.js';

const forcedTs = config().kernels === 'ts';
const native = forcedTs ? undefined : nativeKernels();

const naive = naiveCodes;

const partsOf = (chunks: readonly Data[]): Utf8Parts[] =>
  chunks.map((d) => ({
    offsets: d.valueOffsets as Int32Array,
    bytes: d.values as Uint8Array,
    bitmap: d.nullCount > 0 && d.nullBitmap !== undefined && d.nullBitmap.length > 0 ? d.nullBitmap : null,
    bitOffset: d.offset,
    rows: d.length,
  }));

function nativeCodes(chunks: readonly Data[]): { codes: number[]; first: number[]; count: number } {
  const rows = chunks.reduce((a, d) => a + d.length, 0);
  const codes = new Int32Array(rows);
  const first = new Int32Array(Math.max(1, rows));
  const count = native!.codeUtf8!(partsOf(chunks), codes, first);
  return { codes: Array.from(codes), first: Array.from(first.subarray(0, count)), count };
}

describe(`string group codes (${native ? native.name : 'TypeScript only: TUSK_KERNELS=ts'})`, () => {
  it('the native addon is built (or TUSK_KERNELS=ts says to check TypeScript alone)', () => {
    const noToolchain = noToolchainReason();
    if (!forcedTs && noToolchain !== null && native === undefined) console.warn(`native string codes: the addon is not built here (${noToolchain}); the TypeScript coder alone is checked`);
    else if (!forcedTs) expect(native?.codeUtf8, 'the native backend has no codeUtf8: rebuild the addon (npm run build:native -- --verbose)').toBeTypeOf('function');
  });

  it('native, TypeScript and a Map of the decoded strings agree, in any chunks and slices', () => {
    fc.assert(
      fc.property(utf8Column, utf8Column, fc.nat(), fc.nat(), (a, b, x, y) => {
        const { data, values } = slicedUtf8(a, b, x, y);
        const want = naive(values);
        const ts = codeUtf8Ts(data, new Int32Array(values.length));
        expect(Array.from(ts.codes)).toEqual(want.codes);
        expect(Array.from(ts.first)).toEqual(want.first);
        if (native) {
          const got = nativeCodes(data);
          expect(got.codes).toEqual(want.codes);
          expect(got.first).toEqual(want.first);
          expect(got.count).toBe(want.first.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('tells apart strings that differ only in their last byte, ending the buffer (bytes read one by one there)', () => {
    for (let len = 0; len <= 18; len++) {
      const base = 'q'.repeat(len);
      const other = len === 0 ? 'r' : base.slice(0, -1) + 'r';
      for (const values of [[other, base, other, base], [base, other]]) {
        const data = vectorFromArray(values, new Utf8()).data;
        const want = naive(values);
        expect(Array.from(codeUtf8Ts(data, new Int32Array(values.length)).codes)).toEqual(want.codes);
        if (native) expect(nativeCodes(data).codes).toEqual(want.codes);
      }
    }
  });

  it('codes 150k distinct strings (the table grown many times, then sized from the last call), short and long', () => {
    for (const width of [10, 30]) {
      const values = Array.from({ length: 200_000 }, (_, i) => `id${String((i * 7919) % 150_000).padStart(width, '0')}`);
      const data = vectorFromArray(values, new Utf8()).data;
      const want = naive(values);
      for (let rep = 0; rep < 2; rep++) {
        const ts = codeUtf8Ts(data, new Int32Array(values.length));
        expect(ts.count).toBe(150_000);
        expect(Array.from(ts.codes)).toEqual(want.codes);
        if (native) {
          const got = nativeCodes(data);
          expect(got.count).toBe(150_000);
          expect(got.codes).toEqual(want.codes);
          expect(got.first).toEqual(want.first);
        }
      }
    }
  });

  it.runIf(native !== undefined)('rejects offsets past the bytes, a short bitmap and short outputs with an error', () => {
    const data = vectorFromArray(['ab', 'cd', null, 'ef'], new Utf8()).data[0]!;
    const good = partsOf([data])[0]!;
    const codeWith = (p: Utf8Parts, codes = new Int32Array(4), first = new Int32Array(4)) => () => native!.codeUtf8!([p], codes, first);
    const offsets = Int32Array.from(good.offsets);
    offsets[2] = 1_000_000;
    expect(codeWith({ ...good, offsets })).toThrow(/part 0's offsets or validity bitmap reach past/);
    const backwards = Int32Array.from(good.offsets);
    backwards[1] = 5;
    backwards[2] = 3;
    expect(codeWith({ ...good, offsets: backwards })).toThrow(/part 0's offsets/);
    expect(codeWith({ ...good, bitmap: new Uint8Array(1), bitOffset: 6 })).toThrow(/validity bitmap/);
    expect(codeWith({ ...good, rows: good.offsets.length })).toThrow(/offsets for \d+ rows/);
    expect(codeWith(good, new Int32Array(3))).toThrow(/at least 4 elements/);
    expect(codeWith(good)()).toBe(3);
  });
});
