/**
 * The schema every partition of a read has: plain data (it travels to workers with each task),
 * fixed on the main thread from the first file's footer, and the Arrow schema built from it.
 */
import { Field, Schema } from 'apache-arrow';
import { INDEX_METADATA_KEY } from '../csv/schema.js';
import { arrowType, type ParquetColumn } from './dtypes.js';

export interface ParquetSchema {
  /** Output columns in output order: the index column (if any) first, then the ones asked for. */
  columns: ParquetColumn[];
  indexCol: string | null;
  /** The file's key/value metadata, less Arrow's and pandas' own (and `tusk.index`, see indexCol). */
  metadata: Record<string, string>;
}

/** Key/value entries that describe a file's encoding rather than its data: not carried over. */
export const ENCODING_METADATA_KEYS: readonly string[] = ['ARROW:schema', 'pandas', INDEX_METADATA_KEY];

export function parquetArrowSchema(schema: ParquetSchema): Schema {
  const fields = schema.columns.map((c) => new Field(c.name, arrowType(c), true));
  const metadata = new Map(Object.entries(schema.metadata));
  if (schema.indexCol !== null) metadata.set(INDEX_METADATA_KEY, schema.indexCol);
  return new Schema(fields, metadata);
}

/**
 * The index column a file names: ours (`tusk.index`), or pandas' when its index is one stored
 * column (`df.to_parquet()` of a frame with a named index). A RangeIndex is not stored; none.
 */
export function indexFromMetadata(kv: ReadonlyMap<string, string>, columnNames: readonly string[]): string | null {
  const ours = kv.get(INDEX_METADATA_KEY);
  if (ours !== undefined && columnNames.includes(ours)) return ours;
  const pandas = kv.get('pandas');
  if (pandas === undefined) return null;
  try {
    const meta = JSON.parse(pandas) as { index_columns?: unknown };
    const idx = meta.index_columns;
    if (Array.isArray(idx) && idx.length === 1 && typeof idx[0] === 'string' && columnNames.includes(idx[0])) return idx[0];
  } catch {
    // Unreadable pandas metadata only loses the index: the data is still right.
  }
  return null;
}
