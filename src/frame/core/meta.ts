/**
 * What a lazy frame knows without running anything: its index and data columns with dtypes.
 * Verbs check their arguments against it at the edge, so a typo fails when the expression is
 * built, naming the columns there are and the closest one.
 */
import { Schema } from 'apache-arrow';
import { TuskError, closest } from '../../errors.js';
import { type Dtype, dtypeOfArrow, pandasName } from './dtypes.js';
import { indexNamesOf, schemaOf } from './part.js';

export interface ColumnMeta {
  readonly name: string;
  readonly dtype: Dtype;
}

export interface FrameMeta {
  readonly index: readonly ColumnMeta[];
  readonly columns: readonly ColumnMeta[];
}

export function metaOfSchema(schema: Schema): FrameMeta {
  const names = new Set(indexNamesOf(schema));
  const index: ColumnMeta[] = [];
  const columns: ColumnMeta[] = [];
  for (const f of schema.fields) (names.has(f.name) && index.length < names.size ? index : columns).push({ name: f.name, dtype: dtypeOfArrow(f.type, f.name) });
  return { index, columns };
}

export const schemaOfMeta = (m: FrameMeta): Schema => schemaOf(m.index, m.columns);

export function columnNotFound(name: string, available: readonly string[], where: string): TuskError {
  const guess = closest(name, available);
  return new TuskError('ColumnNotFound', `${where}: unable to find column ${JSON.stringify(name)}; columns are ${available.map((c) => JSON.stringify(c)).join(', ') || '(none)'}`, {
    context: { column: name, columns: [...available], where },
    hint: guess !== undefined ? `did you mean ${JSON.stringify(guess)}?` : 'check the spelling, or look at df.columns',
  });
}

/** The column `name` (a data column, or an index column when `orIndex`). */
export function requireColumn(meta: FrameMeta, name: unknown, where: string, orIndex = false): ColumnMeta {
  if (typeof name !== 'string') {
    throw new TuskError('InvalidArgument', `${where}: a column name must be a string, got ${typeof name}`, { context: { column: name } });
  }
  const found = meta.columns.find((c) => c.name === name) ?? (orIndex ? meta.index.find((c) => c.name === name) : undefined);
  if (found) return found;
  throw columnNotFound(name, [...meta.columns.map((c) => c.name), ...(orIndex ? meta.index.map((c) => c.name) : [])], where);
}

export function requireColumns(meta: FrameMeta, names: unknown, where: string, orIndex = false): ColumnMeta[] {
  const list = typeof names === 'string' ? [names] : names;
  if (!Array.isArray(list)) {
    throw new TuskError('InvalidArgument', `${where}: expected a column name or a list of them, got ${typeof names}`, { context: { columns: names } });
  }
  return list.map((n) => requireColumn(meta, n, where, orIndex));
}

export function describeDtypes(meta: FrameMeta): Record<string, string> {
  return Object.fromEntries(meta.columns.map((c) => [c.name, pandasName(c.dtype)]));
}

export function typeMismatch(where: string, message: string, context: Record<string, unknown>, hint?: string): TuskError {
  return new TuskError('TypeMismatch', `${where}: ${message}`, { context, hint });
}
