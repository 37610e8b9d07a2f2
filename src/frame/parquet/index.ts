/**
 * Parquet ↔ Arrow, the reader and writer behind `readParquet` / `toParquet`. Pure functions over
 * files and bytes; no threads, no graph.
 *
 *   main thread:  planParquet(paths, { columns, filters, index }) → { schema, arrowSchema, partitions }
 *   worker:       readParquetPartition({ ...partition, schema }) → arrow.Table   (one row group)
 *   eager:        readParquetTable(paths, options) → arrow.Table
 *   writing:      writeParquet(file, tables, { compression, rowGroupSize })   (streaming, atomic)
 *                 writeParquetFolder(dir, tables) / prepare → writeParquetPart × n → commit
 *
 * - Footers (`footer.ts`, `thrift.ts`) are decoded here, in TypeScript: planning reads no data
 *   pages and loads no wasm. Row groups whose statistics exclude `filters` are skipped (`filters.ts`).
 * - Pages are decoded and encoded by `parquet-wasm` (arrow-rs compiled to WebAssembly, loaded
 *   once per thread by `wasm.ts`): a worker cuts its row group's column chunks out of the file
 *   (`cut.ts`) and decodes them; the writer encodes each partition and stitches the row groups
 *   into one file (`write.ts`). Chosen on measurements against parquetjs-lite and hyparquet:
 *   see benchmarks/RESULTS.md.
 * - Types (`dtypes.ts`) are pandas' through pyarrow, as the CSV reader's: int64 → Int64, double →
 *   Float64, strings → Utf8, bool → Bool, date → DateDay; `conform.ts` makes every partition match.
 * - Errors name the file (and row group) and say what is wrong: not Parquet, cut short, a column
 *   that is not there (with the closest name), a type that cannot be read.
 */
export { planParquet, type ParquetPlan, type ParquetPartition, type ParquetFilePlan, type ParquetReadOptions } from './plan.js';
export { readParquetPartition, readParquetTable, type ParquetReadTask } from './read.js';
export {
  writeParquet,
  openParquetWriter,
  DEFAULT_ROW_GROUP_SIZE,
  type ParquetWriteOptions,
  type ParquetWriteResult,
  type ParquetFileWriter,
  type ParquetCompression,
} from './write.js';
export {
  writeParquetFolder,
  prepareParquetFolder,
  writeParquetPart,
  commitParquetFolder,
  abortParquetFolder,
  partFileName,
  type ParquetFolderOptions,
  type ParquetFolderResult,
} from './folder.js';
export { parquetArrowSchema, type ParquetSchema } from './schema.js';
export { arrowType, pandasDtypeName, type ParquetColumn, type ParquetDtype } from './dtypes.js';
export type { ParquetFilter, ParquetFilters, FilterOp, FilterValue } from './filters.js';
export { expandParquetPaths } from './paths.js';
