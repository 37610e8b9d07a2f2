/**
 * Values straight from bytes, so numeric columns never allocate a string per field.
 *
 * Floats are exactly rounded: a decimal with at most 2^53 as its digits and a power of ten up to
 * 1e22 is one IEEE multiply or divide of two exact doubles (Clinger's fast path), which rounds
 * once and so correctly; anything else (17+ digits, big exponents) goes to `Number(text)`, which
 * is exactly rounded too. Syntax follows pandas: surrounding spaces allowed, optional sign,
 * `1.`, `.5`, `1e5`, `inf`/`infinity`/`nan` in any case.
 *
 * Each parser returns its value and reports success in `parsed.ok` (a module-level slot instead of
 * an object per call; `NaN` cannot be the failure signal because `nan` is a valid float).
 */

const SPACE = 32;
const TAB = 9;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const D0 = 48;
const D9 = 57;

/** 10^0 .. 10^22: every one is an exact double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const MAX_EXACT = 2 ** 53;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export const parsed = {
  ok: false,
  /** Set by `parseInt64` when the value is outside ±2^53 (then the number it returns is rounded). */
  big: 0n as bigint,
  isBig: false,
};

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

function ascii(buf: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

/** An integer in int64 range. Values beyond ±2^53 also land exactly in `parsed.big`. */
export function parseInt64(buf: Uint8Array, s: number, e: number): number {
  parsed.ok = false;
  parsed.isBig = false;
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (s === e) return 0;
  let i = s;
  let neg = false;
  const c0 = buf[i]!;
  if (c0 === MINUS || c0 === PLUS) {
    neg = c0 === MINUS;
    i++;
    if (i === e) return 0;
  }
  let v = 0;
  const digitsStart = i;
  for (; i < e; i++) {
    const d = buf[i]! - D0;
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  if (v < MAX_EXACT) {
    parsed.ok = true;
    return neg ? -v : v;
  }
  const big = BigInt(ascii(buf, digitsStart, e)) * (neg ? -1n : 1n);
  if (big > INT64_MAX || big < INT64_MIN) return 0;
  parsed.ok = true;
  parsed.isBig = true;
  parsed.big = big;
  return Number(big);
}

/** A float64, exactly rounded. */
export function parseFloat64(buf: Uint8Array, s: number, e: number): number {
  parsed.ok = false;
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (s === e) return 0;
  let i = s;
  let neg = false;
  const c0 = buf[i]!;
  if (c0 === MINUS || c0 === PLUS) {
    neg = c0 === MINUS;
    i++;
  }
  let mant = 0;
  let exp10 = 0;
  let digits = 0;
  let exact = true;
  for (; i < e; i++) {
    const d = buf[i]! - D0;
    if (d < 0 || d > 9) break;
    digits++;
    if (mant < 9e14) mant = mant * 10 + d;
    else {
      exp10++;
      if (d !== 0) exact = false;
    }
  }
  if (i < e && buf[i] === DOT) {
    for (i++; i < e; i++) {
      const d = buf[i]! - D0;
      if (d < 0 || d > 9) break;
      digits++;
      if (mant < 9e14) {
        mant = mant * 10 + d;
        exp10--;
      } else if (d !== 0) exact = false;
    }
  }
  if (digits === 0) return parseSpecial(buf, i, e, neg);
  if (i < e && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) eneg = buf[i++] === MINUS;
    if (i === e) return 0;
    let x = 0;
    for (; i < e; i++) {
      const d = buf[i]! - D0;
      if (d < 0 || d > 9) return 0;
      if (x < 1e6) x = x * 10 + d; // beyond this the result is 0 or Infinity either way
    }
    exp10 += eneg ? -x : x;
  }
  if (i !== e) return 0;
  parsed.ok = true;
  let v: number;
  if (mant === 0) v = 0;
  else if (exact && exp10 >= -22 && exp10 <= 22) v = exp10 < 0 ? mant / POW10[-exp10]! : mant * POW10[exp10]!;
  else v = Number(ascii(buf, c0 === MINUS || c0 === PLUS ? s + 1 : s, e));
  return neg ? -v : v;
}

/** `inf`, `infinity`, `nan`, any case, after an optional sign already consumed. */
function parseSpecial(buf: Uint8Array, i: number, e: number, neg: boolean): number {
  const n = e - i;
  if (n !== 3 && n !== 8) return 0;
  let word = '';
  for (let k = i; k < e; k++) word += String.fromCharCode(buf[k]! | 0x20);
  if (word === 'inf' || word === 'infinity') {
    parsed.ok = true;
    return neg ? -Infinity : Infinity;
  }
  if (word === 'nan') {
    parsed.ok = true;
    return NaN;
  }
  return 0;
}

/** pandas' default true/false spellings. Returns 1, 0, or -1 when not a bool. */
export function parseBool(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n !== 4 && n !== 5) return -1;
  const c = buf[s]!;
  if (n === 4 && (c === 84 || c === 116)) {
    const w = ascii(buf, s, e);
    return w === 'True' || w === 'TRUE' || w === 'true' ? 1 : -1;
  }
  if (n === 5 && (c === 70 || c === 102)) {
    const w = ascii(buf, s, e);
    return w === 'False' || w === 'FALSE' || w === 'false' ? 0 : -1;
  }
  return -1;
}

