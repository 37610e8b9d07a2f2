/**
 * `fromArrowIPC(path, { chunks, column })`: a lazy array over one column of an Arrow IPC file
 * (or stream). At build time only the footer and each record batch's small metadata are read
 * — never a body — to learn the schema and each batch's length and byte range; each block's
 * task then decodes the schema message plus the batches it overlaps, read by byte range.
 *
 * Layout: a 1-d column, or the layout Tusk writes (and spill files use) — the flat C-order
 * values with `tusk.shape` (JSON) and `tusk.dtype` in the schema metadata. An n-d array is
 * read in blocks of whole rows (axis 0); a `chunks` spec that splits other axes is applied
 * with a rechunk after the read.
 */
import { DataType, Message, Precision, type Schema } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { TuskError } from '../../errors.js';
import { tokenize } from '../../graph/tokenize.js';
import { type ChunkSpec, checkShape, normalizeChunks, offsets, sameChunks, sizeOf } from '../chunks.js';
import { ChunkedArray } from '../chunked-array.js';
import type { Dtype } from '../kernels.js';
import { blockKey, sourceNode } from '../node.js';
import { rechunk } from '../rechunk.js';
import type { ArrowBatchRange } from './io-tasks.js';
import { type FileStat, ioOp, readBytesSync, statInput, truncatedError } from './ops.js';

export interface FromArrowIPCOptions {
  chunks?: ChunkSpec;
  /** The column to read when the file has several (default: the only one). */
  column?: string;
}

interface Scan {
  /** The schema message, framed, to put in front of each batch the tasks decode. */
  schemaMessage: Uint8Array;
  fields: { name: string; type: unknown }[];
  metadata: Map<string, string>;
  batches: (ArrowBatchRange & { nulls: number[] })[];
}

const MAGIC = 'ARROW1';

function formatError(file: string, why: string, hint?: string): TuskError {
  return new TuskError('FileFormat', `fromArrowIPC: ${file} is not an Arrow IPC file Tusk can read: ${why}`, { context: { file }, hint });
}

/** A message as it appears in a stream: continuation marker, length, flatbuffer, padding to 8. */
function frame(flatbuffer: Uint8Array): Uint8Array {
  const len = Math.ceil(flatbuffer.length / 8) * 8;
  const out = new Uint8Array(8 + len);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, -1, true);
  dv.setInt32(4, len, true);
  out.set(flatbuffer, 8);
  return out;
}

/** The message at `pos`: its decoded metadata and where its body ends (metadata only is read). */
function messageAt(stat: FileStat, pos: number): { msg: Message; end: number } | undefined {
  const { file, size } = stat;
  const pre = readBytesSync(file, pos, 8);
  const dv = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  if (pre.length < 4) throw truncatedError('fromArrowIPC', file, pos + 8, size, `the message at byte ${pos}`);
  const cont = dv.getInt32(0, true) === -1;
  const prefix = cont ? 8 : 4;
  if (pre.length < prefix) throw truncatedError('fromArrowIPC', file, pos + prefix, size, `the message at byte ${pos}`);
  const metaLen = dv.getInt32(cont ? 4 : 0, true);
  if (metaLen === 0) return undefined; // end-of-stream marker
  const meta = readBytesSync(file, pos + prefix, metaLen);
  if (meta.length < metaLen) throw truncatedError('fromArrowIPC', file, pos + prefix + metaLen, size, `the message at byte ${pos}`);
  const msg = Message.decode(meta);
  const end = pos + prefix + metaLen + Number(msg.bodyLength);
  if (end > size) throw truncatedError('fromArrowIPC', file, end, size, `the message at byte ${pos}`);
  return { msg, end };
}

/**
 * Schema and record-batch ranges. A file is read through its footer (apache-arrow's writer puts
 * the schema only there); a stream by walking its messages.
 */
