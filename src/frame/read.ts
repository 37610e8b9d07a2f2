/**
 * Entry points that make frames: `readCsv` (files, globs, all the CSV reader's options; lazy,
 * ~64 MiB byte-range partitions), `readParquet` (lazy, one partition per row group), `fromArrow` and `fromColumns` (in-memory data).
 */
import type { Table } from 'apache-arrow';
import type { CsvOptions } from './csv/options.js';
import { DataFrame } from './frame.js';
import { type ReadParquetOptions, readParquetPlan } from './verbs/read-parquet.js';
import { type ColumnValues, type FromColumnsOptions, fromArrowPlan, fromColumnsPlan, readCsvPlan } from './verbs/sources.js';

export function readCsv(paths: string | readonly string[], options: CsvOptions = {}): DataFrame {
  return DataFrame._of(readCsvPlan(paths, options));
}

/** Parquet files, a glob, or a folder of parts (Dask's layout): one partition per row group. */
export function readParquet(paths: string | readonly string[], options: ReadParquetOptions = {}): DataFrame {
  return DataFrame._of(readParquetPlan(paths, options));
}

export function fromArrow(table: Table, options: { npartitions?: number } = {}): DataFrame {
  return DataFrame._of(fromArrowPlan(table, options.npartitions ?? 1));
}

export function fromColumns(columns: Record<string, ColumnValues>, options: FromColumnsOptions = {}): DataFrame {
  return DataFrame._of(fromColumnsPlan(columns, options));
}

