/**
 * One column of a partition in the form verbs compute on: a typed array (or string[]) of values
 * and a validity mask (null when every value is present). Arrow holds partitions between tasks;
 * a task decodes the columns it touches, works on these, and encodes the result back.
 *
 * Storage by dtype: int64/datetime → BigInt64Array (datetime in UTC ms), int32/date → Int32Array
 * (date in days), uint8/bool → Uint8Array (bool as 0/1), float64 → Float64Array, float32 →
 * Float32Array, string → string[]. A missing value's slot holds 0 / '' and is never read.
 */
import { type Data, type DataType, type Vector, makeData, makeVector } from 'apache-arrow';
import { type Dtype, arrowTypeOf } from './dtypes.js';
import { getKernels } from '../../kernels/select.js';

export type Values = BigInt64Array | Int32Array | Uint8Array | Float64Array | Float32Array | string[];

export interface Col {
  readonly dtype: Dtype;
  readonly values: Values;
  /** 1 = present; null = all present. */
  readonly valid: Uint8Array | null;
}

/** A JS value of a cell: number (ints that fit), bigint (int64 beyond 2^53), string, boolean, Date, or null. */
export type Cell = number | bigint | string | boolean | Date | null;

export const length = (c: Col): number => c.values.length;
export const isValid = (c: Col, i: number): boolean => c.valid === null || c.valid[i] === 1;

export function allocValues(dtype: Dtype, n: number): Values {
  switch (dtype) {
    case 'int64':
    case 'datetime': return new BigInt64Array(n);
    case 'int32':
    case 'date': return new Int32Array(n);
    case 'uint8':
    case 'bool': return new Uint8Array(n);
    case 'float64': return new Float64Array(n);
    case 'float32': return new Float32Array(n);
    case 'string': return new Array<string>(n).fill('');
  }
}

/** The typed array each fixed-width dtype is stored in (as `allocValues`). */
const VALUE_ARRAY: Partial<Record<Dtype, abstract new (...args: never[]) => unknown>> = {
  int64: BigInt64Array, datetime: BigInt64Array, int32: Int32Array, date: Int32Array, uint8: Uint8Array, float64: Float64Array, float32: Float32Array,
};

export function countNulls(c: Col): number {
  if (c.valid === null) return 0;
  let n = 0;
  for (let i = 0; i < c.valid.length; i++) n += c.valid[i] === 0 ? 1 : 0;
  return n;
}

/** A float NaN counts as missing, as in pandas. */
export function normalizeNaN(c: Col): Col {
  if (c.dtype !== 'float64' && c.dtype !== 'float32') return c;
  const v = c.values as Float64Array | Float32Array;
  const at = firstNaN(v, c.valid);
  if (at === v.length) return c;
  const valid = c.valid === null ? new Uint8Array(v.length).fill(1) : c.valid;
  markNaN(v, valid, at);
  return { ...c, valid };
}

// The loops are functions of their own: the check runs on every float column a task reads, and
// V8 kept deoptimizing the one function holding loop and result (see group-codes.ts).

/** Index of the first present NaN (v.length: none): the addon's scan for large float64 columns (the same index), else `firstNaNTs`. */
function firstNaN(v: Float64Array | Float32Array, valid: Uint8Array | null): number {
  if (v.length >= NATIVE_SCAN_FROM && v instanceof Float64Array) {
    const loops = getKernels().groupLoops;
    if (loops !== undefined) return loops.firstNaN(v, valid);
  }
  return firstNaNTs(v, valid);
}

/** Below this many values the call into the addon costs more than the loop. */
const NATIVE_SCAN_FROM = 4096;

/** The TypeScript scan (the reference of the addon's `firstNaN`). */
export function firstNaNTs(v: Float64Array | Float32Array, valid: Uint8Array | null): number {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x && (valid === null || valid[i] === 1)) return i;
  }
  return v.length;
}

function markNaN(v: Float64Array | Float32Array, valid: Uint8Array, from: number): void {
  for (let i = from; i < v.length; i++) if (v[i]! !== v[i]!) valid[i] = 0;
}

