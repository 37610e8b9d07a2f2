/**
 * A frame partition from one Parquet row group (worker side): the reader's table (`parquet/read.ts`,
 * exactly the planned Parquet schema) made a frame partition — column types mapped to frame dtypes,
 * rows that fail `filters` dropped, columns read only for the filters dropped, the index named.
 *
 * Type mapping (`frameDtypeOf`): the frame keeps one timestamp type (`datetime`, UTC milliseconds),
 * so microsecond and nanosecond timestamps are floored to milliseconds and a UTC zone is dropped
 * (the instants stay the same); an 8-bit unsigned integer (what `getDummies` makes) reads back as
 * uint8; binary columns have no frame dtype and are refused when the read is planned.
 */
import { type Data, type DataType, makeData, makeVector, TimestampMillisecond, Uint8 } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { type Dtype, arrowTypeOf } from '../core/dtypes.js';
import { type Part, type Slot, filterRows, toTable } from '../core/part.js';
import type { ParquetColumn } from '../parquet/dtypes.js';
import { readParquetPartition, type ParquetReadTask } from '../parquet/read.js';
import { type RowFilters, rowMask } from './parquet-filter.js';

/** A read task as the graph holds it: plain data. */
export interface FrameParquetTask extends ParquetReadTask {
  /** Index columns, in order (a subset of the schema's columns). */
  index: string[];
  /** Data columns to keep, in order (the rest were read for `filters` only). */
  keep: string[];
  /** Row filters in disjunctive normal form ([] = every row). */
  filters: RowFilters;
}

/** The frame dtype a Parquet column reads as, or why it has none. */
export function frameDtypeOf(c: ParquetColumn): { ok: true; dtype: Dtype } | { ok: false; reason: string } {
  switch (c.dtype) {
    case 'int32': return { ok: true, dtype: c.intBits?.bits === 8 && !c.intBits.signed ? 'uint8' : 'int32' };
    case 'binary': return { ok: false, reason: 'it holds raw bytes (binary), which frames have no dtype for' };
    case 'timestamp[ms]':
    case 'timestamp[us]':
    case 'timestamp[ns]': return { ok: true, dtype: 'datetime' };
    default: return { ok: true, dtype: c.dtype };
  }
}

export function readParquetFramePart(task: FrameParquetTask): Part {
  const table = readParquetPartition(task);
  const batches = table.batches;
  const slots = task.schema.columns.map((c, k): Slot => {
    const t = frameDtypeOf(c);
    if (!t.ok) throw new TuskError('UnsupportedDtype', `${task.path}: column "${c.name}" cannot be read into a frame: ${t.reason}`, { context: { file: task.path, column: c.name } });
    const chunks = batches.map((b) => toFrameData(b.data.children[k]!, c, t.dtype));
    return { name: c.name, dtype: t.dtype, vector: makeVector(chunks) };
  });
  const byName = new Map(slots.map((s) => [s.name, s]));
  let part: Part = { index: task.index.map((n) => byName.get(n)!), columns: task.keep.map((n) => byName.get(n)!), length: table.numRows };
  if (task.filters.length > 0) {
    const all: Part = { index: [], columns: slots, length: table.numRows };
    const mask = rowMask(all, task.filters);
    const kept = filterRows({ ...part, index: [...part.index], columns: [...part.columns] }, mask);
    part = kept;
  }
  return part;
}

export const readParquetFrameTable = (task: FrameParquetTask) => toTable(readParquetFramePart(task));

function toFrameData(data: Data, c: ParquetColumn, dtype: Dtype): Data {
  const type = arrowTypeOf(dtype);
  switch (c.dtype) {
    case 'timestamp[ms]': return c.timezone === null ? data : relabel(data, type);
    case 'timestamp[us]': return rescale(data, 1000n);
    case 'timestamp[ns]': return rescale(data, 1_000_000n);
    case 'int32': return dtype === 'uint8' ? narrow(data) : data;
    default: return data;
  }
}

function relabel(data: Data, type: DataType): Data {
  return data.clone(type);
}

// Data.values starts at the data's first element; the validity bitmap is read from bit `offset`.

/** Timestamps in finer units → milliseconds, floored (as numpy's astype('datetime64[ms]')). */
function rescale(data: Data, per: bigint): Data {
  const src = data.values as BigInt64Array;
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = src[i]!;
    const q = v / per;
    out[i] = v < 0n && q * per !== v ? q - 1n : q;
  }
  return withValues(data, new TimestampMillisecond(), out);
}

function narrow(data: Data): Data {
  const src = data.values as Int32Array;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = src[i]!;
  return withValues(data, new Uint8(), out);
}

function withValues(data: Data, type: DataType, values: ArrayBufferView): Data {
  let bitmap: Uint8Array | undefined;
  if (data.nullCount > 0) {
    bitmap = new Uint8Array(Math.ceil(data.length / 64) * 8);
    for (let i = 0; i < data.length; i++) if (data.getValid(i)) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type, length: data.length, nullCount: data.nullCount, nullBitmap: bitmap, data: values } as never) as Data;
}
