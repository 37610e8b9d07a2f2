/**
 * Streaming Parquet writes: partitions go in one at a time and only the current one is in memory.
 *
 * Each partition is encoded on its own (`parquet-wasm`, arrow-rs' writer: dictionary and RLE
 * encodings, chunk statistics, snappy/zstd/… pages) into a small Parquet file in memory; its
 * column chunks are appended to the output and its row-group metadata kept, offsets moved. The
 * footer, written last, is the first small file's with every row group in it. As with pyarrow's
 * `ParquetWriter.write_table`, row groups never span two partitions: a partition becomes one or
 * more row groups of at most `rowGroupSize` rows (fewer when rows are wide, so one row group's
 * encoding stays within ~128 MiB of Arrow data).
 *
 * The file is written under a temporary name beside the target and renamed when complete; on
 * any error the temporary file is removed, so a reader never sees a partial file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Field, RecordBatch, Schema, Table, tableToIPC, type Data } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import {
  decodeStruct,
  encodeStruct,
  getBigInt,
  getStruct,
  getStructList,
  structList,
  T_I16,
  T_I64,
  T_LIST,
  T_STRUCT,
  withField,
  withoutFields,
  type ThriftStruct,
} from './thrift.js';
import { discardAfterTrap, parquetWasm } from './wasm.js';

export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'brotli' | 'lz4' | 'none' | 'uncompressed';

export interface ParquetWriteOptions {
  /** Page compression (default 'snappy', as pandas and pyarrow). */
  compression?: ParquetCompression;
  /** Most rows in one row group (default 1,048,576, as pyarrow); a read makes one partition per row group. */
  rowGroupSize?: number;
  /** The schema to write when there may be no partitions at all (otherwise the first partition's). */
  schema?: Schema;
  /** Extra key/value metadata for the footer (the schema's own metadata is written too). */
  metadata?: Record<string, string>;
}

export interface ParquetWriteResult {
  path: string;
  rows: number;
  rowGroups: number;
  bytes: number;
}

/** An open streaming writer: `append` partitions, then `finish` (or `abort`). */
export interface ParquetFileWriter {
  readonly path: string;
  append(table: Table): void;
  finish(): ParquetWriteResult;
  abort(): void;
}

export const DEFAULT_ROW_GROUP_SIZE = 1_048_576;
const ROW_GROUP_BYTES = 128 * 1024 * 1024;
const COMPRESSIONS: readonly string[] = ['snappy', 'zstd', 'gzip', 'brotli', 'lz4', 'none', 'uncompressed'];

export async function writeParquet(
  file: string,
  tables: AsyncIterable<Table> | Iterable<Table>,
  options: ParquetWriteOptions = {},
): Promise<ParquetWriteResult> {
  const writer = openParquetWriter(file, options);
  try {
    for await (const table of tables) writer.append(table);
    return writer.finish();
  } catch (err) {
    writer.abort();
    throw err;
  }
}

interface Resolved {
  compression: number;
  rowGroupSize: number;
  metadata: Record<string, string>;
}

export function resolveWriteOptions(options: ParquetWriteOptions): Resolved {
  const compression = options.compression ?? 'snappy';
  if (!COMPRESSIONS.includes(compression)) {
    throw new TuskError('InvalidArgument', `unknown Parquet compression ${JSON.stringify(compression)}`, {
      context: { compression },
      hint: `use one of ${COMPRESSIONS.join(', ')} ('snappy' is what pandas writes; 'zstd' is smaller)`,
    });
  }
  const rowGroupSize = options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new TuskError('InvalidArgument', `rowGroupSize must be a positive whole number of rows, not ${rowGroupSize}`, { context: { rowGroupSize } });
  }
  const metadata = options.metadata ?? {};
  if (typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string')) {
    throw new TuskError('InvalidArgument', 'metadata must map keys to string values', { context: { metadata } });
  }
  const pw = parquetWasm();
  const codes: Record<string, number> = {
    snappy: pw.Compression.SNAPPY,
    zstd: pw.Compression.ZSTD,
    gzip: pw.Compression.GZIP,
    brotli: pw.Compression.BROTLI,
    lz4: pw.Compression.LZ4_RAW,
    none: pw.Compression.UNCOMPRESSED,
    uncompressed: pw.Compression.UNCOMPRESSED,
  };
  return { compression: codes[compression]!, rowGroupSize, metadata };
}

