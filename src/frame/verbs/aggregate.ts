/**
 * Group-by aggregation and whole-column reductions, as tree reductions (`core/reduce.ts`):
 * per-partition partial states, combined `splitEvery` at a time, finalized once. The result of
 * a group-by is a one-partition frame indexed by the keys, sorted by them (pandas' `sort=True`);
 * with `splitOut: P > 1` it is P partitions cut by a hash of the keys (`reduceSplitNode`), each
 * sorted by key, the global order being by bucket (as Dask's `split_out`).
 */
import { TuskError, closest } from '../../errors.js';
import { type Dtype, isNumeric } from '../core/dtypes.js';
import { type ColumnMeta, requireColumn, requireColumns, typeMismatch } from '../core/meta.js';
import type { Node } from '../core/node.js';
import { DEFAULT_SPLIT_EVERY, itemNode, reduceNode, reduceSplitNode } from '../core/reduce.js';
import { memoryLimitNow } from '../core/memory.js';
import { DEFAULT_BLOCKSIZE } from '../csv/options.js';
import { AGG_FNS, type AggFn, type AggItem, type AggSpec, aggOutDtype } from '../ops/aggregate.js';

export type AggSpecInput = Readonly<Record<string, AggFn | readonly AggFn[]>>;

const NUMERIC_ONLY = new Set<AggFn>(['sum', 'mean', 'std', 'var', 'median', 'corr']);

function checkFn(fn: unknown, column: string): AggFn {
  if (typeof fn !== 'string' || !AGG_FNS.includes(fn as AggFn)) {
    const guess = typeof fn === 'string' ? closest(fn, AGG_FNS) : undefined;
    throw new TuskError('InvalidArgument', `agg: ${JSON.stringify(fn)} (for "${column}") is not an aggregation; use one of ${AGG_FNS.join(', ')}`, {
      context: { column, fn },
      hint: guess ? `did you mean '${guess}'?` : undefined,
    });
  }
  return fn as AggFn;
}

function item(c: ColumnMeta, fn: AggFn, out: string): AggItem {
  if (NUMERIC_ONLY.has(fn) && !isNumeric(c.dtype)) {
    throw typeMismatch('agg', `cannot take the ${fn} of column "${c.name}" (${c.dtype})`, { column: c.name, dtype: c.dtype, fn }, `use count, nunique, min, max, first or last on ${c.dtype} columns, or cast it`);
  }
  return { column: fn === 'size' ? null : c.name, fn, out, inDtype: c.dtype === 'bool' && fn === 'sum' ? 'int64' : c.dtype };
}

/** `{ Age: 'mean', Fare: ['min', 'max'] }` → items; a list names outputs `Fare_min`, `Fare_max`. */
export function aggItems(meta: { columns: readonly ColumnMeta[]; index: readonly ColumnMeta[] }, spec: AggSpecInput): AggItem[] {
  if (spec === null || typeof spec !== 'object') throw new TuskError('InvalidArgument', "agg: expected an object such as { Age: 'mean' }");
  const items: AggItem[] = [];
  for (const [name, fns] of Object.entries(spec)) {
    const c = requireColumn(meta, name, 'agg');
    if (Array.isArray(fns)) for (const f of fns) items.push(item(c, checkFn(f, name), `${name}_${f}`));
    else items.push(item(c, checkFn(fns, name), name));
  }
  if (items.length === 0) throw new TuskError('InvalidArgument', 'agg: no aggregation given');
  return items;
}

export function groupByKeys(node: Node, by: string | readonly string[]): ColumnMeta[] {
  const keys = requireColumns(node.meta!, by, 'groupby', true);
  if (keys.length === 0) throw new TuskError('InvalidArgument', 'groupby: give at least one key column');
  return keys;
}

/** How many partitions a group-by's result has: a count, or 'auto' (see `splitOutOf`). */
export type SplitOut = number | 'auto';

export interface GroupAggOptions {
  splitEvery?: number;
  ddof?: number;
  splitOut?: SplitOut;
  /** Groups sorted by key (default, pandas' `sort=True`), or in order of first appearance (`false`). */
  sort?: boolean;
}

