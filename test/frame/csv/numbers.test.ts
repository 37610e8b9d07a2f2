/** Number parsing from bytes against JavaScript's own exactly rounded `Number(text)`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBool, parseDate, parseDatetime, parseFloat64, parseInt64, parsed } from '../../../src/frame/csv/numbers.js';

const enc = new TextEncoder();
function float(s: string): number | undefined {
  const b = enc.encode(s);
  const v = parseFloat64(b, 0, b.length);
  return parsed.ok ? v : undefined;
}
function int(s: string): number | bigint | undefined {
  const b = enc.encode(s);
  const v = parseInt64(b, 0, b.length);
  return !parsed.ok ? undefined : parsed.isBig ? parsed.big : v;
}

describe('parseFloat64', () => {
  it('is exactly rounded: equals Number(text) for every way a double is written', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, k) => {
        for (const s of [String(x), x.toExponential(k), x.toPrecision(k + 1), Math.abs(x) < 1e21 ? x.toFixed(k) : String(x)]) {
          expect(Object.is(float(s), Number(s)), s).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is exactly rounded on long and halfway digit strings', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(digits, digits, fc.integer({ min: -330, max: 330 }), (a, b, e) => {
        const s = `${a}.${b}e${e}`;
        expect(Object.is(float(s), Number(s)), s).toBe(true);
      }),
      { numRuns: 3000 },
    );
    for (const s of ['9007199254740993', '0.1', '2.2250738585072011e-308', '1.7976931348623157e308', '1e400', '1e-400', '0.30000000000000004'])
      expect(float(s)).toBe(Number(s));
  });

  it('takes pandas spellings and refuses the rest', () => {
    expect(float(' 1.5 ')).toBe(1.5);
    expect(float('1.')).toBe(1);
    expect(float('.5')).toBe(0.5);
    expect(float('+3')).toBe(3);
    expect(float('-inf')).toBe(-Infinity);
    expect(float('Infinity')).toBe(Infinity);
    expect(float('NaN')).toBeNaN();
    for (const bad of ['', '-', '.', 'e5', '1e', '1e+', '0x10', '1_000', '1,5', 'abc', '1.2.3', '--1']) expect(float(bad), bad).toBeUndefined();
  });
});

describe('parseInt64', () => {
  it('reads every int64 exactly, beyond 2^53 as bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (x) => {
        const v = int(String(x));
        expect(BigInt(v as number | bigint)).toBe(x);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what is not an int64', () => {
    for (const bad of ['', '1.0', '1e3', '9223372036854775808', '-9223372036854775809', 'x', '+', '1 2']) expect(int(bad), bad).toBeUndefined();
    expect(int(' 42 ')).toBe(42);
    expect(int('007')).toBe(7);
  });
});

describe('bool and dates', () => {
  it('knows pandas true/false spellings only', () => {
    const b = (s: string) => parseBool(enc.encode(s), 0, s.length);
    expect(['True', 'TRUE', 'true', 'False', 'FALSE', 'false'].map(b)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(['yes', 'tRUE', '1', 'T', ''].map(b)).toEqual([-1, -1, -1, -1, -1]);
  });

  it('reads ISO dates and datetimes like Date.parse does (as UTC)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        const b = enc.encode(iso);
        expect(parseDatetime(b, 0, b.length)).toBe(d.getTime());
        const day = enc.encode(iso.slice(0, 10));
        expect(parseDate(day, 0, 10)).toBe(Math.floor(d.getTime() / 86400000));
      }),
      { numRuns: 1000 },
    );
    const dt = (s: string) => {
      const v = parseDatetime(enc.encode(s), 0, s.length);
      return parsed.ok ? v : undefined;
    };
    expect(dt('2024-02-29 12:30')).toBe(Date.UTC(2024, 1, 29, 12, 30));
    expect(dt('2024-01-01T01:00:00+01:00')).toBe(Date.UTC(2024, 0, 1));
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-01', '2024-01-01T25:00', '2024-01-01x']) expect(dt(bad), bad).toBeUndefined();
  });
});