/** A temporary name beside `file`, hidden from folder reads (leading dot). */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tusk-tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

export function openParquetWriter(file: string, options: ParquetWriteOptions = {}): ParquetFileWriter {
  if (typeof file !== 'string' || file === '') throw new TuskError('InvalidArgument', 'writeParquet needs a file path', { context: { path: file } });
  const opts = resolveWriteOptions(options);
  const tmp = tempNameFor(file);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TuskError('InvalidArgument', `cannot write Parquet file ${file}: ${code === 'ENOENT' ? `folder ${path.dirname(file)} does not exist` : (err as Error).message}`, {
      context: { path: file },
      cause: err,
      hint: code === 'ENOENT' ? 'create the folder first (writeParquet does not create folders)' : undefined,
    });
  }
  let closed = false;
  let pos = 0;
  let schema: Schema | undefined;
  let base: ThriftStruct | undefined; // the first small file's FileMetaData
  const rowGroups: ThriftStruct[] = [];
  let rows = 0;
  let partitions = 0;

  const write = (bytes: Uint8Array): void => {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, pos + done);
    pos += bytes.length;
  };
  const close = (): void => {
    if (!closed) {
      closed = true;
      fs.closeSync(fd);
    }
  };
  const abort = (): void => {
    try {
      close();
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  };
  const appendEncoded = (small: Uint8Array): void => {
    const { meta, dataEnd } = smallFileMetaData(small);
    base ??= meta;
    write(small.subarray(4, dataEnd));
    const delta = BigInt(pos - dataEnd); // where byte 4 of the small file landed, minus 4
    for (const rg of getStructList(meta, 4)) {
      rowGroups.push(moveRowGroup(rg, delta, rowGroups.length));
    }
  };
  const kvFor = (s: Schema): Map<string, string> => new Map([...s.metadata, ...Object.entries(opts.metadata)]);

  write(new Uint8Array([0x50, 0x41, 0x52, 0x31])); // PAR1
  if (options.schema !== undefined) schema = normalizeSchema(options.schema);

  return {
    path: file,
    append(table: Table): void {
      if (closed) throw new TuskError('InvalidArgument', `the Parquet writer for ${file} is already closed`);
      if (!(table instanceof Table)) {
        throw new TuskError('InvalidArgument', `partition ${partitions} written to ${file} is not an Arrow Table`, { context: { path: file, partition: partitions } });
      }
      const normal = normalizeSchema(table.schema);
      if (schema === undefined) schema = normal;
      else checkSameSchema(schema, normal, file, partitions);
      partitions++;
      if (table.numRows === 0) return;
      const t = new Table(schema, table.batches.map((b) => new RecordBatch(schema!, b.data)));
      const step = Math.max(1, Math.min(opts.rowGroupSize, Math.floor(ROW_GROUP_BYTES / Math.max(1, bytesPerRow(t)))));
      for (let start = 0; start < t.numRows; start += step) {
        appendEncoded(encodeTable(t.slice(start, start + step), opts, kvFor(schema)));
      }
      rows += t.numRows;
    },
    finish(): ParquetWriteResult {
      if (closed) throw new TuskError('InvalidArgument', `the Parquet writer for ${file} is already closed`);
      try {
        if (schema === undefined) {
          throw new TuskError('InvalidArgument', `nothing to write to ${file}: no partitions, so no schema`, {
            context: { path: file },
            hint: 'pass `schema` to write an empty file',
          });
        }
        // With no rows, a small file of the schema alone supplies the footer.
        base ??= smallFileMetaData(encodeTable(new Table(schema), opts, kvFor(schema))).meta;
        let meta = withoutFields(base, [8, 9]);
        meta = withField(meta, 3, T_I64, BigInt(rows));
        meta = withField(meta, 4, T_LIST, structList(rowGroups));
        const footer = encodeStruct(meta);
        const tail = new Uint8Array(8);
        new DataView(tail.buffer).setUint32(0, footer.length, true);
        tail.set([0x50, 0x41, 0x52, 0x31], 4);
        write(footer);
        write(tail);
        fs.fsyncSync(fd);
        close();
        fs.renameSync(tmp, file);
        return { path: file, rows, rowGroups: rowGroups.length, bytes: pos };
      } catch (err) {
        abort();
        throw err;
      }
    },
    abort,
  };
}

