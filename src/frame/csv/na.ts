/**
 * Missing-value spellings, matched on a field's bytes (after unquoting, as pandas does: `"NA"` is
 * missing too). Checked on every string field, so it rejects by length and first byte before
 * comparing anything.
 */
import { parseFloat64, parsed } from './numbers.js';

/**
 * pandas' default `na_values` (pandas 2.x; 1.5 lacks 'None'), sorted. The Titanic files
 * hold none of the spellings the versions disagree on.
 */
export const DEFAULT_NA_VALUES: readonly string[] = [
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
];

export interface NaMatcher {
  /** Whether `buf[s..e)` is one of the missing-value spellings. */
  matches(buf: Uint8Array, s: number, e: number): boolean;
  /** The empty field is missing (the common case: a numeric column can test `s === e` first). */
  readonly empty: boolean;
  /**
   * Some spelling also parses as a finite number (a user's `-999`): numeric columns must then test
   * every field, not only those that fail to parse. `nan`-like spellings are caught by the NaN check.
   */
  readonly numeric: boolean;
  /** 1 at each byte some non-empty spelling starts with: lets a hot loop skip the call for most fields. */
  readonly firstBytes: Uint8Array;
}

export function makeNaMatcher(values: readonly string[]): NaMatcher {
  const enc = new TextEncoder();
  const byLength = new Map<number, Uint8Array[]>();
  const firstBytes = new Uint8Array(256);
  let empty = false;
  let numeric = false;
  for (const v of new Set(values)) {
    const b = enc.encode(v);
    if (b.length === 0) {
      empty = true;
      continue;
    }
    const list = byLength.get(b.length) ?? [];
    list.push(b);
    byLength.set(b.length, list);
    firstBytes[b[0]!] = 1;
    const x = parseFloat64(b, 0, b.length);
    if (parsed.ok && !Number.isNaN(x)) numeric = true;
  }
  const matches = (buf: Uint8Array, s: number, e: number): boolean => {
    const n = e - s;
    if (n === 0) return empty;
    if (firstBytes[buf[s]!] === 0) return false;
    const list = byLength.get(n);
    if (list === undefined) return false;
    outer: for (const cand of list) {
      for (let k = 1; k < n; k++) if (cand[k] !== buf[s + k]) continue outer;
      if (cand[0] === buf[s]) return true;
    }
    return false;
  };
  return { matches, empty, numeric, firstBytes };
}
