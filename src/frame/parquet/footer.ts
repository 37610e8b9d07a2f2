/**
 * A Parquet file's footer, read synchronously and checked: the magic at both ends, the length word,
 * then the FileMetaData (thrift) decoded into the few things planning needs — the schema as a tree
 * of top-level fields, and per row group its row count and per leaf column the byte range and
 * statistics. The decoded thrift is kept (`raw`) so a reader can cut a one-row-group file from it.
 *
 * Every failure is a FileFormat error naming the file and what is wrong with it.
 */
import fs from 'node:fs';
import { TuskError } from '../../errors.js';
import {
  decodeStruct,
  getBigInt,
  getBytes,
  getInt,
  getString,
  getStruct,
  getStructList,
  ThriftError,
  type ThriftStruct,
} from './thrift.js';

const MAGIC = 0x31524150; // "PAR1" little-endian
const MAGIC_ENCRYPTED = 0x45524150; // "PARE"

/** One SchemaElement, as much of it as type mapping needs. */
export interface SchemaLeaf {
  name: string;
  /** Physical type: BOOLEAN=0, INT32=1, INT64=2, INT96=3, FLOAT=4, DOUBLE=5, BYTE_ARRAY=6, FIXED_LEN_BYTE_ARRAY=7. */
  physical: number;
  typeLength: number | undefined;
  /** REQUIRED=0, OPTIONAL=1, REPEATED=2. */
  repetition: number;
  convertedType: number | undefined;
  scale: number | undefined;
  precision: number | undefined;
  /** The LogicalType union: which member (1 STRING … 8 TIMESTAMP, 10 INTEGER …) and its struct. */
  logical: { id: number; value: ThriftStruct } | undefined;
}

/** A top-level column: a plain leaf, or a group (nested: list, map, struct) we only know by name. */
export interface TopField {
  name: string;
  /** Index of its element in the flat schema list, and how many elements its subtree spans. */
  elementIndex: number;
  elementCount: number;
  /** Leaf column indices (positions in each row group's column list) under this field. */
  leaves: number[];
  /** The element itself when the field is a leaf; undefined for groups. */
  leaf: SchemaLeaf | undefined;
}

export interface ColumnStats {
  /** Bounds in the plain encoding of the physical type (a truncated string bound is still a bound). */
  min: Uint8Array | undefined;
  max: Uint8Array | undefined;
  /** Bounds from the deprecated min/max fields: trustworthy only for signed numeric types. */
  legacy: boolean;
  nullCount: bigint | undefined;
}

export interface ColumnChunkInfo {
  /** File byte range of the chunk's pages (dictionary page first when there is one). */
  start: number;
  end: number;
  stats: ColumnStats | undefined;
}

export interface RowGroupInfo {
  numRows: number;
  columns: ColumnChunkInfo[];
}

export interface ParquetFooter {
  path: string;
  size: number;
  mtimeMs: number;
  numRows: number;
  fields: TopField[];
  rowGroups: RowGroupInfo[];
  keyValue: Map<string, string>;
  createdBy: string | undefined;
  /** The FileMetaData as decoded, for cutting one-row-group files. */
  raw: ThriftStruct;
  /** Where the footer starts (the end of the data). */
  footerStart: number;
}

export function formatError(path: string, problem: string, hint: string, cause?: unknown): TuskError {
  return new TuskError('FileFormat', `${path} is not a readable Parquet file: ${problem}`, { context: { file: path }, hint, cause });
}

const TRUNCATED_HINT = 'the file looks cut short (an interrupted copy or download, or a writer that is still running): copy or write it again';

function openError(path: string, err: unknown): TuskError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new TuskError('InvalidArgument', `cannot read Parquet file ${path}: ${code === 'ENOENT' ? 'no such file' : String((err as Error)?.message ?? err)}`, {
    context: { file: path },
    cause: err,
    hint: code === 'ENOENT' ? 'check the path (relative paths are resolved from the current directory)' : undefined,
  });
}

export function openFile(path: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
}

/** Exactly `length` bytes at `position`, or a FileFormat error saying the file ends first. */
export function readExactly(fd: number, path: string, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) {
      throw formatError(path, `it ends at byte ${position + got}, inside data that should run to byte ${position + length}`, TRUNCATED_HINT);
    }
    got += n;
  }
  return buf;
}