/**
 * The number of output partitions of a group-by over `npartitions` partitions by `nkeys` keys.
 * 'auto' reasons as Dask's rule of thumb does — more input partitions and more keys mean more
 * groups — but gives more: `ceil(npartitions · min(nkeys, 4) / 4)`, one output partition per
 * input partition from four keys on. A bucket's final task sorts and builds its groups, and past
 * about a partition's worth of groups that slows down per group (measured for db-benchmark's q10
 * at 1e7, six keys, a group per row: the finals of 5M groups took 8.6–12 s as one task, 3.8–4.7 s
 * as four, 3.9 s as eight); with few groups an extra bucket costs a few small tasks. Then raised
 * so that each output partition's share of the input (at most `npartitions · 64 MiB` when every
 * row is its own group, 64 MiB being the CSV blocksize) stays under a sixteenth of the memory limit
 * known when the graph is built (a final holds its input, the groups' codes and sort, and its
 * output; two or more run at once) — the newest open client's cluster's `memoryLimit`, else the
 * default cluster's (`ta.config.set`), else `TUSK_MEMORY_LIMIT` / half the machine's memory; then
 * capped at `npartitions` (at least 1).
 */
export function splitOutOf(splitOut: SplitOut | undefined, npartitions: number, nkeys: number): number {
  if (splitOut === undefined) return 1;
  if (splitOut === 'auto') {
    const byKeys = Math.ceil((npartitions * Math.min(Math.max(1, nkeys), 4)) / 4);
    const limit = memoryLimitNow();
    const byMemory = Math.ceil((npartitions * DEFAULT_BLOCKSIZE) / Math.max(1, limit / 16));
    return Math.max(1, Math.min(npartitions, Math.max(byKeys, byMemory)));
  }
  if (typeof splitOut !== 'number' || !Number.isInteger(splitOut) || splitOut < 1) {
    throw new TuskError('InvalidArgument', `groupby: splitOut must be a whole number ≥ 1 or 'auto', got ${JSON.stringify(splitOut)}`, { context: { splitOut } });
  }
  return splitOut;
}

export function groupAgg(node: Node, by: readonly ColumnMeta[], items: readonly AggItem[], options: GroupAggOptions = {}): Node {
  if (options.sort !== undefined && typeof options.sort !== 'boolean') {
    throw new TuskError('InvalidArgument', `groupby: sort must be true or false, got ${JSON.stringify(options.sort)}`, { context: { sort: options.sort } });
  }
  const spec: AggSpec = { by, items, ddof: options.ddof ?? 1, ...(options.sort === false ? { sort: false } : {}) };
  const meta = { index: by, columns: items.map((it) => ({ name: it.out, dtype: aggOutDtype(it.fn, it.inDtype) })) };
  const splitEvery = options.splitEvery ?? DEFAULT_SPLIT_EVERY;
  const nbuckets = splitOutOf(options.splitOut, node.npartitions, by.length);
  if (nbuckets > 1) {
    return reduceSplitNode({ kind: 'aggSplitChunk', params: { spec, nbuckets } }, 'agg', { spec, output: 'table' }, node, meta, nbuckets, splitEvery, 'groupby-agg', { fuseFinal: true });
  }
  return reduceNode('agg', { spec, output: 'table' }, node, meta, splitEvery, 'groupby-agg', { fuseFinal: true });
}

/** `groupby(keys).col(a).corr(b)`: Pearson's r of the pairs where both are present, per group (a Series named `a`). */
export function groupCorr(node: Node, by: readonly ColumnMeta[], a: string, b: string, options: GroupAggOptions = {}): Node {
  const ca = requireColumn(node.meta!, a, 'corr', true);
  const cb = requireColumn(node.meta!, b, 'corr', true);
  const it = item(ca, 'corr', ca.name);
  item(cb, 'corr', cb.name); // numeric check
  return groupAgg(node, by, [{ ...it, other: cb.name }], options);
}

/** One reduction of one column → a value node and the value's dtype. */
export function columnAgg(node: Node, column: string, fn: AggFn, options: { splitEvery?: number; ddof?: number } = {}): { node: Node; dtype: Dtype } {
  const c = requireColumn(node.meta!, column, fn, true);
  const it = item(c, fn, column);
  const spec: AggSpec = { by: [], items: [it], ddof: options.ddof ?? 1 };
  const values = reduceNode('agg', { spec, output: 'values' }, node, null, options.splitEvery ?? DEFAULT_SPLIT_EVERY, fn);
  return { node: itemNode(values, 0, fn), dtype: aggOutDtype(fn, it.inDtype) };
}
