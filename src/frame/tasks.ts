/**
 * Worker side of frames: what the ops `mod:<this file>#<export>` run. Every export takes plain
 * data and Arrow tables and returns a table or plain data; nothing here knows about graphs,
 * clients or threads.
 */
import fs from 'node:fs';
import type { Table } from 'apache-arrow';
import { type CsvWriteOptions, csvBody, csvHeader } from './ops/csv-write.js';
import { readCsvPartition, type CsvReadTask } from './csv/read.js';
import { type Cell, fromCells } from './core/column.js';
import { type Part, concatTables as concatParts, fromTable, slot, sliceRows, toTable, UNNAMED_INDEX } from './core/part.js';
import { type LoweredStep, applySteps } from './core/steps.js';
import { REDUCERS, type ReducerKind } from './ops/reducers.js';
import { sortPart, splitSorted } from './ops/sort.js';
import { type JoinSpec, joinParts, unmatchedRight } from './ops/join.js';
import { chunkedParts, concatPartsArrow, gatherRows } from './ops/gather.js';
import { keptRows, pieceOf, splitRowKeys, splitTableByBucket, withPieces } from './ops/shuffle.js';
import { type FrameParquetTask, readParquetFrameTable } from './ops/parquet-read.js';
import { writeParquetPart } from './parquet/folder.js';
import type { ParquetWriteOptions } from './parquet/write.js';

export function readCsvPart(task: CsvReadTask): Table {
  return readCsvPartition(task);
}

/** One row group of a Parquet read, as a frame partition. */
export function readParquetPart(task: FrameParquetTask): Table {
  return readParquetFrameTable(task);
}

/** A folder write's part `index` into the staging folder; returns its path. */
export function writeParquetPartFile(table: Table, staging: string, index: number, options: ParquetWriteOptions): string {
  return writeParquetPart(staging, index, table, options).path;
}

export function runSteps(steps: readonly LoweredStep[], table: Table, sides: readonly unknown[], index: number): Table {
  return toTable(applySteps(table, steps, sides, index));
}

type AnyReducer = { chunk(p: unknown, part: Part, i: number): unknown; combine(p: unknown, s: readonly unknown[]): unknown; finalize(p: unknown, s: unknown): unknown };
const reducer = (kind: ReducerKind) => REDUCERS[kind] as unknown as AnyReducer;

export function reduceChunk(kind: ReducerKind, params: unknown, table: Table, index: number): unknown {
  return reducer(kind).chunk(params, fromTable(table), index);
}

export function reduceCombine(kind: ReducerKind, params: unknown, ...partials: unknown[]): unknown {
  return reducer(kind).combine(params, partials);
}

export function reduceFinalize(kind: ReducerKind, params: unknown, partial: unknown): unknown {
  const out = reducer(kind).finalize(params, partial);
  return isPart(out) ? toTable(out) : out;
}

function isPart(x: unknown): x is Part {
  return typeof x === 'object' && x !== null && Array.isArray((x as Part).index) && Array.isArray((x as Part).columns) && typeof (x as Part).length === 'number';
}

/** Partitions one after another (a broadcast side, a repartition's merge). */
export function concatTables(...tables: Table[]): Table {
  return toTable(concatPartsArrow(tables.map(fromTable)));
}

/** Piece `k` of `n` near-equal row ranges of a partition. */
export function slicePiece(table: Table, k: number, n: number): Table {
  const rows = table.numRows;
  return toTable(sliceRows(fromTable(table), Math.floor((k * rows) / n), Math.floor(((k + 1) * rows) / n)));
}

/**
 * A sorted partition cut at the splitters, one piece per output partition: the table itself with
 * the cuts in its metadata (one table, so the store can spill it as Arrow IPC), read by `pickPiece`.
 */
export function splitAt(by: readonly string[], ascending: readonly boolean[], table: Table, splitters: readonly Cell[][], pieces: number): Table {
  const starts = [0];
  for (const p of splitSorted(fromTable(table), by, ascending, splitters, pieces)) starts.push(starts[starts.length - 1]! + p.length);
  return withPieces(table, starts);
}

/** Piece `j` of a split table (`splitAt`, `splitBuckets`), copied into a table of its own. */
export function pickPiece(table: Table, j: number): Table {
  return toTable(pieceOf(table, j));
}

