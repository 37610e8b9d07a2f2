/**
 * Row-group skipping: `filters` in Dask's and pyarrow's form — `[col, op, value]` triples ANDed
 * in a list, or a list of such lists ORed (disjunctive normal form) — checked against each row
 * group's min/max/null-count statistics. A row group is skipped only when its statistics prove no
 * row can match; rows of the row groups kept are NOT filtered here (that is the frame's job, as
 * with Dask's `filters`, which prune row groups).
 *
 * Comparisons follow SQL/pyarrow: a null matches no predicate, `!=` included. Bounds are compared
 * as the file orders them: integers exactly (bigint), floats as numbers, strings by UTF-8 bytes.
 * A row group whose statistics are missing, NaN or untrustworthy is kept.
 */
import { closest, TuskError } from '../../errors.js';
import type { ColumnStats } from './footer.js';
import type { ParquetColumn, StatsCodec } from './dtypes.js';

export type FilterOp = '==' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
export type FilterValue = number | bigint | string | boolean | Date;
export type ParquetFilter = readonly [column: string, op: FilterOp, value: FilterValue | readonly FilterValue[]];
/** One AND-list, or an OR of AND-lists. */
export type ParquetFilters = readonly ParquetFilter[] | readonly (readonly ParquetFilter[])[];

const OPS: readonly string[] = ['==', '=', '!=', '<', '<=', '>', '>=', 'in', 'not in'];

/** A filter checked and with its literal(s) converted to the column's comparable form. */
export interface Predicate {
  column: string;
  op: Exclude<FilterOp, '='>;
  values: Comparable[];
  codec: StatsCodec;
  dtype: ParquetColumn['dtype'];
}

type Comparable = number | bigint | boolean | Uint8Array;

const utf8 = new TextEncoder();

/** Checks `filters` against the columns (all of the file's readable columns) and normalizes them. */
export function compileFilters(filters: ParquetFilters | undefined, columns: readonly ParquetColumn[], unreadable: ReadonlyMap<string, string>, file: string): Predicate[][] {
  if (filters === undefined) return [];
  if (!Array.isArray(filters)) throw badFilters(filters, 'filters must be a list of [column, op, value] triples, or a list of such lists');
  if (filters.length === 0) return [];
  const dnf = (Array.isArray(filters[0]) && Array.isArray((filters[0] as unknown[])[0]) ? filters : [filters]) as readonly (readonly ParquetFilter[])[];
  const byName = new Map(columns.map((c) => [c.name, c]));
  const names = [...byName.keys(), ...unreadable.keys()];
  return dnf.map((conj) => {
    if (!Array.isArray(conj)) throw badFilters(conj, 'each OR-branch of filters must be a list of [column, op, value] triples');
    return conj.map((f) => compileOne(f, byName, unreadable, names, file));
  });
}

function compileOne(f: unknown, byName: ReadonlyMap<string, ParquetColumn>, unreadable: ReadonlyMap<string, string>, names: string[], file: string): Predicate {
  if (!Array.isArray(f) || f.length !== 3 || typeof f[0] !== 'string' || typeof f[1] !== 'string') {
    throw badFilters(f, 'a filter is a triple [column, op, value], e.g. ["year", ">=", 2020]');
  }
  const [name, rawOp, value] = f as [string, string, unknown];
  if (!OPS.includes(rawOp)) throw badFilters(f, `unknown operator ${JSON.stringify(rawOp)}: use one of ${OPS.join(', ')}`);
  const col = byName.get(name);
  if (col === undefined) {
    const why = unreadable.get(name);
    if (why !== undefined) throw new TuskError('InvalidArgument', `filters compare column "${name}", which cannot be read: ${why}`, { context: { column: name } });
    const guess = closest(name, names);
    throw new TuskError('ColumnNotFound', `filters name column "${name}", which ${file} does not have; columns are ${names.join(', ')}`, {
      context: { column: name, columns: names, file },
      hint: guess !== undefined ? `did you mean "${guess}"?` : undefined,
    });
  }
  const op = (rawOp === '=' ? '==' : rawOp) as Predicate['op'];
  const isSet = op === 'in' || op === 'not in';
  if (isSet !== Array.isArray(value)) {
    throw badFilters(f, isSet ? `"${op}" needs a list of values` : `"${op}" compares with one value, not a list (use "in")`);
  }
  const literals = isSet ? (value as unknown[]) : [value];
  return { column: name, op, values: literals.map((v) => toComparable(v, col)), codec: col.stats, dtype: col.dtype };
}

