/**
 * The pieces a lazy `readCsv` needs, put together: `planCsvRead` on the main thread (schema +
 * partitions), `readCsvPartition` as the worker's task, and `readCsvTable` doing both eagerly in
 * this thread (tests, small files, `head()`).
 */
import { Table } from 'apache-arrow';
import { inferCsvSchema } from './infer.js';
import { resolveParseOptions, type CsvOptions, type CsvParseOptions } from './options.js';
import { parseCsvRange } from './parse.js';
import { planCsvPartitions, type CsvFilePlan, type CsvPartition } from './plan.js';
import { arrowSchema, type CsvSchema } from './schema.js';

/** One worker task: plain data, safe to structured-clone or JSON-encode. */
export interface CsvReadTask extends CsvPartition {
  schema: CsvSchema;
  options: CsvParseOptions;
}

export interface CsvReadPlan {
  schema: CsvSchema;
  options: CsvParseOptions;
  files: CsvFilePlan[];
  partitions: CsvPartition[];
}

export function planCsvRead(paths: string | readonly string[], options: CsvOptions = {}): CsvReadPlan {
  const schema = inferCsvSchema(paths, options);
  const { files, partitions } = planCsvPartitions(paths, options);
  // `nrows` limits a whole read, not each partition: the caller applies it across partitions.
  return { schema, options: { ...resolveParseOptions(options), nrows: null }, files, partitions };
}

export function readCsvPartition(task: CsvReadTask): Table {
  return parseCsvRange({ path: task.path, start: task.start, end: task.end, startLine: task.startLine }, task.schema, task.options);
}

/** Reads every matching file into one table (one record batch per partition), in this thread. */
export function readCsvTable(paths: string | readonly string[], options: CsvOptions = {}): Table {
  const plan = planCsvRead(paths, options);
  const batches = [];
  let remaining = options.nrows ?? Infinity;
  for (const p of plan.partitions) {
    if (remaining <= 0) break;
    const table = readCsvPartition({ ...p, schema: plan.schema, options: { ...plan.options, nrows: Number.isFinite(remaining) ? remaining : null } });
    remaining -= table.numRows;
    batches.push(...table.batches);
  }
  return new Table(arrowSchema(plan.schema), batches);
}
