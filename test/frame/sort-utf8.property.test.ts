/** String order: code points (Python's, so pandas'), i.e. UTF-8 byte order — not JS's UTF-16 `<`. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { compareStrings, sortUtf8 } from '../../src/frame/ops/compare.js';
import { fromCol } from '../../src/frame/ops/pcol.js';

/** Reference: compare code point by code point (what Python does). */
function byCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

// Characters from every UTF-8 length and the ranges JS orders differently: ASCII, NUL, Latin-1,
// U+E000–U+FFFF, astral (surrogate pairs in UTF-16); common prefixes so that long ties happen.
const char = fc.oneof(
  fc.constantFrom('a', 'b', 'z', '0', '\u0000', 'é', '\uE000', '\uFFFD', '\uFFFF', '😀', '\u{10000}', '\u{10FFFF}', '中'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)),
);
const str = fc.tuple(fc.constantFrom('', 'id00000000', 'a_long_common_prefix_x'), fc.array(char, { maxLength: 12 })).map(([p, cs]) => p + cs.join(''));

test('compareStrings is code-point order (JS < is not: U+FFFF vs U+10000)', () => {
  expect('\uFFFF' < '\u{10000}').toBe(false); // UTF-16 puts the surrogate pair first…
  expect(compareStrings('\uFFFF', '\u{10000}')).toBeLessThan(0); // …Python and pandas put it after
  fc.assert(fc.property(str, str, (a, b) => {
    expect(Math.sign(compareStrings(a, b))).toBe(Math.sign(byCodePoints(a, b)));
  }), { numRuns: 3000 });
});

function check(values: (string | null)[]): void {
  const col = fromCol({ dtype: 'string', values: values.map((v) => v ?? ''), valid: values.some((v) => v === null) ? Uint8Array.from(values, (v) => (v === null ? 0 : 1)) : null });
  if (col.dtype !== 'string') throw new Error('expected a string column');
  const got = Array.from(sortUtf8(col));
  const want = values.map((_, i) => i).sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    if (a === null || b === null) return a === b ? i - j : a === null ? 1 : -1;
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) || i - j;
  });
  expect(got).toEqual(want);
}

test('sortUtf8 orders by UTF-8 bytes, stably, missing last (comparison path, n < 1024)', () => {
  fc.assert(fc.property(fc.array(fc.option(str, { freq: 8 }), { maxLength: 200 }), (v) => check(v)), { numRuns: 300 });
});

test('sortUtf8: radix path (n ≥ 1024), values of every length around 16 bytes and long shared prefixes', () => {
  fc.assert(fc.property(fc.array(fc.option(str, { freq: 8 }), { minLength: 1024, maxLength: 3000 }), (v) => check(v)), { numRuns: 25 });
  // db-benchmark's id3 shape: 1e5 distinct "id" + 10 digits, shuffled.
  const ids = Array.from({ length: 5000 }, (_, i) => `id${String((i * 7919) % 100_000).padStart(10, '0')}`);
  check(ids);
  // Lengths 14–18 sharing 14 bytes, and NUL bytes (zero padding must not tie them with shorter values).
  check(Array.from({ length: 1500 }, (_, i) => 'p'.repeat(14) + ['', '\u0000', 'a', '\u0000\u0000', 'ab\u0000', 'abc', 'abcd'][i % 7]! + (i % 3 === 0 ? '' : String(i % 5))));
});
