/**
 * `head(n)` / `tail(n)`, eager as in Dask: partitions are computed one at a time from the start
 * (or the end) until n rows are in hand, so `head()` of a big CSV reads one block.
 */
import type { Table } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { graphOf } from '../core/lower.js';
import { type Part, concatParts, emptyPart, fromTable, sliceRows, toTable } from '../core/part.js';
import type { Plan } from '../core/plan.js';
import { type ComputeOptions, clientOf } from '../core/run.js';

async function rows(plan: Plan, n: number, options: ComputeOptions, fromEnd: boolean): Promise<Table> {
  if (!Number.isInteger(n) || n < 0) throw new TuskError('InvalidArgument', `${fromEnd ? 'tail' : 'head'}: n must be a non-negative integer, got ${n}`);
  const client = clientOf(options);
  const node = await plan.resolve(client);
  const { graph, keys } = graphOf(node);
  const got: Part[] = [];
  let have = 0;
  const order = fromEnd ? [...keys].reverse() : keys;
  for (const key of order) {
    if (have >= n) break;
    const p = fromTable((await client.get(graph, key)) as Table);
    if (fromEnd) got.unshift(p);
    else got.push(p);
    have += p.length;
  }
  const all = got.length ? concatParts(got) : emptyPart(node.meta!.index, node.meta!.columns);
  return toTable(fromEnd ? sliceRows(all, all.length - n, all.length) : sliceRows(all, 0, n));
}

export const headRows = (plan: Plan, n: number, options: ComputeOptions = {}): Promise<Table> => rows(plan, n, options, false);
export const tailRows = (plan: Plan, n: number, options: ComputeOptions = {}): Promise<Table> => rows(plan, n, options, true);
