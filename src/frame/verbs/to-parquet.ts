/**
 * `toParquet`: one file, as pandas' `to_parquet('x.parquet')` (the default), or a folder of part
 * files, as Dask's `to_parquet('x/')` (`{ single: false }`, or a path ending in '/').
 *
 *   - one file: workers compute the partitions; this thread appends them in order to a streaming
 *     writer (`parquet/write.ts`: one partition in memory at a time; each partition becomes one or
 *     more row groups), written under a temporary name and renamed when complete. Overwrites an
 *     existing file, as pandas does.
 *   - a folder: each worker writes `part.<i>.parquet` into a staging folder beside the target,
 *     renamed into place when every part is written (`parquet/folder.ts`). An existing non-empty
 *     folder is an error unless `overwrite: true` (then it is replaced whole), as Dask.
 *
 * On any error nothing is left behind: no temporary file, no staging folder, no partial output.
 * The index columns are written as columns and named in the footer metadata (`tusk.index`), so
 * `readParquet` gives the index back; `{ index: false }` leaves them out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { graphOf, taskOp } from '../core/lower.js';
import { schemaOfMeta } from '../core/meta.js';
import type { Plan } from '../core/plan.js';
import { type ComputeOptions, clientOf } from '../core/run.js';
import { abortParquetFolder, commitParquetFolder, partFileName, prepareParquetFolder } from '../parquet/folder.js';
import { openParquetWriter, resolveWriteOptions, type ParquetCompression } from '../parquet/write.js';
import { resetIndex } from './columns.js';

export interface ToParquetOptions extends ComputeOptions {
  /** One file (default) or a folder of `part.<i>.parquet` files (also chosen by a path ending in '/'). */
  single?: boolean;
  /** Page compression (default 'snappy', as pandas). */
  compression?: ParquetCompression;
  /** Most rows in a row group (default 1,048,576); a partition never shares a row group with another. */
  rowGroupSize?: number;
  /** Write the index columns (default true). */
  index?: boolean;
  /** A folder: replace an existing non-empty one (default false). A single file is always replaced. */
  overwrite?: boolean;
  /** Extra footer key/value metadata. */
  metadata?: Record<string, string>;
}

/** Writes the frame; returns the files written (one, or the parts in order). */
export async function toParquet(plan: Plan, target: string, options: ToParquetOptions = {}): Promise<string[]> {
  if (typeof target !== 'string' || target === '') throw new TuskError('InvalidArgument', 'toParquet: give a file or folder path');
  if (options === null || typeof options !== 'object') throw new TuskError('InvalidArgument', 'toParquet: options must be an object');
  const single = options.single ?? !/[\\/]$/.test(target);
  const wopts = { compression: options.compression, rowGroupSize: options.rowGroupSize, metadata: options.metadata };
  resolveWriteOptions(wopts); // bad options fail before anything runs
  const client = clientOf(options);
  let node = await plan.resolve(client);
  if (options.index === false && node.meta!.index.length > 0) node = resetIndex(node, { drop: true });
  const built = graphOf(node);
  const graph: Record<string, unknown> = { ...built.graph };

  if (single) {
    const file = target;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      throw new TuskError('InvalidArgument', `toParquet: ${file} is a folder`, { context: { path: file }, hint: `write a folder of parts with toParquet('${file.replace(/[\\/]+$/, '')}/') or { single: false }` });
    }
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const writer = openParquetWriter(file, { ...wopts, schema: schemaOfMeta(node.meta!) });
    const futures = client.submitGraph(graph, [...built.keys]);
    try {
      for (const f of futures) {
        writer.append((await f.result()) as never);
        f.release();
      }
      writer.finish();
    } catch (err) {
      writer.abort();
      await client.cancel(futures).catch(() => undefined);
      throw err;
    }
    return [file];
  }

  const dir = target.replace(/[\\/]+$/, '');
  const overwrite = options.overwrite ?? false;
  const staging = prepareParquetFolder(dir, { overwrite });
  const name = `to-parquet-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const keys = built.keys.map((k, i) => {
    graph[`${name}.${i}`] = { op: taskOp('writeParquetPartFile'), args: [ref(k), staging, i, wopts] };
    return `${name}.${i}`;
  });
  const futures = client.submitGraph(graph, keys);
  const settled = await Promise.allSettled(futures.map((f) => f.result()));
  for (const f of futures) f.release();
  const failed = settled.find((s) => s.status === 'rejected');
  try {
    if (failed) throw (failed as PromiseRejectedResult).reason;
    commitParquetFolder(staging, dir, { overwrite });
  } catch (err) {
    abortParquetFolder(staging);
    throw err;
  }
  return built.keys.map((_, i) => path.join(dir, partFileName(i)));
}
