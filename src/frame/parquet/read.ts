/**
 * The worker's side of a read: one row group, the planned columns, as an Arrow table of exactly
 * the planned schema. `readParquetTable` does plan + every partition eagerly in this thread
 * (tests, small files, `head()`).
 */
import { Table, tableFromIPC } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { conformTable, emptyTable } from './conform.js';
import { cutRowGroup } from './cut.js';
import { tableFromFFI } from './ffi.js';
import { cachedFooter, type TopField } from './footer.js';
import { planParquet, type ParquetPartition, type ParquetReadOptions } from './plan.js';
import { parquetArrowSchema, type ParquetSchema } from './schema.js';
import { discardAfterTrap, parquetWasm } from './wasm.js';

/** One worker task: plain data, safe to structured-clone or JSON-encode. */
export interface ParquetReadTask extends ParquetPartition {
  schema: ParquetSchema;
}

export function readParquetPartition(task: ParquetReadTask): Table {
  if (task.rowGroup < 0) return emptyTable(task.schema);
  const where = `${task.path} row group ${task.rowGroup}`;
  const footer = cachedFooter(task.path);
  const rg = footer.rowGroups[task.rowGroup];
  const fields = task.schema.columns.map((c) => footer.fields.find((f) => f.name === c.name));
  if (rg === undefined || rg.numRows !== task.numRows || fields.some((f) => f === undefined)) {
    throw new TuskError('FileFormat', `${where}: the file changed since the read was planned`, {
      context: { file: task.path, rowGroup: task.rowGroup },
      hint: 'a file was rewritten while it was being read: read it again',
    });
  }
  const bytes = cutRowGroup(footer, task.rowGroup, fields as TopField[]);
  const pw = parquetWasm();
  let decoded: Table;
  try {
    const wasmTable = pw.readParquet(bytes, { batchSize: Math.max(1, rg.numRows) });
    let viaFFI: Table | undefined;
    try {
      viaFFI = tableFromFFI(wasmTable, pw.wasmMemory());
    } catch (err) {
      wasmTable.free();
      throw err;
    }
    if (viaFFI !== undefined) wasmTable.free();
    decoded = viaFFI ?? tableFromIPC(wasmTable.intoIPCStream()); // intoIPCStream frees the table
  } catch (err) {
    discardAfterTrap(err);
    const message = err instanceof Error ? err.message : String(err);
    throw new TuskError('FileFormat', `${task.path} is not a readable Parquet file: row group ${task.rowGroup} cannot be decoded: ${message}`, {
      context: { file: task.path, rowGroup: task.rowGroup },
      hint: 'the data pages are corrupt or use an encoding this reader lacks: check the file with another reader (e.g. DuckDB) and write it again',
      cause: err,
    });
  }
  return conformTable(decoded, task.schema, where);
}

/** Reads every matching file into one table (one record batch per row group), in this thread. */
export function readParquetTable(paths: string | readonly string[], options: ParquetReadOptions = {}): Table {
  const plan = planParquet(paths, options);
  const batches = plan.partitions.flatMap((p) => readParquetPartition({ ...p, schema: plan.schema }).batches);
  return new Table(parquetArrowSchema(plan.schema), batches);
}