function digitsAt(buf: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = buf[i + k]! - D0;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= dim;
}

/** `YYYY-MM-DD` as days since the epoch. */
export function parseDate(buf: Uint8Array, s: number, e: number): number {
  parsed.ok = false;
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  if (e - s !== 10 || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) return 0;
  const y = digitsAt(buf, s, 4);
  const m = digitsAt(buf, s + 5, 2);
  const d = digitsAt(buf, s + 8, 2);
  if (y < 0 || m < 0 || d < 0 || !validDate(y, m, d)) return 0;
  parsed.ok = true;
  return daysFromCivil(y, m, d);
}

/**
 * ISO 8601 `YYYY-MM-DD[(T| )HH:MM[:SS[.fff…]]][Z|±HH:MM]` as milliseconds since the epoch, UTC
 * (no offset means UTC; fractions beyond milliseconds are truncated).
 */
export function parseDatetime(buf: Uint8Array, s: number, e: number): number {
  while (s < e && isSpace(buf[s]!)) s++;
  while (e > s && isSpace(buf[e - 1]!)) e--;
  const days = parseDate(buf, s, Math.min(e, s + 10));
  if (!parsed.ok) return 0;
  parsed.ok = false;
  let i = s + 10;
  let ms = 0;
  if (i < e) {
    if ((buf[i] !== 84 && buf[i] !== SPACE) || e - i < 6 || buf[i + 3] !== 58) return 0;
    const hh = digitsAt(buf, i + 1, 2);
    const mm = digitsAt(buf, i + 4, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return 0;
    ms = (hh * 60 + mm) * 60000;
    i += 6;
    if (i < e && buf[i] === 58) {
      const ss = e - i >= 3 ? digitsAt(buf, i + 1, 2) : -1;
      if (ss < 0 || ss > 60) return 0;
      ms += ss * 1000;
      i += 3;
      if (i < e && buf[i] === DOT) {
        i++;
        let scale = 100;
        const f0 = i;
        for (; i < e && buf[i]! >= D0 && buf[i]! <= D9; i++) {
          ms += (buf[i]! - D0) * scale;
          scale /= 10;
        }
        ms = Math.floor(ms);
        if (i === f0) return 0;
      }
    }
    if (i < e) {
      if (buf[i] === 90 && i + 1 === e) i++;
      else if ((buf[i] === PLUS || buf[i] === MINUS) && e - i === 6 && buf[i + 3] === 58) {
        const oh = digitsAt(buf, i + 1, 2);
        const om = digitsAt(buf, i + 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return 0;
        const off = (oh * 60 + om) * 60000;
        ms -= buf[i] === PLUS ? off : -off;
        i = e;
      } else return 0;
    }
  }
  parsed.ok = true;
  return days * 86400000 + ms;
}
