/**
 * The feature matrix as estimators see it: one Float64Array per column, plus column names for
 * error messages. Every public entry point normalizes its `X` here once, so the fitting code
 * can trust its input (finite numbers, equal lengths) and never re-check.
 *
 * Accepted shapes:
 * - `Float64Array[]` (any typed arrays): columns, the fast path — no copy for Float64Array;
 * - `number[][]`: rows, as in scikit-learn's `X[i][j]`;
 * - `{ Age: [...], Fare: [...] }`: named columns (a data frame's `toColumns()`), whose names
 *   show up in errors;
 * - an already normalized `Features`.
 */
import { Table } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { asArrow, tableColumns, type ArrowLike } from './arrow.js';

export interface Features {
  readonly kind: 'features';
  readonly columns: readonly Float64Array[];
  readonly names: readonly string[];
  readonly nRows: number;
}

export type FeaturesInput =
  | Features
  | Table
  | ArrowLike
  | readonly ArrayLike<number>[]
  | readonly (readonly unknown[])[]
  | Readonly<Record<string, ArrayLike<unknown>>>;

export function isFeatures(x: unknown): x is Features {
  return typeof x === 'object' && x !== null && (x as Features).kind === 'features';
}

/** Normalize and validate `X`. `what` names the argument in errors. */
export function toFeatures(X: FeaturesInput, what = 'X'): Features {
  if (isFeatures(X)) return X;
  const arrow = asArrow(X);
  if (arrow instanceof Table) return toFeatures(tableColumns(arrow), what);
  if (arrow) throw new TuskError('InvalidArgument', `${what} is a single column; pass a table of feature columns`);
  if (Array.isArray(X)) {
    if (X.length === 0) throw new TuskError('InvalidArgument', `${what} is empty: need at least one row and one column`);
    if (X.every((c) => ArrayBuffer.isView(c))) {
      const cols = X as unknown as readonly ArrayLike<number>[];
      return fromColumns(cols.map((c, j) => numericColumn(c, `x${j}`, what)), cols.map((_, j) => `x${j}`), what);
    }
    if (X.every((r) => Array.isArray(r))) return fromRows(X as readonly (readonly unknown[])[], what);
    throw new TuskError('InvalidArgument', `${what} must be a list of typed-array columns or a list of row arrays, not a mix`, {
      hint: 'pass columns as Float64Array[] (fast) or rows as number[][]',
    });
  }
  if (typeof X === 'object' && X !== null) {
    const names = Object.keys(X);
    if (names.length === 0) throw new TuskError('InvalidArgument', `${what} has no columns`);
    const rec = X as Readonly<Record<string, ArrayLike<unknown>>>;
    return fromColumns(names.map((n) => numericColumn(rec[n]!, n, what)), names, what);
  }
  throw new TuskError('InvalidArgument', `${what} must be columns (Float64Array[]), rows (number[][]) or named columns, got ${typeof X}`);
}

function fromColumns(columns: Float64Array[], names: string[], what: string): Features {
  const nRows = columns[0]!.length;
  columns.forEach((c, j) => {
    if (c.length !== nRows) {
      throw new TuskError('ShapeMismatch', `${what}: column "${names[j]}" has ${c.length} rows but column "${names[0]}" has ${nRows}`);
    }
  });
  if (nRows === 0) throw new TuskError('InvalidArgument', `${what} has 0 rows`);
  return { kind: 'features', columns, names, nRows };
}

function fromRows(rows: readonly (readonly unknown[])[], what: string): Features {
  const nCols = rows[0]!.length;
  if (nCols === 0) throw new TuskError('InvalidArgument', `${what} has rows with no columns`);
  const columns = Array.from({ length: nCols }, () => new Float64Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== nCols) {
      throw new TuskError('ShapeMismatch', `${what}: row ${i} has ${row.length} values but row 0 has ${nCols}`);
    }
    for (let j = 0; j < nCols; j++) columns[j]![i] = cell(row[j], `x${j}`, i, what);
  }
  return fromColumns(columns, columns.map((_, j) => `x${j}`), what);
}

function numericColumn(col: ArrayLike<unknown>, name: string, what: string): Float64Array {
  if (col instanceof Float64Array) {
    for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i]!)) cell(col[i], name, i, what);
    return col;
  }
  if (col == null || typeof col.length !== 'number') {
    throw new TuskError('InvalidArgument', `${what}: column "${name}" is not an array`);
  }
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) out[i] = cell(col[i], name, i, what);
  return out;
}

/** One value of the matrix, or a clear error naming where it is and what to do about it. */
function cell(v: unknown, column: string, row: number, what: string): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    if (Number.isNaN(v)) throw missing(column, row, what);
    throw new TuskError('InvalidArgument', `${what}: column "${column}" has an infinite value at row ${row}`, {
      context: { column, row },
      hint: 'replace or clip infinite values before fitting',
    });
  }
  if (typeof v === 'boolean') return v ? 1 : 0; // one-hot columns from newer pandas are bool
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) throw missing(column, row, what);
  throw new TuskError('TypeMismatch', `${what}: column "${column}" is not numeric (row ${row} holds ${JSON.stringify(v)})`, {
    context: { column, row },
    hint: `encode categorical columns as numbers first, e.g. getDummies(df, { columns: ['${column}'] })`,
  });
}

function missing(column: string, row: number, what: string): TuskError {
  return new TuskError('InvalidArgument', `${what}: column "${column}" has a missing value at row ${row}`, {
    context: { column, row },
    hint: `fill missing values first, e.g. df.fillna({ ${JSON.stringify(column)}: value }) or impute from a group mean`,
  });
}

/** The rows `idx` of `X`, in that order (a fold's training or test set). */
export function takeRows(X: Features, idx: ArrayLike<number>): Features {
  const n = idx.length;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    if (!(i >= 0 && i < X.nRows && Number.isInteger(i))) {
      throw new TuskError('IndexOutOfRange', `row index ${i} (position ${k}) is out of range for ${X.nRows} rows`);
    }
  }
  const columns = X.columns.map((c) => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = c[idx[k]!]!;
    return out;
  });
  return { kind: 'features', columns, names: X.names, nRows: n };
}
