/**
 * Makes a decoded table exactly the planned schema: the decoder types columns from the Parquet
 * schema its own way (UInt8 for UINT_8, Decimal128 for DECIMAL, "+00:00" for UTC, Null for an
 * always-null column); each such column is converted here to the type `dtypes.ts` promised, so
 * every partition of a read has one schema, byte for byte.
 */
import { Data, DataType, makeData, RecordBatch, Schema, Struct, Table, Type } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { parquetArrowSchema, type ParquetSchema } from './schema.js';

export function conformTable(decoded: Table, schema: ParquetSchema, where: string): Table {
  const target = parquetArrowSchema(schema);
  if (decoded.batches.length === 0) return emptyTable(schema);
  const batches = decoded.batches.map((batch) => {
    const children = schema.columns.map((c, i) => {
      const vector = batch.getChild(c.name);
      if (vector === null) throw new TuskError('FileFormat', `${where}: the decoder returned no column "${c.name}"`, { context: { column: c.name } });
      return conformColumn(vector.data[0]!, target.fields[i]!.type, `${where}, column "${c.name}"`);
    });
    return batchOf(target, batch.numRows, children);
  });
  return new Table(target, batches);
}

export function emptyTable(schema: ParquetSchema): Table {
  const target = parquetArrowSchema(schema);
  return new Table(target, [batchOf(target, 0, target.fields.map((f) => makeData({ type: f.type, length: 0, nullCount: 0 } as never) as Data))]);
}

function batchOf(schema: Schema, length: number, children: Data[]): RecordBatch {
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

function conformColumn(data: Data, type: DataType, where: string): Data {
  if (sameType(data.type, type)) return data.type.toString() === type.toString() ? data : data.clone(type);
  if (data.type.typeId === Type.Null) return allNull(type, data.length);
  if (DataType.isInt(data.type) && DataType.isInt(type)) return widenInt(data, type);
  if (DataType.isDecimal(data.type) && DataType.isFloat(type)) return decimalToFloat(data, type);
  throw new TuskError('FileFormat', `${where}: decoded as ${data.type}, expected ${type}`, {
    context: { decoded: String(data.type), expected: String(type) },
    hint: "this column type is not read correctly yet: leave it out with `columns`, and please report the file's writer",
  });
}

/** Same physical layout (only the name, zone or annotation differs): a relabel will do. */
function sameType(a: DataType, b: DataType): boolean {
  if (a.typeId !== b.typeId) {
    const strings = (t: DataType): boolean => t.typeId === Type.Utf8 || t.typeId === Type.Binary;
    return strings(a) && strings(b);
  }
  if (DataType.isInt(a) && DataType.isInt(b)) return a.bitWidth === b.bitWidth && a.isSigned === b.isSigned;
  if (DataType.isTimestamp(a) && DataType.isTimestamp(b)) return a.unit === b.unit;
  if (DataType.isDate(a) && DataType.isDate(b)) return a.unit === b.unit;
  if (DataType.isFloat(a) && DataType.isFloat(b)) return a.precision === b.precision;
  return a.toString() === b.toString();
}

function allNull(type: DataType, length: number): Data {
  const values = DataType.isInt(type) && type.bitWidth === 64 ? new BigInt64Array(length) : new Int32Array(length);
  return makeData({ type, length, nullCount: length, nullBitmap: new Uint8Array(Math.ceil(length / 8)), data: values } as never) as Data;
}

// Data.values starts at the data's first element (arrow-js slices value buffers); the validity
// bitmap does not: it is read from bit `offset`.

function widenInt(data: Data, type: DataType): Data {
  const src = data.values as unknown as ArrayLike<number>;
  const n = data.length;
  if (DataType.isInt(type) && type.bitWidth === 64) {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = BigInt(src[i]!);
    return withValues(data, type, out);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = src[i]!;
  return withValues(data, type, out);
}

function decimalToFloat(data: Data, type: DataType): Data {
  const dt = data.type as DataType & { scale: number; bitWidth: number };
  const words = dt.bitWidth / 32;
  const src = data.values as Uint32Array;
  const n = data.length;
  const out = new Float64Array(n);
  const div = 10 ** dt.scale;
  for (let i = 0; i < n; i++) {
    // Little-endian 32-bit words of a two's complement integer: the top word carries the sign.
    let v = 0;
    for (let w = words - 1; w >= 0; w--) v = v * 4294967296 + (w === words - 1 ? src[i * words + w]! | 0 : src[i * words + w]!);
    out[i] = v / div;
  }
  return withValues(data, type, out);
}

function withValues(data: Data, type: DataType, values: ArrayBufferView): Data {
  let bitmap: Uint8Array | undefined;
  if (data.nullCount > 0) {
    bitmap = new Uint8Array(Math.ceil(data.length / 8));
    for (let i = 0; i < data.length; i++) if (data.getValid(i)) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type, length: data.length, nullCount: data.nullCount, nullBitmap: bitmap, data: values } as never) as Data;
}