function badFilters(f: unknown, what: string): TuskError {
  return new TuskError('InvalidArgument', `invalid filters ${show(f)}: ${what}`, { context: { filters: f } });
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A literal in the form the column's bounds decode to; a literal of the wrong kind is an error. */
function toComparable(v: unknown, col: ParquetColumn): Comparable {
  const mismatch = (): TuskError =>
    new TuskError('InvalidArgument', `filters compare column "${col.name}" (${col.dtype}) with ${show(v)} (${v instanceof Date ? 'Date' : typeof v})`, {
      context: { column: col.name, dtype: col.dtype, value: v },
      hint: hintFor(col.dtype),
    });
  switch (col.dtype) {
    case 'int64':
    case 'int32':
    case 'float64':
    case 'float32':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && !Number.isNaN(v)) return v;
      throw mismatch();
    case 'bool':
      if (typeof v === 'boolean') return v;
      throw mismatch();
    case 'string':
      if (typeof v === 'string') return utf8.encode(v);
      throw mismatch();
    case 'binary':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return utf8.encode(v);
      throw mismatch();
    case 'date': {
      const ms = toEpochMs(v);
      if (ms === undefined) throw mismatch();
      return ms;
    }
    case 'timestamp[ms]':
    case 'timestamp[us]':
    case 'timestamp[ns]': {
      const ms = toEpochMs(v);
      if (ms === undefined) throw mismatch();
      const perMs = col.dtype === 'timestamp[ms]' ? 1n : col.dtype === 'timestamp[us]' ? 1000n : 1_000_000n;
      return BigInt(ms) * perMs; // exact, like the int64 bounds it meets
    }
  }
}

function hintFor(dtype: ParquetColumn['dtype']): string {
  if (dtype === 'date' || dtype.startsWith('timestamp')) return 'compare dates and timestamps with a Date or an ISO string such as "2024-01-31" (no zone means UTC)';
  if (dtype === 'string') return 'compare a string column with a string';
  if (dtype === 'bool') return 'compare a bool column with true or false';
  return 'compare a numeric column with a number or a bigint';
}

