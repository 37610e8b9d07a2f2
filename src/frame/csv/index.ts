/**
 * CSV → Arrow, the reader behind `readCsv`. Pure functions over files and bytes; no threads, no graph.
 *
 *   main thread:  planCsvRead(paths, options) → { schema, options, partitions }   (plain data)
 *   worker:       readCsvPartition({ ...partition, schema, options }) → arrow.Table
 *   eager:        readCsvTable(paths, options) → arrow.Table (both, in this thread)
 *
 * - Planning (`plan.ts`) cuts files at record starts found by running the tokenizer's grammar over
 *   each file once, streamed: quote-aware and exact, with each partition's first line number.
 * - Types (`infer.ts`) come from a sample (1 MiB of the first file, or `sample: 'all'`) by pandas'
 *   rules, int64 → Int64, float64 → Float64, strings → Utf8, bools → Bool (`dtypes.ts`). A later
 *   missing value in an int column is a null; any other misfit fails naming the `dtype:` to pass.
 * - Parsing (`parse.ts`) tokenizes a batch of records, then fills each column from bytes.
 *   `tokenize.ts` holds the hot loops alone, for a native backend to replace.
 * - Errors name file, line, column and value, and say what to do; a file fails with the same error
 *   however it is partitioned (the first bad record wins).
 */
export { planCsvPartitions, type CsvPartition, type CsvFilePlan, type CsvPlan, type CsvPlanOptions } from './plan.js';
export { inferCsvSchema } from './infer.js';
export { parseCsvRange, type CsvSource } from './parse.js';
export { planCsvRead, readCsvPartition, readCsvTable, type CsvReadPlan, type CsvReadTask } from './read.js';
export { arrowSchema, INDEX_METADATA_KEY, type CsvColumn, type CsvSchema } from './schema.js';
export { resolveParseOptions, DEFAULT_BLOCKSIZE, DEFAULT_SAMPLE_BYTES, type CsvOptions, type CsvParseOptions } from './options.js';
export { arrowType, pandasDtypeName, CSV_DTYPES, type CsvDtype } from './dtypes.js';
export { DEFAULT_NA_VALUES } from './na.js';
export { expandPaths } from './glob.js';