/** A partition split by the hash of its `keys` into `nbuckets` pieces (read by `pickPiece`). */
export function splitBuckets(keys: readonly string[], nbuckets: number, table: Table): Table {
  return splitTableByBucket(fromTable(table), keys, nbuckets);
}

/** Keys and row numbers of a partition split by key hash, for a hash-partitioned dropDuplicates. */
export function splitDuplicateKeys(subset: readonly string[], nbuckets: number, table: Table): Table {
  return splitRowKeys(fromTable(table), subset, nbuckets);
}

/** One bucket of a dropDuplicates: the rows to keep of each input partition (one piece each). */
export function keepInBucket(subset: readonly string[], keep: 'first' | 'last' | false, ...pieces: Table[]): Table {
  return keptRows(pieces.map(fromTable), subset, keep);
}

/** A partition cut to its rows kept by every bucket (each piece: ascending row numbers). */
export function keepRows(table: Table, ...kept: Table[]): Table {
  const lists = kept.map((t) => (t.numRows === 0 ? new Int32Array(0) : (t.getChildAt(0)!.toArray() as Int32Array)));
  const rows = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) (rows.set(l, at), (at += l.length));
  if (rows.length === table.numRows) return table;
  rows.sort();
  return toTable(gatherRows(fromTable(table), rows));
}

/** One bucket of a shuffle join: the bucket's pieces of every left partition, then of every right one. */
export function joinBuckets(spec: JoinSpec, nleft: number, ...pieces: Table[]): Table {
  // Each side's pieces stay where they are (chunks of one column), read by the join's gathers.
  const side = (ts: Table[]) => chunkedParts(ts.map(fromTable));
  return toTable(joinParts(side(pieces.slice(0, nleft)), side(pieces.slice(nleft)), spec));
}

export function pick(list: readonly unknown[], k: number): unknown {
  return list[k];
}

/** A value node's result as a one-element list (lazy scalars). */
export function item(values: readonly unknown[], k: number): unknown {
  return values[k];
}

export function rowsOf(table: Table): number {
  return table.numRows;
}

/** A partition cut to what is left of `n` rows after the partitions before it. */
export function limitRows(table: Table, n: number, ...before: number[]): Table {
  const left = Math.max(0, n - before.reduce((a, b) => a + b, 0));
  return left >= table.numRows ? table : toTable(sliceRows(fromTable(table), 0, left));
}

/** The tail of an outer join: right rows whose key no left partition had. */
export function outerRest(spec: JoinSpec, right: Table, seen: string[], leftSample: Table): Table {
  const l = fromTable(leftSample);
  return toTable(unmatchedRight(fromTable(right), spec.rightOn, new Set(seen), spec, sliceRows(l, 0, 0)));
}

/** numpy's linear-interpolation percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** describe's table: rows count … max, one float64 column per numeric column. */
export function describeTable(names: readonly string[], stats: readonly (number | bigint | null)[], sorted: readonly Float64Array[]): Table {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const columns = names.map((name, k) => {
    const [count, mean, std, min, max] = stats.slice(k * 5, k * 5 + 5).map(num);
    const s = sorted[k]!;
    return slot(name, fromCells('float64', [count, mean, std, min, percentile(s, 0.25), percentile(s, 0.5), percentile(s, 0.75), max]));
  });
  const index = [slot(UNNAMED_INDEX, fromCells('string', ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']))];
  return toTable({ index, columns, length: 8 });
}

/** CSV text of a partition (with the header line when asked). */
export function toCsvText(table: Table, options: CsvWriteOptions, header: boolean): string {
  const p = fromTable(table);
  return (header ? csvHeader(p, options) : '') + csvBody(p, options);
}

/** Writes one part file: to a temp name, renamed when complete. Returns the final path. */
export function writeCsvPart(table: Table, path: string, options: CsvWriteOptions): string {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.writeFileSync(tmp, toCsvText(table, options, true));
    fs.renameSync(tmp, path);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}

/** Sorted pieces (in partition order) merged into one sorted, stable partition. */
export function mergeSorted(by: readonly string[], ascending: readonly boolean[], ...tables: Table[]): Table {
  return toTable(sortPart(concatParts(tables), by, ascending));
}
