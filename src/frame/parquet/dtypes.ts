/**
 * Parquet column types → the Arrow types a partition has, chosen as pandas (through pyarrow) reads
 * them and as the CSV reader produces them: int64 → Int64, double → Float64, strings → plain Utf8
 * (never a dictionary: each partition would carry its own), booleans → Bool, dates → DateDay.
 *
 * Where pandas and a single Arrow type disagree we pick the lossless, uniform one: small and
 * unsigned integers widen to Int32 or Int64; DECIMAL reads as Float64 (as `pd.to_numeric` would
 * give; exact to about 15 significant digits); timestamps keep the file's unit (ms, us or ns) and
 * are UTC-zoned when the file says they are adjusted to UTC. Nested columns, uint64, TIME,
 * FLOAT16 and other fixed-size binaries are not read: asking for them fails naming the column.
 */
import { Binary, DataType, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond } from 'apache-arrow';
import { arrowTypeOf } from '../core/dtypes.js';
import type { TopField } from './footer.js';
import { getBool, getInt, getStruct, type ThriftStruct } from './thrift.js';

export type ParquetDtype =
  | 'int64'
  | 'int32'
  | 'float64'
  | 'float32'
  | 'bool'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp[ms]'
  | 'timestamp[us]'
  | 'timestamp[ns]';

/** A column as a partition holds it: plain data, travels to workers with each task. */
export interface ParquetColumn {
  name: string;
  dtype: ParquetDtype;
  /** 'UTC' for timestamps adjusted to UTC, else null. */
  timezone: string | null;
  /** How values are stored, for decoding statistics: see `StatsCodec`. */
  stats: StatsCodec;
  /** For an INT32 column annotated as a narrower integer (8 or 16 bits, signed or not): its width, so a frame can read uint8 back as uint8. */
  intBits?: { bits: number; signed: boolean };
}

/** How min/max bounds of a column are encoded and compared (`filters.ts`). */
export type StatsCodec =
  | { kind: 'int32'; unsigned: boolean }
  | { kind: 'int64' }
  | { kind: 'float32' }
  | { kind: 'float64' }
  | { kind: 'bool' }
  | { kind: 'bytes' }
  | { kind: 'decimal'; scale: number; physical: 'int32' | 'int64' | 'bytes' }
  | { kind: 'none' };

/** What a top-level field reads as, or why it cannot be read. */
export type ColumnType = { ok: true; column: ParquetColumn } | { ok: false; name: string; reason: string };

// Physical types.
const BOOLEAN = 0;
const INT32 = 1;
const INT64 = 2;
const INT96 = 3;
const FLOAT = 4;
const DOUBLE = 5;
const BYTE_ARRAY = 6;
const FIXED_LEN_BYTE_ARRAY = 7;

// Converted types (the legacy annotation).
const C_UTF8 = 0;
const C_ENUM = 4;
const C_DECIMAL = 5;
const C_DATE = 6;
const C_TIME_MILLIS = 7;
const C_TIME_MICROS = 8;
const C_TIMESTAMP_MILLIS = 9;
const C_TIMESTAMP_MICROS = 10;
const C_UINT_8 = 11;
const C_UINT_16 = 12;
const C_UINT_32 = 13;
const C_UINT_64 = 14;
const C_INT_8 = 15;
const C_INT_16 = 16;
const C_JSON = 19;
const C_BSON = 20;
const C_INTERVAL = 21;

// LogicalType union members.
const L_STRING = 1;
const L_ENUM = 4;
const L_DECIMAL = 5;
const L_DATE = 6;
const L_TIME = 7;
const L_TIMESTAMP = 8;
const L_INTEGER = 10;
const L_UNKNOWN = 11;
const L_JSON = 12;
const L_BSON = 13;
const L_UUID = 14;
const L_FLOAT16 = 15;