/** Milliseconds since the epoch of a Date or ISO string (a string without a zone is UTC). */
export function toEpochMs(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v !== 'string') return undefined;
  const zoned = /T.*(Z|[+-]\d\d:?\d\d)$/i.test(v) || !/T/i.test(v) ? v : `${v}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether any row of a row group with these statistics may satisfy the filters. */
export function mayMatch(dnf: readonly (readonly Predicate[])[], statsOf: (column: string) => ColumnStats | undefined, numRows: number): boolean {
  if (dnf.length === 0) return true;
  return dnf.some((conj) => conj.every((p) => predicateMayMatch(p, statsOf(p.column), numRows)));
}

function predicateMayMatch(p: Predicate, stats: ColumnStats | undefined, numRows: number): boolean {
  if (stats === undefined) return true;
  if (stats.nullCount !== undefined && numRows > 0 && stats.nullCount >= BigInt(numRows)) return false; // all null: nothing compares true
  const bounds = decodeBounds(stats, p.codec, p.dtype);
  if (bounds === undefined) return true;
  const { min, max } = bounds;
  const eqAll = (v: Comparable): boolean => compare(min, v) === 0 && compare(max, v) === 0;
  const inRange = (v: Comparable): boolean => {
    const lo = compare(v, min);
    const hi = compare(v, max);
    return lo === undefined || hi === undefined || (lo >= 0 && hi <= 0);
  };
  const may = (c: number | undefined, ok: (c: number) => boolean): boolean => c === undefined || ok(c);
  const v = p.values[0]!;
  switch (p.op) {
    case '==':
      return inRange(v);
    case '!=':
      return !eqAll(v);
    case '<':
      return may(compare(min, v), (c) => c < 0);
    case '<=':
      return may(compare(min, v), (c) => c <= 0);
    case '>':
      return may(compare(max, v), (c) => c > 0);
    case '>=':
      return may(compare(max, v), (c) => c >= 0);
    case 'in':
      return p.values.some(inRange);
    case 'not in':
      return !p.values.some(eqAll);
  }
}

/** Compares two values of one column's kind; undefined when they cannot be ordered (NaN). */
function compare(a: Comparable, b: Comparable): number | undefined {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (typeof a === 'bigint' && typeof b === 'number') return negate(compareNumberBigint(b, a));
  if (typeof a === 'number' && typeof b === 'bigint') return compareNumberBigint(a, b);
  return undefined;
}

function negate(c: number | undefined): number | undefined {
  return c === undefined ? undefined : -c;
}

/** Exact: 2^53+1 as a bigint is greater than the number 2^53. */
function compareNumberBigint(x: number, b: bigint): number | undefined {
  if (Number.isNaN(x)) return undefined;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  const f = Math.floor(x);
  const fb = BigInt(f);
  if (fb < b) return -1;
  if (fb > b) return 1;
  return x === f ? 0 : 1;
}

/** Decoded min/max of a column chunk, or undefined when they cannot be trusted. */
function decodeBounds(stats: ColumnStats, codec: StatsCodec, dtype: ParquetColumn['dtype']): { min: Comparable; max: Comparable } | undefined {
  if (stats.min === undefined || stats.max === undefined) return undefined;
  // Old writers ordered strings and unsigned integers as signed bytes: keep only their signed-number bounds.
  if (stats.legacy && (codec.kind === 'bytes' || codec.kind === 'decimal' || (codec.kind === 'int32' && codec.unsigned))) return undefined;
  const min = decodeValue(stats.min, codec);
  const max = decodeValue(stats.max, codec);
  if (min === undefined || max === undefined) return undefined;
  if (dtype === 'date') return { min: (min as number) * 86_400_000, max: (max as number) * 86_400_000 };
  if (codec.kind === 'decimal') {
    // Decimal bounds became doubles: widen them by more than the rounding, so they stay bounds.
    const lo = min as number;
    const hi = max as number;
    return { min: lo - Math.abs(lo) * 1e-12 - Number.MIN_VALUE, max: hi + Math.abs(hi) * 1e-12 + Number.MIN_VALUE };
  }
  return { min, max };
}

function decodeValue(b: Uint8Array, codec: StatsCodec): Comparable | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (codec.kind) {
    case 'int32':
      if (b.length !== 4) return undefined;
      return codec.unsigned ? view.getUint32(0, true) : view.getInt32(0, true);
    case 'int64':
      return b.length === 8 ? view.getBigInt64(0, true) : undefined;
    case 'float32': {
      const v = b.length === 4 ? view.getFloat32(0, true) : NaN;
      return Number.isNaN(v) ? undefined : v;
    }
    case 'float64': {
      const v = b.length === 8 ? view.getFloat64(0, true) : NaN;
      return Number.isNaN(v) ? undefined : v;
    }
    case 'bool':
      return b.length === 1 ? b[0] !== 0 : undefined;
    case 'bytes':
      return b;
    case 'decimal': {
      let unscaled: bigint;
      if (codec.physical === 'int32') {
        if (b.length !== 4) return undefined;
        unscaled = BigInt(view.getInt32(0, true));
      } else if (codec.physical === 'int64') {
        if (b.length !== 8) return undefined;
        unscaled = view.getBigInt64(0, true);
      } else {
        if (b.length === 0) return undefined;
        unscaled = 0n;
        for (const byte of b) unscaled = (unscaled << 8n) | BigInt(byte); // big-endian two's complement
        if (b[0]! & 0x80) unscaled -= 1n << BigInt(8 * b.length);
      }
      return Number(unscaled) / 10 ** codec.scale;
    }
    case 'none':
      return undefined;
  }
}
