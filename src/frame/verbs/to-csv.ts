/**
 * `toCsv`: one file (partitions become CSV text on workers and are appended in order by this
 * thread), or a folder of part files (`{ single: false }` or a path ending in '/': each worker
 * writes its own). Everything is written to a temp name and renamed when complete; on error no
 * partial file is left behind (DESIGN decision 8).
 */
import fs from 'node:fs';
import path from 'node:path';
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { taskOp, graphOf } from '../core/lower.js';
import type { Plan } from '../core/plan.js';
import { type ComputeOptions, clientOf } from '../core/run.js';
import type { CsvWriteOptions } from '../ops/csv-write.js';

export interface ToCsvOptions extends ComputeOptions {
  /** One file (default) or a folder of `part-00000.csv` files. */
  single?: boolean;
  sep?: string;
  naRep?: string;
  /** Write the index columns (default true; a frame without an index has none to write). */
  index?: boolean;
  lineTerminator?: string;
}

export async function toCsv(plan: Plan, target: string, options: ToCsvOptions = {}): Promise<string[]> {
  if (typeof target !== 'string' || target === '') throw new TuskError('InvalidArgument', 'toCsv: give a file or folder path');
  const single = options.single ?? !/[\\/]$/.test(target);
  const wopts: CsvWriteOptions = { sep: options.sep ?? ',', naRep: options.naRep ?? '', index: options.index ?? true, lineTerminator: options.lineTerminator ?? '\n' };
  if (wopts.sep.length !== 1) throw new TuskError('InvalidArgument', `toCsv: sep must be one character, got ${JSON.stringify(wopts.sep)}`);
  const client = clientOf(options);
  const node = await plan.resolve(client);
  const built = graphOf(node);
  const graph: Record<string, unknown> = { ...built.graph };
  const name = `to-csv-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  if (single) {
    const keys = built.keys.map((k, i) => {
      graph[`${name}.${i}`] = { op: taskOp('toCsvText'), args: [ref(k), wopts, i === 0] };
      return `${name}.${i}`;
    });
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const futures = client.submitGraph(graph, keys);
    let fd: number | undefined;
    try {
      fd = fs.openSync(tmp, 'w');
      for (const f of futures) {
        fs.writeSync(fd, (await f.result()) as string);
        f.release();
      }
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(tmp, target);
    } catch (err) {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      await client.cancel(futures).catch(() => undefined);
      throw err;
    }
    return [target];
  }
  fs.mkdirSync(target, { recursive: true });
  const paths = built.keys.map((_, i) => path.join(target, `part-${String(i).padStart(5, '0')}.csv`));
  const keys = built.keys.map((k, i) => {
    graph[`${name}.${i}`] = { op: taskOp('writeCsvPart'), args: [ref(k), paths[i], wopts] };
    return `${name}.${i}`;
  });
  const futures = client.submitGraph(graph, keys);
  const settled = await Promise.allSettled(futures.map((f) => f.result()));
  for (const f of futures) f.release();
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    for (const p of paths) fs.rmSync(p, { force: true });
    throw (failed as PromiseRejectedResult).reason;
  }
  return paths;
}
