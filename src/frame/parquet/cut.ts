/**
 * Cuts one row group, and only the asked-for columns, out of a Parquet file into a small Parquet
 * file in memory, which the decoder (`parquet-wasm`, which reads whole buffers) then reads.
 *
 * So a partition costs the bytes of its own column chunks — one read per chunk — never the whole
 * file, and decoding stays synchronous. The small file's footer is the original one with the other
 * row groups and columns taken out and the chunk offsets moved; page indexes, bloom filters,
 * sorting columns and the key/value metadata are dropped (they point elsewhere or are not needed:
 * without `ARROW:schema` the decoder types columns from the Parquet schema alone, which is what
 * `dtypes.ts` plans on).
 */
import fs from 'node:fs';
import { formatError, openFile, type ParquetFooter, type TopField } from './footer.js';
import {
  encodeStruct,
  getBigInt,
  getStruct,
  getStructList,
  structList,
  T_I32,
  T_I64,
  T_LIST,
  T_STRUCT,
  withField,
  withoutFields,
  type ThriftStruct,
} from './thrift.js';

/** FileMetaData fields kept: version (1), created_by (6). Schema (2), num_rows (3), row_groups (4) are rebuilt. */
const DROP_FILE_FIELDS = [4, 5, 7, 8, 9];
/** RowGroup: sorting_columns (4), file_offset (5), total_compressed_size (6), ordinal (7). */
const DROP_ROW_GROUP_FIELDS = [4, 5, 6, 7];
/** ColumnChunk: page index offsets and lengths (4–7), encryption (8, 9). */
const DROP_CHUNK_FIELDS = [4, 5, 6, 7, 8, 9];
/** ColumnMetaData: bloom filter offset and length. */
const DROP_META_FIELDS = [14, 15];

export function cutRowGroup(footer: ParquetFooter, rowGroup: number, fields: readonly TopField[]): Uint8Array {
  const rg = footer.rowGroups[rowGroup]!;
  const ordered = [...fields].sort((a, b) => a.elementIndex - b.elementIndex);
  const leaves = ordered.flatMap((f) => f.leaves);
  const elements = getStructList(footer.raw, 2);
  const rawGroup = getStructList(footer.raw, 4)[rowGroup]!;
  const rawChunks = getStructList(rawGroup, 1);

  // Lay out the chunks one after another from byte 4, and move their offsets with them.
  const placed: { start: number; end: number; at: number }[] = [];
  const chunks: ThriftStruct[] = [];
  let pos = 4;
  for (const leaf of leaves) {
    const { start, end } = rg.columns[leaf]!;
    placed.push({ start, end, at: pos });
    chunks.push(moveChunk(rawChunks[leaf]!, pos - start));
    pos += end - start;
  }
  const root = withField(elements[0]!, 5, T_I32, ordered.length);
  const schema = [root, ...ordered.flatMap((f) => elements.slice(f.elementIndex, f.elementIndex + f.elementCount))];
  let group = withoutFields(rawGroup, DROP_ROW_GROUP_FIELDS);
  group = withField(group, 1, T_LIST, structList(chunks));
  let meta = withoutFields(footer.raw, DROP_FILE_FIELDS);
  meta = withField(meta, 2, T_LIST, structList(schema));
  meta = withField(meta, 3, T_I64, BigInt(rg.numRows));
  meta = withField(meta, 4, T_LIST, structList([group]));
  const encoded = encodeStruct(meta);

  const out = new Uint8Array(pos + encoded.length + 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x31524150, true);
  const fd = openFile(footer.path);
  try {
    for (const p of placed) readInto(fd, footer.path, out, p.at, p.start, p.end - p.start);
  } finally {
    fs.closeSync(fd);
  }
  out.set(encoded, pos);
  view.setUint32(pos + encoded.length, encoded.length, true);
  view.setUint32(pos + encoded.length + 4, 0x31524150, true);
  return out;
}

function moveChunk(chunk: ThriftStruct, delta: number): ThriftStruct {
  const d = BigInt(delta);
  let md = withoutFields(getStruct(chunk, 3)!, DROP_META_FIELDS);
  for (const id of [9, 10, 11]) {
    const v = getBigInt(md, id);
    if (v !== undefined && v > 0n) md = withField(md, id, T_I64, v + d);
  }
  let out = withoutFields(chunk, DROP_CHUNK_FIELDS);
  const fileOffset = getBigInt(out, 2);
  if (fileOffset !== undefined && fileOffset > 0n) out = withField(out, 2, T_I64, fileOffset + d);
  return withField(out, 3, T_STRUCT, md);
}

function readInto(fd: number, path: string, out: Uint8Array, at: number, position: number, length: number): void {
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, out, at + got, length - got, position + got);
    if (n === 0) {
      throw formatError(path, `it ends at byte ${position + got}, inside a column chunk that should run to byte ${position + length}`, 'the file looks cut short: copy or write it again');
    }
    got += n;
  }
}