function scan(stat: FileStat): Scan {
  const { file, size } = stat;
  const head = readBytesSync(file, 0, 8);
  const isFile = new TextDecoder().decode(head.subarray(0, 6)) === MAGIC;
  let schema: Schema | undefined;
  const ranges: number[] = [];
  if (isFile) {
    const tail = readBytesSync(file, Math.max(0, size - 10), 10);
    if (size < 18 || new TextDecoder().decode(tail.subarray(4)) !== MAGIC) {
      throw new TuskError('FileFormat', `fromArrowIPC: ${file} is truncated: it starts like an Arrow IPC file but does not end with the ARROW1 footer (${size} bytes)`, {
        context: { file, actualBytes: size }, hint: 'the file was probably cut short while being written or copied: write it again',
      });
    }
    const footerLen = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
    const footerAt = size - 10 - footerLen;
    if (footerLen <= 0 || footerAt < 8) throw formatError(file, `its footer length ${footerLen} does not fit in ${size} bytes`);
    const footer = Footer.decode(readBytesSync(file, footerAt, footerLen));
    schema = footer.schema;
    if (footer.numDictionaries > 0) throw formatError(file, 'it holds dictionary-encoded columns', 'write a plain numeric column');
    for (const b of footer.recordBatches()) ranges.push(Number(b.offset));
  } else {
    for (let pos = 0; pos + 4 <= size;) {
      const m = messageAt(stat, pos);
      if (!m) break;
      if (m.msg.isSchema()) schema = m.msg.header();
      else if (m.msg.isRecordBatch()) ranges.push(pos);
      else if (m.msg.isDictionaryBatch()) throw formatError(file, 'it holds dictionary-encoded columns', 'write a plain numeric column');
      pos = m.end;
    }
  }
  if (!schema) throw formatError(file, 'no schema found', 'write it with pyarrow.ipc.new_file or apache-arrow tableToIPC(table, "file")');
  const batches: Scan['batches'] = [];
  let first = 0;
  for (const pos of ranges) {
    const m = messageAt(stat, pos);
    if (!m || !m.msg.isRecordBatch()) throw formatError(file, `the footer points at byte ${pos}, which is not a record batch`);
    const h = m.msg.header();
    if (h.compression) throw formatError(file, `the record batch at byte ${pos} is compressed`, "write it uncompressed (pyarrow: pa.ipc.IpcWriteOptions(compression=None))");
    batches.push({ offset: pos, end: m.end, first, length: Number(h.length), nulls: h.nodes.map((n) => Number(n.nullCount)) });
    first += Number(h.length);
  }
  return {
    schemaMessage: frame(Message.encode(Message.from(schema))),
    fields: schema.fields.map((f) => ({ name: f.name, type: f.type })),
    metadata: schema.metadata,
    batches,
  };
}

function dtypeOfField(file: string, name: string, type: unknown, meta: string | undefined): Dtype {
  let dtype: Dtype | undefined;
  if (DataType.isFloat(type)) dtype = type.precision === Precision.DOUBLE ? 'float64' : type.precision === Precision.SINGLE ? 'float32' : undefined;
  else if (DataType.isInt(type)) dtype = type.bitWidth === 32 && type.isSigned ? 'int32' : type.bitWidth === 8 && !type.isSigned ? 'uint8' : undefined;
  else if (DataType.isBool(type)) dtype = 'bool';
  if (dtype === 'uint8' && meta === 'bool') dtype = 'bool';
  if (!dtype) {
    throw new TuskError('UnsupportedDtype', `fromArrowIPC: column "${name}" of ${file} has type ${String(type)}, which Tusk does not support`, {
      context: { file, column: name }, hint: 'cast it to float64, float32, int32, uint8 or bool before writing (pyarrow: table.cast(...))',
    });
  }
  return dtype;
}