export function columnType(field: TopField): ColumnType {
  const bad = (reason: string): ColumnType => ({ ok: false, name: field.name, reason });
  const leaf = field.leaf;
  if (leaf === undefined) return bad('it is a nested column (list, map or struct)');
  if (leaf.repetition === 2) return bad('it is a repeated (list) column');
  const col = (dtype: ParquetDtype, stats: StatsCodec, timezone: string | null = null): ColumnType => ({
    ok: true,
    column: { name: field.name, dtype, timezone, stats },
  });
  const lid = leaf.logical?.id;
  const lval = leaf.logical?.value;
  const ct = leaf.convertedType;
  if (lid === L_UNKNOWN) return col('int32', { kind: 'none' }); // always-null column: any type will do; pyarrow says null
  if (lid === L_DECIMAL || ct === C_DECIMAL) {
    const scale = (lid === L_DECIMAL ? getInt(lval!, 1) : undefined) ?? leaf.scale ?? 0;
    const physical = leaf.physical === INT32 ? 'int32' : leaf.physical === INT64 ? 'int64' : 'bytes';
    return col('float64', { kind: 'decimal', scale, physical });
  }
  switch (leaf.physical) {
    case BOOLEAN:
      return col('bool', { kind: 'bool' });
    case INT32: {
      if (lid === L_DATE || ct === C_DATE) return col('date', { kind: 'int32', unsigned: false });
      if (lid === L_TIME || ct === C_TIME_MILLIS) return bad('it holds times of day (TIME), which have no column type here yet');
      const unsigned = lid === L_INTEGER ? getBool(lval!, 2) === false : ct === C_UINT_8 || ct === C_UINT_16 || ct === C_UINT_32;
      const bits = lid === L_INTEGER ? (getInt(lval!, 1) ?? 32) : ct === C_UINT_32 ? 32 : 16;
      // uint32 does not fit int32: widen, as pandas' int64 would hold it.
      if (unsigned && bits === 32) return col('int64', { kind: 'int32', unsigned: true });
      const c = col('int32', { kind: 'int32', unsigned });
      const width = lid === L_INTEGER ? bits : ct === C_UINT_8 || ct === C_INT_8 ? 8 : ct === C_UINT_16 || ct === C_INT_16 ? 16 : 32;
      if (c.ok && width < 32) c.column.intBits = { bits: width, signed: !unsigned };
      return c;
    }
    case INT64: {
      if (lid === L_TIMESTAMP || ct === C_TIMESTAMP_MILLIS || ct === C_TIMESTAMP_MICROS) {
        const unit = lid === L_TIMESTAMP ? timeUnit(lval!) : ct === C_TIMESTAMP_MILLIS ? 'ms' : 'us';
        const utc = lid === L_TIMESTAMP ? getBool(lval!, 1) === true : true; // legacy TIMESTAMP_* are UTC-adjusted
        return col(`timestamp[${unit}]`, { kind: 'int64' }, utc ? 'UTC' : null);
      }
      if (lid === L_TIME || ct === C_TIME_MICROS) return bad('it holds times of day (TIME), which have no column type here yet');
      const unsigned = lid === L_INTEGER ? getBool(lval!, 2) === false : ct === C_UINT_64;
      if (unsigned) return bad('it holds unsigned 64-bit integers (uint64), which int64 cannot hold');
      return col('int64', { kind: 'int64' });
    }
    case INT96:
      // Legacy Impala/Spark timestamps: nanoseconds, no statistics worth trusting.
      return col('timestamp[ns]', { kind: 'none' });
    case FLOAT:
      return col('float32', { kind: 'float32' });
    case DOUBLE:
      return col('float64', { kind: 'float64' });
    case BYTE_ARRAY:
      if (lid === L_STRING || lid === L_ENUM || lid === L_JSON || ct === C_UTF8 || ct === C_ENUM || ct === C_JSON) return col('string', { kind: 'bytes' });
      if (lid === L_BSON || ct === C_BSON || lid === undefined) return col('binary', { kind: 'bytes' });
      return bad(`it has a logical type (#${lid}) with no column type here yet`);
    case FIXED_LEN_BYTE_ARRAY:
      if (lid === L_UUID) return bad('it holds UUIDs (16-byte fixed binary), which have no column type here yet');
      if (lid === L_FLOAT16) return bad('it holds float16 values, which have no column type here yet');
      if (ct === C_INTERVAL) return bad('it holds INTERVAL values, which have no column type here yet');
      return bad('it holds fixed-size binary values, which have no column type here yet');
    default:
      return bad(`its physical type #${leaf.physical} is unknown`);
  }
}

function timeUnit(ts: ThriftStruct): 'ms' | 'us' | 'ns' {
  const unit = getStruct(ts, 2);
  const which = unit?.fields[0]?.id;
  return which === 1 ? 'ms' : which === 3 ? 'ns' : 'us';
}

export function arrowType(c: Pick<ParquetColumn, 'dtype' | 'timezone'>): DataType {
  switch (c.dtype) {
    case 'binary':
      return new Binary();
    case 'timestamp[ms]':
      return new TimestampMillisecond(c.timezone);
    case 'timestamp[us]':
      return new TimestampMicrosecond(c.timezone);
    case 'timestamp[ns]':
      return new TimestampNanosecond(c.timezone);
    default:
      return arrowTypeOf(c.dtype); // the types Parquet shares with frames
  }
}

/** The pandas dtype a column reads as, for messages and for comparing with pandas. */
export function pandasDtypeName(c: Pick<ParquetColumn, 'dtype' | 'timezone'>): string {
  switch (c.dtype) {
    case 'string':
    case 'binary':
      return 'object';
    case 'date':
      return 'datetime64[ns]';
    case 'timestamp[ms]':
    case 'timestamp[us]':
    case 'timestamp[ns]':
      return c.timezone !== null ? `datetime64[ns, ${c.timezone}]` : 'datetime64[ns]';
    default:
      return c.dtype;
  }
}

