/**
 * Column builders: tokenized fields in, Arrow `Data` out, one builder per output column
 * (`numeric-columns.ts`, `string-column.ts`). Buffers grow by doubling; nulls get a bitmap only
 * once one shows up.
 */
import { isUtf8 } from 'node:buffer';
import type { ColumnBuilder, RejectReason } from './column-base.js';
import type { NaMatcher } from './na.js';
import { parseBool, parseDate, parseDatetime, parseFloat64, parseInt64, parsed } from './numbers.js';
import { boolBuilder, floatBuilder, int32Builder, int64Builder } from './numeric-columns.js';
import type { CsvColumn } from './schema.js';
import { stringBuilder } from './string-column.js';

export type { ColumnBuilder, FieldBatch, RejectReason } from './column-base.js';

/**
 * Whether one value fits its column, checked the way the builders check it: for finding the first
 * bad value in record order once a builder (which goes column by column) has found some bad value.
 */
export function misfit(col: CsvColumn, bytes: Uint8Array, na: NaMatcher): RejectReason | null {
  const n = bytes.length;
  if (col.dtype === 'string') return isUtf8(bytes) ? null : 'utf8';
  if (n === 0 ? na.empty : na.matches(bytes, 0, n)) return null;
  let v = 0;
  switch (col.dtype) {
    case 'bool':
      return parseBool(bytes, 0, n) < 0 ? 'type' : null;
    case 'float64':
    case 'float32':
      parseFloat64(bytes, 0, n);
      break;
    case 'int64':
      parseInt64(bytes, 0, n);
      break;
    case 'datetime':
      parseDatetime(bytes, 0, n);
      break;
    case 'int32':
    case 'date':
      v = col.dtype === 'date' ? parseDate(bytes, 0, n) : parseInt64(bytes, 0, n);
      if (v > 2147483647 || v < -2147483648) return 'type';
      break;
  }
  return parsed.ok ? null : 'type';
}

/** `capacity` rows and `bytesHint` string bytes are first guesses; builders grow past them. */
export function makeColumnBuilder(col: CsvColumn, capacity: number, bytesHint: number): ColumnBuilder {
  const cap = Math.max(16, capacity);
  switch (col.dtype) {
    case 'float64':
    case 'float32':
      return floatBuilder(col, cap);
    case 'int64':
    case 'datetime':
      return int64Builder(col, cap);
    case 'int32':
    case 'date':
      return int32Builder(col, cap);
    case 'bool':
      return boolBuilder(col, cap);
    case 'string':
      return stringBuilder(col, cap, bytesHint);
  }
}
