/**
 * Arrow inputs for `X` and `y`: an Arrow `Table` (or anything with `toArrow()`, such as a
 * computed data frame or series) gives named numeric columns; the index column recorded in
 * the schema metadata (`tusk.index`, like pandas' index) is not a feature.
 */
import { Table, Vector } from 'apache-arrow';

const INDEX_KEY = 'tusk.index';

export interface ArrowLike {
  toArrow(): Table | Vector;
}

export function isArrowLike(x: unknown): x is ArrowLike {
  return typeof x === 'object' && x !== null && typeof (x as { toArrow?: unknown }).toArrow === 'function';
}

/** A Table, Vector or `toArrow()`-able value as a Table or Vector (or undefined for anything else). */
export function asArrow(x: unknown): Table | Vector | undefined {
  if (x instanceof Table || x instanceof Vector) return x;
  if (isArrowLike(x)) {
    const a = x.toArrow();
    if (a instanceof Table || a instanceof Vector) return a;
  }
  return undefined;
}

/** The non-index columns of a table, by name, as arrays of JS values (nulls kept for the checks). */
export function tableColumns(table: Table): Record<string, ArrayLike<unknown>> {
  const index = table.schema.metadata.get(INDEX_KEY);
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const field of table.schema.fields) {
    if (field.name === index) continue;
    out[field.name] = columnValues(table.getChild(field.name)!);
  }
  return out;
}

/** A vector's values: typed arrays when there are no nulls, else a list with nulls. */
export function columnValues(v: Vector): ArrayLike<unknown> {
  if (v.nullCount === 0) {
    const arr = v.toArray() as ArrayLike<unknown>;
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) return Float64Array.from(arr, Number);
    if (ArrayBuffer.isView(arr)) return arr;
  }
  const out: unknown[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v.get(i);
  return out;
}

/** `y` from a one-column table (index aside) or a vector. */
export function targetValues(a: Table | Vector, what: string): ArrayLike<unknown> {
  if (a instanceof Vector) return columnValues(a);
  const cols = tableColumns(a);
  const names = Object.keys(cols);
  if (names.length !== 1) {
    throw new Error(`${what} must have one column (besides the index), got ${names.length}: ${names.join(', ')}`);
  }
  return cols[names[0]!]!;
}
