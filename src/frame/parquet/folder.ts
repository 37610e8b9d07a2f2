/**
 * A folder of parts, as Dask's `to_parquet` writes it: `part.0.parquet`, `part.1.parquet`, … one
 * file per partition, read back in the same order (`paths.ts` sorts naturally).
 *
 * All or nothing: parts are written into a hidden staging folder beside the target, which is
 * renamed into place when every part is written (`commitParquetFolder`); on failure the staging
 * folder is removed (`abortParquetFolder`). The three steps are separate so a frame can write
 * the parts from workers in parallel:
 *
 *   main:    const staging = prepareParquetFolder('out/data', { overwrite: true })
 *   workers: writeParquetPart(staging, i, partition_i, options)        (any order, in parallel)
 *   main:    commitParquetFolder(staging, 'out/data', { overwrite: true })   or abortParquetFolder(staging)
 *
 * `writeParquetFolder` does all three in this thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { openParquetWriter, type ParquetWriteOptions } from './write.js';

export interface ParquetFolderOptions {
  /** Replace an existing folder (default false: a non-empty folder there is an error). */
  overwrite?: boolean;
}

export interface ParquetFolderResult {
  dir: string;
  files: string[];
  rows: number;
}

export function partFileName(index: number): string {
  return `part.${index}.parquet`;
}

export function prepareParquetFolder(dir: string, options: ParquetFolderOptions = {}): string {
  if (typeof dir !== 'string' || dir === '') throw new TuskError('InvalidArgument', 'writing a Parquet folder needs a folder path', { context: { dir } });
  checkTarget(dir, options.overwrite ?? false);
  const parent = path.dirname(path.resolve(dir));
  try {
    fs.mkdirSync(parent, { recursive: true });
    return fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.tusk-tmp-`));
  } catch (err) {
    throw new TuskError('InvalidArgument', `cannot create a staging folder beside ${dir}: ${(err as Error).message}`, { context: { dir }, cause: err });
  }
}

/** Writes partition `index` as `part.<index>.parquet` in the staging folder (a worker task). */
export function writeParquetPart(staging: string, index: number, table: Table, options: ParquetWriteOptions = {}): { path: string; rows: number } {
  if (!Number.isSafeInteger(index) || index < 0) throw new TuskError('InvalidArgument', `part index must be a whole number ≥ 0, not ${index}`, { context: { index } });
  const writer = openParquetWriter(path.join(staging, partFileName(index)), options);
  try {
    writer.append(table);
    const r = writer.finish();
    return { path: r.path, rows: r.rows };
  } catch (err) {
    writer.abort();
    throw err;
  }
}

export function commitParquetFolder(staging: string, dir: string, options: ParquetFolderOptions = {}): void {
  const overwrite = options.overwrite ?? false;
  checkTarget(dir, overwrite);
  let old: string | undefined;
  if (fs.existsSync(dir)) {
    old = `${staging}-old`;
    fs.renameSync(dir, old);
  }
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    if (old !== undefined) fs.renameSync(old, dir); // put the old folder back
    throw err;
  }
  if (old !== undefined) fs.rmSync(old, { recursive: true, force: true });
}

export function abortParquetFolder(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

export async function writeParquetFolder(
  dir: string,
  tables: AsyncIterable<Table> | Iterable<Table>,
  options: ParquetWriteOptions & ParquetFolderOptions = {},
): Promise<ParquetFolderResult> {
  const staging = prepareParquetFolder(dir, options);
  const files: string[] = [];
  let rows = 0;
  try {
    let i = 0;
    for await (const table of tables) {
      const part = writeParquetPart(staging, i++, table, options);
      files.push(path.join(dir, path.basename(part.path)));
      rows += part.rows;
    }
    commitParquetFolder(staging, dir, options);
    return { dir, files, rows };
  } catch (err) {
    abortParquetFolder(staging);
    throw err;
  }
}

function checkTarget(dir: string, overwrite: boolean): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    return; // nothing there: fine
  }
  if (!st.isDirectory()) {
    throw new TuskError('InvalidArgument', `${dir} exists and is a file, not a folder`, { context: { dir }, hint: 'choose another path, or remove the file' });
  }
  if (!overwrite && fs.readdirSync(dir).length > 0) {
    throw new TuskError('InvalidArgument', `folder ${dir} already exists and is not empty`, {
      context: { dir },
      hint: 'pass overwrite: true to replace it, or choose another path',
    });
  }
}
