/**
 * Row-level `filters` of a Parquet read (worker side), as pandas and Dask apply them with pyarrow:
 * after row groups are skipped from their statistics, the rows of the row groups read are tested
 * too, so the frame holds exactly the rows that match.
 *
 * Filters are `[column, op, value]` triples, ANDed in a list, the lists ORed. A null (or NaN)
 * matches no predicate, `!=` and `not in` included (SQL's and pyarrow's rule). Values are already
 * checked against the column types when the read is planned (`parquet/filters.ts`); here they
 * travel as plain JSON-safe data (`encodeFilterValue`).
 */
import { TuskError } from '../../errors.js';
import { colOf, findColumn, type Part } from '../core/part.js';
import { type FilterOp, type FilterValue, type ParquetFilter, type ParquetFilters, toEpochMs } from '../parquet/filters.js';

/** A filter value as plain data: numbers, strings and booleans as they are; bigints and Dates tagged. */
export type PlainValue = number | string | boolean | { big: string } | { ms: number };
export interface RowPredicate {
  column: string;
  op: Exclude<FilterOp, '='>;
  values: PlainValue[];
}
export type RowFilters = RowPredicate[][];

export function encodeFilterValue(v: FilterValue): PlainValue {
  if (typeof v === 'bigint') return { big: v.toString() };
  if (v instanceof Date) return { ms: v.getTime() };
  return v;
}

/** `filters` (one AND-list or an OR of them) in disjunctive normal form, as plain data. */
export function normalizeFilters(filters: ParquetFilters | undefined): RowFilters {
  if (filters === undefined || filters.length === 0) return [];
  const nested = Array.isArray(filters[0]) && Array.isArray((filters[0] as unknown[])[0]);
  const dnf = (nested ? filters : [filters]) as readonly (readonly ParquetFilter[])[];
  return dnf.map((conj) =>
    conj.map(([column, op, value]) => ({
      column,
      op: op === '=' ? '==' : op,
      values: (op === 'in' || op === 'not in' ? (value as readonly FilterValue[]) : [value as FilterValue]).map(encodeFilterValue),
    })),
  );
}

/** The columns the filters read. */
export function filterColumns(filters: RowFilters): string[] {
  return [...new Set(filters.flatMap((conj) => conj.map((p) => p.column)))];
}

/** 1 for every row that passes (any AND-list all true). */
export function rowMask(p: Part, filters: RowFilters): Uint8Array {
  const out = new Uint8Array(p.length);
  for (const conj of filters) {
    const m = new Uint8Array(p.length).fill(1);
    for (const pred of conj) applyPredicate(p, pred, m);
    for (let i = 0; i < p.length; i++) out[i]! |= m[i]!;
  }
  return out;
}

type Num = number | bigint;

function applyPredicate(p: Part, pred: RowPredicate, m: Uint8Array): void {
  const s = findColumn(p, pred.column);
  if (s === undefined) throw new TuskError('ColumnNotFound', `filters name column "${pred.column}", which the partition does not have`, { context: { column: pred.column } });
  const c = colOf(s);
  const n = p.length;
  // Values and the literal in one comparable form per dtype.
  let get: (i: number) => Num | string;
  let lit: (v: PlainValue) => Num | string;
  switch (c.dtype) {
    case 'int64': {
      const v = c.values as BigInt64Array;
      get = (i) => v[i]!;
      lit = (x) => (typeof x === 'object' && 'big' in x ? BigInt(x.big) : typeof x === 'number' && Number.isInteger(x) ? BigInt(x) : Number(x as number));
      break;
    }
    case 'datetime': {
      const v = c.values as BigInt64Array;
      get = (i) => v[i]!;
      lit = (x) => BigInt(Math.floor(msOf(x)));
      break;
    }
    case 'date': {
      const v = c.values as Int32Array;
      get = (i) => v[i]!;
      lit = (x) => (typeof x === 'number' ? x : msOf(x) / 86_400_000);
      break;
    }
    case 'bool': {
      const v = c.values as Uint8Array;
      get = (i) => v[i]!;
      lit = (x) => (x === true ? 1 : x === false ? 0 : Number(x));
      break;
    }
    case 'string': {
      const v = c.values as string[];
      get = (i) => v[i]!;
      lit = (x) => String(x);
      break;
    }
    default: {
      const v = c.values as Float64Array;
      get = (i) => v[i]!;
      lit = (x) => (typeof x === 'object' && 'big' in x ? Number(x.big) : Number(x));
    }
  }
  const values = pred.values.map(lit);
  const cmp = (a: Num | string, b: Num | string): number => (typeof a === 'bigint' && typeof b === 'number' ? Number(a) - b : a < b ? -1 : a > b ? 1 : 0);
  const test = testOf(pred.op, values, cmp);
  for (let i = 0; i < n; i++) {
    if (m[i] === 0) continue;
    if (c.valid !== null && c.valid[i] === 0) m[i] = 0;
    else if (!test(get(i))) m[i] = 0;
  }
}

function testOf(op: RowPredicate['op'], values: (Num | string)[], cmp: (a: Num | string, b: Num | string) => number): (x: Num | string) => boolean {
  const v = values[0]!;
  switch (op) {
    case '==': return (x) => cmp(x, v) === 0;
    case '!=': return (x) => cmp(x, v) !== 0;
    case '<': return (x) => cmp(x, v) < 0;
    case '<=': return (x) => cmp(x, v) <= 0;
    case '>': return (x) => cmp(x, v) > 0;
    case '>=': return (x) => cmp(x, v) >= 0;
    case 'in': return (x) => values.some((y) => cmp(x, y) === 0);
    case 'not in': return (x) => values.every((y) => cmp(x, y) !== 0);
  }
}

function msOf(x: PlainValue): number {
  if (typeof x === 'object' && 'ms' in x) return x.ms;
  if (typeof x === 'string') return toEpochMs(x) ?? NaN;
  if (typeof x === 'object' && 'big' in x) return Number(x.big);
  return Number(x);
}