// ---- Arrow ⇄ Col --------------------------------------------------------------------------

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function fromVector(vector: Vector, dtype: Dtype): Col {
  const n = vector.length;
  const chunks = vector.data as Data[];
  // One chunk of a fixed-width type: a view of Arrow's buffer, no copy (no verb writes into the
  // values of a column it reads; results are always fresh arrays).
  if (chunks.length === 1 && dtype !== 'string' && dtype !== 'bool') {
    const data = chunks[0]!;
    const src = data.values as Exclude<Values, string[]>;
    if (src.length >= n && src.constructor === VALUE_ARRAY[dtype]) return normalizeNaN({ dtype, values: src.length === n ? src : src.subarray(0, n), valid: validOf(data, n) });
  }
  const values = allocValues(dtype, n);
  let valid: Uint8Array | null = null;
  let at = 0;
  // A sliced Data (Vector.slice) keeps its offset: Arrow JS has already cut the offsets buffer
  // and fixed-width value buffers to the slice, but not the validity or boolean bit buffers.
  for (const data of chunks) {
    const len = data.length;
    if (data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0) {
      valid ??= new Uint8Array(n).fill(1);
      const bm = data.nullBitmap;
      for (let i = 0; i < len; i++) {
        const b = data.offset + i;
        valid[at + i] = (bm[b >> 3]! >> (b & 7)) & 1;
      }
    }
    if (dtype === 'string') {
      const offs = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      const out = values as string[];
      for (let i = 0; i < len; i++) {
        const s = offs[i]!;
        const e = offs[i + 1]!;
        out[at + i] = e > s ? decoder.decode(bytes.subarray(s, e)) : '';
      }
    } else if (dtype === 'bool') {
      const bits = data.values as Uint8Array;
      const out = values as Uint8Array;
      for (let i = 0; i < len; i++) {
        const b = data.offset + i;
        out[at + i] = (bits[b >> 3]! >> (b & 7)) & 1;
      }
    } else {
      const src = data.values as Exclude<Values, string[]>;
      (values as Float64Array).set(src.subarray(0, len) as Float64Array, at);
    }
    at += len;
  }
  const col: Col = { dtype, values, valid };
  return normalizeNaN(col);
}

/** The validity bytes of one chunk (null when nothing is missing). */
function validOf(data: Data, n: number): Uint8Array | null {
  if (!(data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0)) return null;
  const valid = new Uint8Array(n);
  const bm = data.nullBitmap;
  for (let i = 0; i < n; i++) {
    const b = data.offset + i;
    valid[i] = (bm[b >> 3]! >> (b & 7)) & 1;
  }
  return valid;
}

function packBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 64) * 8);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

export function toData(c: Col): Data {
  const type: DataType = arrowTypeOf(c.dtype);
  const n = c.values.length;
  const nullCount = countNulls(c);
  const nullBitmap = nullCount > 0 ? packBits(c.valid!) : undefined;
  if (c.dtype === 'string') {
    const { offsets, bytes } = encodeUtf8(c.values as string[], c.valid);
    return makeData({ type, length: n, nullCount, nullBitmap, valueOffsets: offsets, data: bytes } as never);
  }
  const data = c.dtype === 'bool' ? packBits(c.values as Uint8Array) : c.values;
  return makeData({ type, length: n, nullCount, nullBitmap, data } as never);
}

export const toVector = (c: Col): Vector => makeVector(toData(c));

/**
 * Strings as one UTF-8 buffer and offsets (missing → empty). ASCII is copied a char at a time
 * and the rest goes through `encodeInto`: one allocation per column, not one per string.
 */
function encodeUtf8(strs: readonly string[], valid: Uint8Array | null): { offsets: Int32Array; bytes: Uint8Array } {
  const n = strs.length;
  const offsets = new Int32Array(n + 1);
  let bytes = new Uint8Array(Math.max(64, n * 8));
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (valid === null || valid[i] !== 0) {
      const s = strs[i]!;
      const len = s.length;
      if (total + len * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, total + len * 3));
        grown.set(bytes.subarray(0, total));
        bytes = grown;
      }
      let j = 0;
      for (; j < len; j++) {
        const ch = s.charCodeAt(j);
        if (ch >= 0x80) break;
        bytes[total + j] = ch;
      }
      total += j < len ? encoder.encodeInto(s, bytes.subarray(total)).written : len;
    }
    offsets[i + 1] = total;
  }
  return { offsets, bytes: bytes.slice(0, total) };
}

// ---- building and reading cells ------------------------------------------------------------

export function getCell(c: Col, i: number): Cell {
  if (!isValid(c, i)) return null;
  const v = c.values[i]!;
  switch (c.dtype) {
    case 'int64': {
      const b = v as bigint;
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    case 'bool': return v === 1;
    case 'date': return new Date((v as number) * 86_400_000);
    case 'datetime': return new Date(Number(v as bigint));
    default: return v as number | string;
  }
}

/** A column of `dtype` from JS cells (null/undefined/NaN → missing). */
export function fromCells(dtype: Dtype, cells: ArrayLike<unknown>): Col {
  const n = cells.length;
  const values = allocValues(dtype, n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = cells[i];
    if (x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x))) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
      continue;
    }
    setCell(values, dtype, i, x);
  }
  return { dtype, values, valid };
}

