/**
 * Column types a CSV column can be read as, and the Arrow type each becomes.
 *
 * pandas names are accepted so a pandas user's `dtype={'Age': 'float64'}` works unchanged:
 * `object`/`str` are `string`; `Int64`/`Float64`/`boolean` (pandas' nullable spellings) are ours
 * anyway, since every Arrow column is nullable.
 */
import type { DataType } from 'apache-arrow';
import { arrowTypeOf } from '../core/dtypes.js';
import { TuskError } from '../../errors.js';

export type CsvDtype = 'int64' | 'int32' | 'float64' | 'float32' | 'bool' | 'string' | 'date' | 'datetime';

export const CSV_DTYPES: readonly CsvDtype[] = ['int64', 'int32', 'float64', 'float32', 'bool', 'string', 'date', 'datetime'];

const ALIASES: Record<string, CsvDtype> = {
  int64: 'int64',
  Int64: 'int64',
  int: 'int64',
  int32: 'int32',
  Int32: 'int32',
  float64: 'float64',
  Float64: 'float64',
  float: 'float64',
  double: 'float64',
  float32: 'float32',
  Float32: 'float32',
  bool: 'bool',
  boolean: 'bool',
  string: 'string',
  str: 'string',
  object: 'string',
  utf8: 'string',
  date: 'date',
  datetime: 'datetime',
  'datetime64[ms]': 'datetime',
  'datetime64[ns]': 'datetime',
  timestamp: 'datetime',
};

export function normalizeDtype(name: unknown, column: string): CsvDtype {
  const d = typeof name === 'string' ? ALIASES[name] : undefined;
  if (d === undefined) {
    throw new TuskError('InvalidArgument', `dtype ${JSON.stringify(name)} for column "${column}" is not a CSV dtype`, {
      context: { column, dtype: name },
      hint: `use one of ${CSV_DTYPES.join(', ')} (pandas names such as object, Int64, datetime64[ns] work too)`,
    });
  }
  return d;
}

/**
 * int64 → Int64 as pandas reads it (not Int32: Titanic's PassengerId reads int64 in pandas and
 * code ported from it should see the same type); float64 → Float64; string → plain Utf8 (not a
 * dictionary: each partition would carry its own dictionary, which every later concat, compare
 * and IPC hop would have to reconcile); date → days (Date32); datetime → UTC milliseconds.
 */
export function arrowType(dtype: CsvDtype): DataType {
  return arrowTypeOf(dtype); // every CSV dtype is a frame dtype
}

/** The pandas dtype name a column reads as, for messages and for comparing with pandas. */
export function pandasDtypeName(dtype: CsvDtype): string {
  switch (dtype) {
    case 'string':
      return 'object';
    case 'date':
    case 'datetime':
      return 'datetime64[ns]';
    default:
      return dtype;
  }
}