export function readFooter(path: string): ParquetFooter {
  const fd = openFile(path);
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw openError(path, new Error('it is a directory'));
    return readFooterFd(fd, path, st.size, st.mtimeMs);
  } finally {
    fs.closeSync(fd);
  }
}

function readFooterFd(fd: number, path: string, size: number, mtimeMs: number): ParquetFooter {
  if (size < 12) {
    throw formatError(path, `it is ${size} bytes long, too short for a Parquet file (at least 12: magic, footer length, magic)`, size === 0 ? 'the file is empty: was it written completely?' : TRUNCATED_HINT);
  }
  const head = readExactly(fd, path, 0, 4);
  const tail = readExactly(fd, path, size - 8, 8);
  const headView = new DataView(head.buffer);
  const tailView = new DataView(tail.buffer);
  if (headView.getUint32(0, true) !== MAGIC) {
    throw formatError(path, `it does not start with the Parquet magic "PAR1" (it starts with ${describeBytes(head)})`, 'check that this is a Parquet file: CSV, Arrow IPC/Feather and ORC files need their own readers');
  }
  const tailMagic = tailView.getUint32(4, true);
  if (tailMagic === MAGIC_ENCRYPTED) {
    throw formatError(path, 'its footer is encrypted (magic "PARE")', 'encrypted Parquet is not supported: decrypt it with the tool that wrote it');
  }
  if (tailMagic !== MAGIC) {
    throw formatError(path, `it starts like Parquet but does not end with the magic "PAR1" (last bytes ${describeBytes(tail.subarray(4))})`, TRUNCATED_HINT);
  }
  const footerLength = tailView.getUint32(0, true);
  const footerStart = size - 8 - footerLength;
  if (footerLength === 0 || footerStart < 4) {
    throw formatError(path, `its footer length word says ${footerLength} bytes, which does not fit in a ${size}-byte file`, TRUNCATED_HINT);
  }
  const bytes = readExactly(fd, path, footerStart, footerLength);
  let raw: ThriftStruct;
  try {
    raw = decodeStruct(bytes);
  } catch (err) {
    if (err instanceof ThriftError) throw formatError(path, `its footer (${footerLength} bytes at ${footerStart}) is corrupt: ${err.message}`, TRUNCATED_HINT, err);
    throw err;
  }
  try {
    return parseFileMetaData(raw, path, size, mtimeMs, footerStart);
  } catch (err) {
    if (err instanceof ThriftError) throw formatError(path, `its footer is malformed: ${err.message}`, 'the writer produced an invalid file: write it again or report it to the tool that wrote it', err);
    throw err;
  }
}

function describeBytes(b: Uint8Array): string {
  const printable = [...b].every((c) => c >= 32 && c < 127);
  return printable ? JSON.stringify(String.fromCharCode(...b)) : [...b].map((c) => c.toString(16).padStart(2, '0')).join(' ');
}

function parseFileMetaData(raw: ThriftStruct, path: string, size: number, mtimeMs: number, footerStart: number): ParquetFooter {
  if (getStruct(raw, 8) !== undefined) {
    throw formatError(path, 'its columns are encrypted', 'encrypted Parquet is not supported: decrypt it with the tool that wrote it');
  }
  const elements = getStructList(raw, 2);
  if (elements.length === 0) throw new ThriftError('the schema is empty');
  const fields = parseSchema(elements);
  const leafCount = fields.reduce((n, f) => n + f.leaves.length, 0);
  const rowGroups = getStructList(raw, 4).map((rg, i) => parseRowGroup(rg, i, leafCount, path, footerStart));
  const keyValue = new Map<string, string>();
  for (const kv of getStructList(raw, 5)) {
    const key = getString(kv, 1);
    if (key !== undefined) keyValue.set(key, getString(kv, 2) ?? '');
  }
  return {
    path,
    size,
    mtimeMs,
    numRows: getInt(raw, 3) ?? rowGroups.reduce((n, g) => n + g.numRows, 0),
    fields,
    rowGroups,
    keyValue,
    createdBy: getString(raw, 6),
    raw,
    footerStart,
  };
}

