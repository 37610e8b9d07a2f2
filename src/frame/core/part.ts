/**
 * A partition as verbs see it: index columns and data columns, each decoded from Arrow only when
 * a verb reads it (`colOf`), and encoded back only when it changed (`toTable`).
 *
 * Arrow layout of a partition (and of a computed frame): index columns first, then data columns;
 * the schema metadata names the index (`tusk.index`, as the CSV reader writes it; several index
 * columns — a group-by result — are listed as JSON under `tusk.index.names`).
 */
import { Field, RecordBatch, Schema, Struct, Table, type Vector, makeData } from 'apache-arrow';
import { INDEX_METADATA_KEY } from '../csv/schema.js';
import { type Col, fromVector, take as takeCol, toData, sliceCol, concatCols } from './column.js';
import { type Dtype, arrowTypeOf, dtypeOfArrow } from './dtypes.js';

export const INDEX_NAMES_KEY = 'tusk.index.names';

/** The Arrow name of an unnamed index (pandas' own convention); printed without a name. */
export const UNNAMED_INDEX = '__index_level_0__';

export const isUnnamed = (name: string): boolean => name === UNNAMED_INDEX;

export interface Slot {
  readonly name: string;
  readonly dtype: Dtype;
  /** The Arrow column it came from, while unchanged. */
  readonly vector?: Vector;
  col?: Col;
}

export interface Part {
  readonly index: Slot[];
  readonly columns: Slot[];
  readonly length: number;
}

export function colOf(s: Slot): Col {
  s.col ??= fromVector(s.vector!, s.dtype);
  return s.col;
}

export const slot = (name: string, col: Col): Slot => ({ name, dtype: col.dtype, col });

export function indexNamesOf(schema: Schema): string[] {
  const multi = schema.metadata.get(INDEX_NAMES_KEY);
  if (multi !== undefined) return JSON.parse(multi) as string[];
  const one = schema.metadata.get(INDEX_METADATA_KEY);
  return one === undefined ? [] : [one];
}

export function fromTable(table: Table): Part {
  const indexNames = new Set(indexNamesOf(table.schema));
  const index: Slot[] = [];
  const columns: Slot[] = [];
  table.schema.fields.forEach((f, i) => {
    const s: Slot = { name: f.name, dtype: dtypeOfArrow(f.type, f.name), vector: table.getChildAt(i)! };
    (indexNames.has(f.name) && index.length < indexNames.size ? index : columns).push(s);
  });
  return { index, columns, length: table.numRows };
}

export function indexMetadata(index: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  if (index.length === 1) m.set(INDEX_METADATA_KEY, index[0]!);
  else if (index.length > 1) m.set(INDEX_NAMES_KEY, JSON.stringify(index));
  return m;
}

export function schemaOf(index: readonly { name: string; dtype: Dtype }[], columns: readonly { name: string; dtype: Dtype }[]): Schema {
  const fields = [...index, ...columns].map((c) => new Field(c.name, arrowTypeOf(c.dtype), true));
  return new Schema(fields, indexMetadata(index.map((c) => c.name)));
}

export function toTable(p: Part): Table {
  const slots = [...p.index, ...p.columns];
  const schema = schemaOf(p.index, p.columns);
  const children = slots.map((s) => {
    if (s.col === undefined && s.vector !== undefined && s.vector.data.length === 1) return s.vector.data[0]!;
    return toData(colOf(s));
  });
  const data = makeData({ type: new Struct(schema.fields), length: p.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

export function emptyPart(index: readonly { name: string; dtype: Dtype }[], columns: readonly { name: string; dtype: Dtype }[]): Part {
  const mk = (c: { name: string; dtype: Dtype }): Slot => slot(c.name, concatCols(c.dtype, []));
  return { index: index.map(mk), columns: columns.map(mk), length: 0 };
}

/** Rows `idx` (in that order) of every column. */
export function takeRows(p: Part, idx: ArrayLike<number>): Part {
  const t = (s: Slot): Slot => slot(s.name, takeCol(colOf(s), idx));
  return { index: p.index.map(t), columns: p.columns.map(t), length: idx.length };
}

export function sliceRows(p: Part, start: number, end: number): Part {
  const s0 = Math.max(0, Math.min(start, p.length));
  const e0 = Math.max(s0, Math.min(end, p.length));
  if (s0 === 0 && e0 === p.length) return p;
  const t = (s: Slot): Slot => slot(s.name, sliceCol(colOf(s), s0, e0));
  return { index: p.index.map(t), columns: p.columns.map(t), length: e0 - s0 };
}

/** Rows where `mask` is 1. */
export function filterRows(p: Part, mask: Uint8Array): Part {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (mask[i] === 1) idx.push(i);
  return idx.length === p.length ? p : takeRows(p, idx);
}

/** Parts with the same columns, one after another. */
export function concatParts(parts: readonly Part[]): Part {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const cat = (pick: (p: Part) => Slot[]) =>
    pick(first).map((s, k) => slot(s.name, concatCols(s.dtype, parts.map((p) => colOf(pick(p)[k]!)))));
  return { index: cat((p) => p.index), columns: cat((p) => p.columns), length: parts.reduce((n, p) => n + p.length, 0) };
}

export function concatTables(tables: readonly Table[]): Part {
  return concatParts(tables.map(fromTable));
}

export function findColumn(p: Part, name: string): Slot | undefined {
  return p.columns.find((s) => s.name === name) ?? p.index.find((s) => s.name === name);
}
