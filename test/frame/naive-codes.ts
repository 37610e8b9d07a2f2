/**
 * The reference for group codes: a Map of the keys, codes in order of first appearance, -1 for a
 * missing key (null), and the first row of each code. Also the random string columns the string
 * coders are tested on, and a slice of two of them as Arrow data.
 */
import fc from 'fast-check';
import { type Data, Utf8, vectorFromArray } from 'apache-arrow';

const prefix = 'abcdefghijklmnop'; // 16 bytes: longer strings share them
const str = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer({ min: 0, max: 40 }).map((n) => 'x'.repeat(n)),
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom('a', 'b', 'é', '😀')).map(([n, c]) => prefix + 'y'.repeat(n) + c),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('a', 'b')).map(([n, c]) => 'abcdefg'.slice(0, n) + c), // around 8 bytes
  fc.constantFrom('', 'a', 'ab', 'abcdefgh', 'abcdefghi', prefix, prefix + 'q', 'id001', 'id0000012345'),
);

/** Strings of every length around the 4-, 8- and 16-byte limits, multi-byte UTF-8, shared 16-byte prefixes; nulls. */
export const utf8Column = fc.array(fc.option(str, { freq: 6 }), { maxLength: 200 });

/** Rows [x, y) (taken modulo the length) of columns a and b one after the other: Arrow's own slice (offsets cut, bitmaps not). */
export function slicedUtf8(a: readonly (string | null)[], b: readonly (string | null)[], x: number, y: number): { data: Data[]; values: (string | null)[] } {
  const whole = vectorFromArray(a as (string | null)[], new Utf8()).concat(vectorFromArray(b as (string | null)[], new Utf8()));
  const lo = a.length + b.length === 0 ? 0 : x % (a.length + b.length + 1);
  const hi = lo + (y % (a.length + b.length - lo + 1));
  return { data: [...whole.slice(lo, hi).data], values: [...a, ...b].slice(lo, hi) };
}

export function naiveCodes(keys: readonly (string | null)[]): { codes: number[]; first: number[] } {
  const seen = new Map<string, number>();
  const codes: number[] = [];
  const first: number[] = [];
  keys.forEach((k, i) => {
    if (k === null) return void codes.push(-1);
    let g = seen.get(k);
    if (g === undefined) {
      g = seen.size;
      seen.set(k, g);
      first.push(i);
    }
    codes.push(g);
  });
  return { codes, first };
}