function parseSchema(elements: ThriftStruct[]): TopField[] {
  const rootChildren = getInt(elements[0]!, 5) ?? 0;
  const fields: TopField[] = [];
  let pos = 1;
  let leaf = 0;
  // Walks one subtree from `pos`; returns the leaves it holds.
  const walk = (): number[] => {
    const el = elements[pos++];
    if (el === undefined) throw new ThriftError('the schema ends inside a group');
    const children = getInt(el, 5) ?? 0;
    if (children === 0) return [leaf++];
    const leaves: number[] = [];
    for (let i = 0; i < children; i++) leaves.push(...walk());
    return leaves;
  };
  for (let i = 0; i < rootChildren; i++) {
    const start = pos;
    const el = elements[start];
    if (el === undefined) throw new ThriftError(`the schema root says ${rootChildren} columns but lists fewer`);
    const leaves = walk();
    const isLeaf = (getInt(el, 5) ?? 0) === 0;
    fields.push({
      name: getString(el, 4) ?? '',
      elementIndex: start,
      elementCount: pos - start,
      leaves,
      leaf: isLeaf ? parseLeaf(el) : undefined,
    });
  }
  return fields;
}

function parseLeaf(el: ThriftStruct): SchemaLeaf {
  const lt = getStruct(el, 10);
  const member = lt?.fields[0];
  return {
    name: getString(el, 4) ?? '',
    physical: getInt(el, 1) ?? -1,
    typeLength: getInt(el, 2),
    repetition: getInt(el, 3) ?? 0,
    convertedType: getInt(el, 6),
    scale: getInt(el, 7),
    precision: getInt(el, 8),
    logical:
      member !== undefined && typeof member.value === 'object' && !(member.value instanceof Uint8Array) && member.value.kind === 'struct'
        ? { id: member.id, value: member.value }
        : undefined,
  };
}

function parseRowGroup(rg: ThriftStruct, index: number, leafCount: number, path: string, footerStart: number): RowGroupInfo {
  const chunks = getStructList(rg, 1);
  if (chunks.length !== leafCount) throw new ThriftError(`row group ${index} has ${chunks.length} column chunks for ${leafCount} columns`);
  const columns = chunks.map((cc, c): ColumnChunkInfo => {
    if (getString(cc, 1) !== undefined) {
      throw formatError(path, `row group ${index} keeps column ${c} in another file`, 'Parquet files whose column chunks live in other files (file_path) are not supported');
    }
    const md = getStruct(cc, 3);
    if (md === undefined) throw new ThriftError(`row group ${index} column ${c} has no metadata`);
    const dataOffset = Number(getBigInt(md, 9) ?? -1n);
    const dictOffset = Number(getBigInt(md, 11) ?? 0n);
    const start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
    const end = start + Number(getBigInt(md, 7) ?? 0n);
    if (start < 4 || end > footerStart) {
      throw formatError(path, `row group ${index}, column ${c} says its data is at bytes ${start}..${end}, but the data ends at byte ${footerStart}`, TRUNCATED_HINT);
    }
    return { start, end, stats: parseStats(getStruct(md, 12)) };
  });
  return { numRows: getInt(rg, 3) ?? 0, columns };
}

function parseStats(s: ThriftStruct | undefined): ColumnStats | undefined {
  if (s === undefined) return undefined;
  const minValue = getBytes(s, 6);
  const maxValue = getBytes(s, 5);
  const nullCount = getBigInt(s, 3);
  if (minValue !== undefined && maxValue !== undefined) return { min: minValue, max: maxValue, legacy: false, nullCount };
  // The deprecated fields, written by old writers with a signed byte order for strings.
  const min = getBytes(s, 2);
  const max = getBytes(s, 1);
  return { min, max, legacy: true, nullCount };
}

/** Footers by path, checked against size and mtime: a worker reads many row groups of one file. */
const cache = new Map<string, ParquetFooter>();
const CACHE_FILES = 16;

export function cachedFooter(path: string): ParquetFooter {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (err) {
    throw openError(path, err);
  }
  const hit = cache.get(path);
  if (hit !== undefined && hit.size === st.size && hit.mtimeMs === st.mtimeMs) {
    cache.delete(path);
    cache.set(path, hit); // most recently used last
    return hit;
  }
  const footer = readFooter(path);
  cache.set(path, footer);
  if (cache.size > CACHE_FILES) cache.delete(cache.keys().next().value!);
  return footer;
}