export function fromArrowIPC(path: string, options: FromArrowIPCOptions = {}): ChunkedArray {
  const stat = statInput(path, 'fromArrowIPC');
  const s = scan(stat);
  const { file } = stat;
  let col = 0;
  if (options.column !== undefined) {
    col = s.fields.findIndex((f) => f.name === options.column);
    if (col < 0) throw new TuskError('ColumnNotFound', `fromArrowIPC: ${file} has no column "${options.column}"; columns are ${s.fields.map((f) => `"${f.name}"`).join(', ')}`, { context: { file } });
  } else if (s.fields.length !== 1) {
    throw new TuskError('InvalidArgument', `fromArrowIPC: ${file} has ${s.fields.length} columns; say which to read`, {
      context: { file }, hint: `pass { column: ${JSON.stringify(s.fields[0]?.name ?? 'name')} }; columns are ${s.fields.map((f) => `"${f.name}"`).join(', ')}`,
    });
  }
  const field = s.fields[col]!;
  const dtype = dtypeOfField(file, field.name, field.type, s.metadata.get('tusk.dtype'));
  for (const b of s.batches) {
    if ((b.nulls[col] ?? 0) > 0) {
      throw new TuskError('FileFormat', `fromArrowIPC: column "${field.name}" of ${file} has ${b.nulls[col]} nulls in the record batch at byte ${b.offset}; arrays cannot hold nulls`, {
        context: { file }, hint: 'fill them before writing (pyarrow.compute.fill_null) or read the file with tusk/frame',
      });
    }
  }
  const total = s.batches.reduce((a, b) => a + b.length, 0);
  const shapeMeta = s.metadata.get('tusk.shape');
  let shape = [total];
  if (shapeMeta !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(shapeMeta);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) throw formatError(file, `metadata tusk.shape ${JSON.stringify(shapeMeta)} is not a JSON list`);
    shape = checkShape(parsed as number[], `fromArrowIPC: tusk.shape of ${file}`);
    if (sizeOf(shape) !== total) throw formatError(file, `tusk.shape ${shapeMeta} holds ${sizeOf(shape)} elements but the column has ${total}`);
  }
  const rowSize = sizeOf(shape.slice(1));
  const lengths = s.batches.map((b) => b.length).filter((n) => n > 0);
  const natural = shape.length > 0 && rowSize > 0 && lengths.length > 0 && lengths.every((n) => n % rowSize === 0);
  const wanted = options.chunks !== undefined ? normalizeChunks(options.chunks, shape, dtype) : undefined;
  // The read is in blocks of whole rows: the batches' own, or the rows of the chunks asked for.
  const readChunks = shape.length === 0 ? [] : [
    wanted ? wanted[0]! : natural ? lengths.map((n) => n / rowSize) : normalizeChunks('auto', shape, dtype)[0]!,
    ...shape.slice(1).map((d) => [d]),
  ];
  const token = tokenize('arrowIPC', file, stat.size, stat.mtimeMs, col, dtype, shape, readChunks);
  const name = `arrow-${token}`;
  const op = ioOp('readArrowRange');
  const graph: Record<string, unknown> = {};
  const rowStarts = shape.length === 0 ? [0, 1] : offsets(readChunks[0]!);
  const nBlocks = shape.length === 0 ? 1 : readChunks[0]!.length;
  for (let i = 0; i < nBlocks; i++) {
    const from = rowStarts[i]! * (shape.length === 0 ? 1 : rowSize);
    const count = (rowStarts[i + 1]! - rowStarts[i]!) * (shape.length === 0 ? 1 : rowSize);
    const overlapping = s.batches
      .filter((b) => b.length > 0 && b.first < from + count && b.first + b.length > from)
      .map(({ offset, end, first, length }) => ({ offset, end, first, length }));
    graph[blockKey(name, shape.map((_, k) => (k === 0 ? i : 0)))] = { op, args: [file, s.schemaMessage, overlapping, col, dtype, from, count] };
  }
  const x = new ChunkedArray(sourceNode('arrow', token, graph, shape, dtype, readChunks));
  return wanted && !sameChunks(wanted, readChunks) ? rechunk(x, wanted) : x;
}