function setCell(values: Values, dtype: Dtype, i: number, x: unknown): void {
  switch (dtype) {
    case 'int64':
      (values as BigInt64Array)[i] = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
      return;
    case 'datetime':
      (values as BigInt64Array)[i] = BigInt(x instanceof Date ? x.getTime() : Math.trunc(Number(x)));
      return;
    case 'date':
      (values as Int32Array)[i] = x instanceof Date ? Math.floor(x.getTime() / 86_400_000) : Number(x);
      return;
    case 'bool':
      (values as Uint8Array)[i] = x ? 1 : 0;
      return;
    case 'string':
      (values as string[])[i] = String(x);
      return;
    default:
      (values as Float64Array)[i] = Number(x);
  }
}

/** Every value missing. */
export function nullCol(dtype: Dtype, n: number): Col {
  return { dtype, values: allocValues(dtype, n), valid: new Uint8Array(n) };
}

/** Rows `idx` of `c`; an index of -1 gives a missing value (left joins). */
export function take(c: Col, idx: ArrayLike<number>): Col {
  const n = idx.length;
  const values = allocValues(c.dtype, n);
  let valid: Uint8Array | null = null;
  const src = c.values as Float64Array;
  const dst = values as Float64Array;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    if (i < 0 || (c.valid !== null && c.valid[i] === 0)) {
      valid ??= new Uint8Array(n).fill(1);
      valid[k] = 0;
    } else dst[k] = src[i]!;
  }
  return { dtype: c.dtype, values, valid };
}

export function sliceCol(c: Col, start: number, end: number): Col {
  return { dtype: c.dtype, values: c.values.slice(start, end) as Values, valid: c.valid === null ? null : c.valid.slice(start, end) };
}

export function concatCols(dtype: Dtype, cols: readonly Col[]): Col {
  const n = cols.reduce((s, c) => s + c.values.length, 0);
  const values = allocValues(dtype, n);
  const anyNull = cols.some((c) => c.valid !== null);
  const valid = anyNull ? new Uint8Array(n).fill(1) : null;
  let at = 0;
  for (const c of cols) {
    const src = c.dtype === dtype ? c : castCol(c, dtype);
    if (dtype === 'string') for (let i = 0; i < src.values.length; i++) (values as string[])[at + i] = (src.values as string[])[i]!;
    else (values as Float64Array).set(src.values as Float64Array, at);
    if (valid !== null && src.valid !== null) valid.set(src.valid, at);
    at += c.values.length;
  }
  return { dtype, values, valid };
}

/** Converts values to `dtype` (numbers ⇄ numbers, anything → string, strings → numbers by parsing). */
export function castCol(c: Col, dtype: Dtype): Col {
  if (c.dtype === dtype) return c;
  const n = c.values.length;
  const cells = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const x = getCell(c, i);
    if (x === null) cells[i] = null;
    else if (dtype === 'string') cells[i] = typeof x === 'number' && c.dtype !== 'int64' && c.dtype !== 'int32' && c.dtype !== 'uint8' ? formatFloatLikePython(x) : x instanceof Date ? x.toISOString() : String(x);
    else if (typeof x === 'string') {
      const v = dtype === 'bool' ? x === 'True' || x === 'true' : Number(x);
      cells[i] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    } else if (typeof x === 'boolean') cells[i] = x ? 1 : 0;
    else if (x instanceof Date) cells[i] = dtype === 'date' || dtype === 'datetime' ? x : x.getTime();
    else cells[i] = dtype === 'bool' ? x !== 0 && x !== 0n : x;
  }
  return fromCells(dtype, cells);
}

/** Python's `repr(float)`: shortest round-trip digits; `1.0`, `0.1`, `1e-05`, `1e+16`. */
export function formatFloatLikePython(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${neg ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  let body: string;
  if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  else body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return (neg ? '-' : '') + body;
}

/** Numbers of a numeric column as float64 (ints and bools converted); missing → NaN. */
export function asFloat(c: Col): Float64Array {
  const n = c.values.length;
  const out = new Float64Array(n);
  const v = c.values;
  if (c.dtype === 'int64' || c.dtype === 'datetime') for (let i = 0; i < n; i++) out[i] = Number((v as BigInt64Array)[i]!);
  else for (let i = 0; i < n; i++) out[i] = (v as Float64Array)[i]!;
  if (c.valid !== null) for (let i = 0; i < n; i++) if (c.valid[i] === 0) out[i] = NaN;
  return out;
}

/** A hashable key for cell i ("" prefix-free per type; missing values get their own key). */
export function cellKey(c: Col, i: number): string {
  if (!isValid(c, i)) return '\u0000null';
  const v = c.values[i]!;
  return typeof v === 'string' ? `s${v}` : `n${String(v)}`;
}
