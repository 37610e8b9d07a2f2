/**
 * Column dtypes of a frame: the Arrow types a partition may hold, with pandas' names for them.
 *
 * Every Arrow column is nullable, so `int64` with a null is still `int64` (pandas would turn it
 * into float64; we keep the integers and print the null as NaN).
 */
import { Bool, DataType, DateDay, Float32, Float64, Int32, Int64, TimestampMillisecond, Type, Uint8, Utf8 } from 'apache-arrow';
import { TuskError } from '../../errors.js';

export type Dtype = 'int64' | 'int32' | 'uint8' | 'float64' | 'float32' | 'bool' | 'string' | 'date' | 'datetime';

export const DTYPES: readonly Dtype[] = ['int64', 'int32', 'uint8', 'float64', 'float32', 'bool', 'string', 'date', 'datetime'];

const ALIASES: Record<string, Dtype> = {
  int64: 'int64', Int64: 'int64', int: 'int64',
  int32: 'int32', Int32: 'int32',
  uint8: 'uint8', UInt8: 'uint8',
  float64: 'float64', Float64: 'float64', float: 'float64', double: 'float64',
  float32: 'float32', Float32: 'float32',
  bool: 'bool', boolean: 'bool',
  string: 'string', str: 'string', object: 'string', utf8: 'string',
  date: 'date',
  datetime: 'datetime', 'datetime64[ns]': 'datetime', 'datetime64[ms]': 'datetime', timestamp: 'datetime',
};

export function toDtype(name: unknown, what: string): Dtype {
  const d = typeof name === 'string' ? ALIASES[name] : undefined;
  if (d === undefined) {
    throw new TuskError('InvalidArgument', `${what}: ${JSON.stringify(name)} is not a dtype`, {
      context: { dtype: name },
      hint: `use one of ${DTYPES.join(', ')} (pandas names such as object, Int64, datetime64[ns] work too)`,
    });
  }
  return d;
}

export function arrowTypeOf(dtype: Dtype): DataType {
  switch (dtype) {
    case 'int64': return new Int64();
    case 'int32': return new Int32();
    case 'uint8': return new Uint8();
    case 'float64': return new Float64();
    case 'float32': return new Float32();
    case 'bool': return new Bool();
    case 'string': return new Utf8();
    case 'date': return new DateDay();
    case 'datetime': return new TimestampMillisecond();
  }
}

export function dtypeOfArrow(type: DataType, column: string): Dtype {
  switch (type.typeId) {
    case Type.Int: {
      const t = type as unknown as { bitWidth: number; isSigned: boolean };
      if (t.isSigned && t.bitWidth === 64) return 'int64';
      if (t.isSigned && t.bitWidth === 32) return 'int32';
      if (!t.isSigned && t.bitWidth === 8) return 'uint8';
      break;
    }
    case Type.Float: {
      const p = (type as unknown as { precision: number }).precision;
      if (p === 2) return 'float64';
      if (p === 1) return 'float32';
      break;
    }
    case Type.Bool: return 'bool';
    case Type.Utf8: return 'string';
    case Type.Date: if ((type as unknown as { unit: number }).unit === 0) return 'date'; break;
    case Type.Timestamp: if ((type as unknown as { unit: number }).unit === 1) return 'datetime'; break;
  }
  throw new TuskError('UnsupportedDtype', `column "${column}" has Arrow type ${String(type)}, which frames do not support`, {
    context: { column, type: String(type) },
    hint: `cast it to one of ${DTYPES.join(', ')} before building a DataFrame`,
  });
}

/** pandas' name for a dtype, as `info()` and `dtypes` print it. */
export function pandasName(dtype: Dtype): string {
  switch (dtype) {
    case 'string': return 'object';
    case 'date':
    case 'datetime': return 'datetime64[ns]';
    default: return dtype;
  }
}

/** Bytes per value as pandas counts them for `memory_usage(deep=False)` (object: one pointer). */
export function itemSize(dtype: Dtype): number {
  switch (dtype) {
    case 'uint8':
    case 'bool': return 1;
    case 'int32':
    case 'float32': return 4;
    default: return 8;
  }
}

export const isNumeric = (d: Dtype): boolean => d === 'int64' || d === 'int32' || d === 'uint8' || d === 'float64' || d === 'float32' || d === 'bool';
export const isInteger = (d: Dtype): boolean => d === 'int64' || d === 'int32' || d === 'uint8';
export const isFloat = (d: Dtype): boolean => d === 'float64' || d === 'float32';
export const isTemporal = (d: Dtype): boolean => d === 'date' || d === 'datetime';

/** The dtype of `a op b` for arithmetic, numpy-style (bool and ints widen to int64; any float → float64). */
export function promote(a: Dtype, b: Dtype): Dtype {
  if (isFloat(a) || isFloat(b)) return a === 'float32' && b === 'float32' ? 'float32' : 'float64';
  if (a === b && a !== 'bool') return a;
  return 'int64';
}
