/**
 * The schema a partition is parsed against: plain data (it travels to worker threads with each
 * task), fixed once on the main thread so every partition produces the same Arrow types.
 */
import { Field, Schema } from 'apache-arrow';
import { arrowType, type CsvDtype } from './dtypes.js';

export interface CsvColumn {
  name: string;
  dtype: CsvDtype;
  /** Field position within a record. */
  position: number;
  /** Whether the dtype was asked for (`dtype:`) or inferred from a sample: messages differ. */
  origin: 'explicit' | 'inferred';
}

export interface CsvSchema {
  /** Output columns in output order: the index column (if any) first, then file order. */
  columns: CsvColumn[];
  /** Every column of the file in file order: records must have exactly this many fields. */
  fileColumns: string[];
  indexCol: string | null;
  /** Where inferred types came from, for messages: "the first 1048576 bytes of data/train.csv". */
  inferredFrom: string;
}

/** Schema metadata key naming the index column (pandas keeps the index apart; Arrow has none). */
export const INDEX_METADATA_KEY = 'tusk.index';

export function arrowSchema(schema: CsvSchema): Schema {
  const fields = schema.columns.map((c) => new Field(c.name, arrowType(c.dtype), true));
  const metadata = new Map<string, string>();
  if (schema.indexCol !== null) metadata.set(INDEX_METADATA_KEY, schema.indexCol);
  return new Schema(fields, metadata);
}
