/**
 * Random tables written by a naive CSV writer read back equal: random strings (separators, quotes,
 * CR/LF, unicode), ints up to int64, doubles, bools, nulls; LF or CRLF, with or without BOM and
 * final newline; any blocksize. A second property drops `dtype` and checks pandas' inference rules.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_NA_VALUES, readCsvTable, type CsvDtype } from '../../../src/frame/csv/index.js';
import { columns, removeTmp, tmpFile, types } from './helpers.js';

afterAll(removeTmp);

type Kind = 'int64' | 'float64' | 'string' | 'bool';
type Cell = bigint | number | string | boolean | null;

const NA = new Set(DEFAULT_NA_VALUES);
const piece = fc.oneof(
  fc.constantFrom(',', ';', '\t', '|', '"', '""', '\n', '\r', '\r\n', ' ', 'é', '😀', '中', 'a', 'Z', '0'),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join('')).filter((s) => !NA.has(s));

function cell(kind: Kind): fc.Arbitrary<Cell> {
  const v: fc.Arbitrary<Cell> =
    kind === 'int64'
      ? fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(BigInt), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
      : kind === 'float64'
        ? fc.double({ noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x))
        : kind === 'bool'
          ? fc.boolean()
          : text;
  return fc.option(v, { freq: 4, nil: null });
}

const table = fc
  .array(fc.constantFrom<Kind>('int64', 'float64', 'string', 'bool'), { minLength: 1, maxLength: 5 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.tuple(...kinds.map(cell)), { maxLength: 25 }),
      sep: fc.constantFrom(',', ';', '\t', '|'),
      crlf: fc.boolean(),
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
      blocksize: fc.integer({ min: 1, max: 300 }),
    }),
  );

/** The writer a user's other tool would be: quote only when needed, double the quotes. */
function writeCsv(kinds: Kind[], rows: Cell[][], sep: string, crlf: boolean, bom: boolean, finalNewline: boolean): string {
  const nl = crlf ? '\r\n' : '\n';
  const field = (v: Cell): string => {
    if (v === null) return kinds.length === 1 ? '""' : ''; // a lone empty field would be a skipped blank line
    const s = typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
    return /["\r\n]/.test(s) || s.includes(sep) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [kinds.map((_, i) => `c${i}`).join(sep), ...rows.map((r) => r.map(field).join(sep))];
  return (bom ? '\uFEFF' : '') + lines.join(nl) + (finalNewline ? nl : '');
}

function isInt64Text(s: string): boolean {
  return /^-?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;
}

function expected(kinds: Kind[], rows: Cell[][]): Record<string, Cell[]> {
  return Object.fromEntries(kinds.map((_, i) => [`c${i}`, rows.map((r) => (r[i] === '' ? null : r[i]!))]));
}

describe('round trip', () => {
  it('reads back what a naive writer wrote, with explicit dtypes, for any blocksize', () => {
    fc.assert(
      fc.property(table, ({ kinds, rows, sep, crlf, bom, finalNewline, blocksize }) => {
        const file = tmpFile(writeCsv(kinds, rows, sep, crlf, bom, finalNewline));
        const dtype = Object.fromEntries(kinds.map((k, i) => [`c${i}`, k as CsvDtype]));
        const whole = readCsvTable(file, { sep, dtype });
        expect(columns(whole)).toEqual(expected(kinds, rows));
        const split = readCsvTable(file, { sep, dtype, blocksize });
        expect(columns(split)).toEqual(columns(whole));
      }),
      { numRuns: 400 },
    );
  });

  it('infers types as pandas does', () => {
    fc.assert(
      fc.property(table, ({ kinds, rows, sep, crlf, bom, finalNewline }) => {
        // Keep strings that cannot read as numbers or bools, so each column's kind is what was generated.
        const clean = rows.map((r) => r.map((v, i) => (kinds[i] === 'string' && v !== null ? `s${String(v)}` : v)));
        const file = tmpFile(writeCsv(kinds, clean, sep, crlf, bom, finalNewline));
        const got = readCsvTable(file, { sep });
        const want = expected(kinds, clean);
        const wantTypes: Record<string, string> = {};
        kinds.forEach((k, i) => {
          const vals = want[`c${i}`]!;
          const nulls = vals.some((v) => v === null);
          const values = vals.some((v) => v !== null);
          // Doubles with integral values are written as ints ("3"), and read back as ints, as pandas would.
          const ints = k === 'int64' || (k === 'float64' && vals.every((v) => v === null || isInt64Text(String(v))));
          // pandas: no rows → object; all missing → float64; int with a missing value → float64.
          wantTypes[`c${i}`] = !values ? (nulls ? 'Float64' : 'Utf8') : ints ? (nulls ? 'Float64' : 'Int64') : k === 'float64' ? 'Float64' : k === 'bool' ? 'Bool' : 'Utf8';
          if (!values) want[`c${i}`] = vals.map(() => null);
          else if (wantTypes[`c${i}`] === 'Float64') want[`c${i}`] = vals.map((v) => (v === null ? null : Number(v)));
          else if (wantTypes[`c${i}`] === 'Int64') want[`c${i}`] = vals.map((v) => (v === null ? null : BigInt(String(v)))); // the text written, not the double
        });
        expect(types(got)).toEqual(wantTypes);
        expect(columns(got)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
