/**
 * Cell text as pandas prints it: floats with up to 6 decimals, trailing zeros trimmed alike for
 * the whole column (`22.00`, `0.42`), scientific when values are tiny or huge; ints as they are;
 * missing as NaN; every value with pandas' leading space (right-justified later).
 */
import { type Col, getCell, isValid, formatFloatLikePython } from '../core/column.js';

const NUMBER_WITH_DECIMAL = /^\s*[+-]?[0-9]+\.[0-9]*$/;

function trimZeros(values: string[]): string[] {
  let out = values;
  const shouldTrim = (vs: string[]) => {
    const nums = vs.filter((x) => NUMBER_WITH_DECIMAL.test(x));
    return nums.length > 0 && nums.every((x) => x.endsWith('0'));
  };
  while (shouldTrim(out)) out = out.map((x) => (NUMBER_WITH_DECIMAL.test(x) ? x.slice(0, -1) : x));
  return out.map((x) => (NUMBER_WITH_DECIMAL.test(x) && x.endsWith('.') ? `${x}0` : x));
}

function pyExp(x: number, digits: number): string {
  const s = x.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
  return x >= 0 ? ` ${s}` : s;
}

/** Rows `rows` of a column, formatted. */
export function formatColumn(c: Col, rows: readonly number[]): string[] {
  if (c.dtype === 'float64' || c.dtype === 'float32') {
    const digits = 6;
    const nums = rows.map((i) => (isValid(c, i) ? (c.values[i] as number) : NaN));
    const fixed = (x: number) => (Number.isNaN(x) ? 'NaN' : x >= 0 || Object.is(x, 0) ? ` ${x.toFixed(digits)}` : x.toFixed(digits));
    let out = trimZeros(nums.map(fixed));
    const maxlen = Math.max(0, ...out.map((s) => s.length));
    const abs = nums.filter((x) => !Number.isNaN(x)).map(Math.abs);
    const large = abs.some((x) => x > 1e6);
    const small = abs.some((x) => x < 10 ** -digits && x > 0);
    if (small || (maxlen > digits + 6 && large)) out = nums.map((x) => (Number.isNaN(x) ? 'NaN' : pyExp(x, digits)));
    return out;
  }
  return rows.map((i) => {
    if (!isValid(c, i)) return ' NaN';
    const v = getCell(c, i);
    if (typeof v === 'boolean') return v ? ' True' : ' False';
    if (v instanceof Date) return ` ${c.dtype === 'date' ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '')}`;
    return ` ${String(v)}`;
  });
}

/** A single label as pandas' `Index.format()` shows it (no leading space). */
export function formatLabel(c: Col, i: number): string {
  if (!isValid(c, i)) return 'NaN';
  const v = getCell(c, i);
  if (typeof v === 'number' && (c.dtype === 'float64' || c.dtype === 'float32')) return formatFloatLikePython(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return c.dtype === 'date' ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  return String(v);
}

export const rjust = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
export const ljust = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** pandas' `adjoin`: columns padded to their widths plus `space`, the last without. */
export function adjoin(space: number, cols: readonly (readonly string[])[]): string {
  const widths = cols.map((c, k) => Math.max(0, ...c.map((s) => s.length)) + (k < cols.length - 1 ? space : 0));
  const n = Math.max(0, ...cols.map((c) => c.length));
  const lines: string[] = [];
  for (let r = 0; r < n; r++) lines.push(cols.map((c, k) => ljust(c[r] ?? '', widths[k]!)).join(''));
  return lines.join('\n');
}