/** Every field nullable (pandas' and pyarrow's default), so partitions that differ only there agree. */
function normalizeSchema(s: Schema): Schema {
  return new Schema(s.fields.map((f) => (f.nullable ? f : new Field(f.name, f.type, true, f.metadata))), s.metadata);
}

function checkSameSchema(first: Schema, next: Schema, file: string, partition: number): void {
  const a = first.fields.map((f) => `${f.name}: ${f.type}`);
  const b = next.fields.map((f) => `${f.name}: ${f.type}`);
  if (a.join('\n') === b.join('\n')) return;
  const i = a.findIndex((x, k) => x !== b[k]);
  const diff = i >= 0 && i < b.length ? `column ${i + 1} is {${b[i]}} where the first partition has {${a[i]}}` : `it has ${b.length} columns where the first partition has ${a.length}`;
  throw new TuskError('TypeMismatch', `partition ${partition} written to ${file} does not match the first partition's schema: ${diff}`, {
    context: { path: file, partition, expected: a, got: b },
    hint: 'every partition of one file must have the same columns and types: cast the odd partition first',
  });
}

function encodeTable(table: Table, opts: Resolved, kv: Map<string, string>): Uint8Array {
  const pw = parquetWasm();
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(opts.compression)
    .setMaxRowGroupSize(opts.rowGroupSize)
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk);
  if (kv.size > 0) builder = builder.setKeyValueMetadata(kv);
  try {
    return pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, 'stream')), builder.build());
  } catch (err) {
    discardAfterTrap(err);
    throw new TuskError('UnsupportedDtype', `cannot encode a partition as Parquet: ${err instanceof Error ? err.message : String(err)}`, {
      context: { schema: table.schema.fields.map((f) => `${f.name}: ${f.type}`) },
      hint: 'cast columns of unusual Arrow types (views, unions, large lists) to plain ones first',
      cause: err,
    });
  }
}

/** The FileMetaData of a small file we just encoded, and where its last column chunk ends. */
function smallFileMetaData(small: Uint8Array): { meta: ThriftStruct; dataEnd: number } {
  const view = new DataView(small.buffer, small.byteOffset, small.byteLength);
  const len = view.getUint32(small.length - 8, true);
  const meta = decodeStruct(small.subarray(small.length - 8 - len, small.length - 8));
  let dataEnd = 4;
  for (const rg of getStructList(meta, 4)) {
    for (const cc of getStructList(rg, 1)) {
      const md = getStruct(cc, 3)!;
      const data = getBigInt(md, 9) ?? 0n;
      const dict = getBigInt(md, 11) ?? 0n;
      const start = dict > 0n && dict < data ? dict : data;
      dataEnd = Math.max(dataEnd, Number(start + (getBigInt(md, 7) ?? 0n)));
    }
  }
  return { meta, dataEnd };
}

function moveRowGroup(rg: ThriftStruct, delta: bigint, ordinal: number): ThriftStruct {
  const chunks = getStructList(rg, 1).map((cc) => {
    let md = withoutFields(getStruct(cc, 3)!, [14, 15]);
    for (const id of [9, 10, 11]) {
      const v = getBigInt(md, id);
      if (v !== undefined && v > 0n) md = withField(md, id, T_I64, v + delta);
    }
    let out = withoutFields(cc, [4, 5, 6, 7]); // page indexes stay behind in the small file
    const fileOffset = getBigInt(out, 2);
    if (fileOffset !== undefined && fileOffset > 0n) out = withField(out, 2, T_I64, fileOffset + delta);
    return withField(out, 3, T_STRUCT, md);
  });
  let out = withField(rg, 1, T_LIST, structList(chunks));
  const fileOffset = getBigInt(out, 5);
  if (fileOffset !== undefined) out = withField(out, 5, T_I64, fileOffset + delta);
  return withField(out, 7, T_I16, ordinal);
}

function bytesPerRow(table: Table): number {
  if (table.numRows === 0) return 0;
  let bytes = 0;
  const add = (d: Data): void => {
    for (const b of [d.values, d.valueOffsets, d.nullBitmap] as (ArrayBufferView | undefined)[]) if (b) bytes += b.byteLength;
    for (const c of d.children) add(c);
  };
  for (const batch of table.batches) for (const child of batch.data.children) add(child);
  return bytes / table.numRows;
}
