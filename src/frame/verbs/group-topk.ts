/**
 * `groupby(keys).col(c).nlargest(n)` / `.nsmallest(n)`: the best `n` values of each group, one
 * row each, indexed by the keys (pandas adds the original row labels as a last index level; here
 * the keys alone index the result). A tree reduction (`ops/group-topk.ts`) holding n values a
 * group; with `splitOut: P > 1` a hash-partitioned one whose result has P partitions, each sorted
 * by key (as the aggregation's, `verbs/aggregate.ts`).
 */
import { TuskError } from '../../errors.js';
import { type ColumnMeta, requireColumn, typeMismatch } from '../core/meta.js';
import type { Node } from '../core/node.js';
import { DEFAULT_SPLIT_EVERY, reduceNode, reduceSplitNode } from '../core/reduce.js';
import type { TopKSpec } from '../ops/group-topk.js';
import { isNumeric, isTemporal } from '../core/dtypes.js';
import { type SplitOut, splitOutOf } from './aggregate.js';

export function groupTopK(node: Node, by: readonly ColumnMeta[], column: string, n: number, largest: boolean, options: { splitEvery?: number; splitOut?: SplitOut } = {}): Node {
  const where = largest ? 'nlargest' : 'nsmallest';
  const c = requireColumn(node.meta!, column, where);
  if (!Number.isSafeInteger(n) || n < 0) throw new TuskError('InvalidArgument', `${where}: n must be a whole number ≥ 0, got ${n}`, { context: { n } });
  if (!isNumeric(c.dtype) && !isTemporal(c.dtype)) {
    throw typeMismatch(where, `column "${c.name}" is ${c.dtype}`, { column: c.name, dtype: c.dtype }, `${where} needs numbers or dates (pandas refuses object columns too)`);
  }
  const spec: TopKSpec = { by, column: c.name, dtype: c.dtype, n, largest };
  const meta = { index: by, columns: [{ name: c.name, dtype: c.dtype }] };
  const splitEvery = options.splitEvery ?? DEFAULT_SPLIT_EVERY;
  const nbuckets = splitOutOf(options.splitOut, node.npartitions, by.length);
  if (nbuckets > 1) {
    return reduceSplitNode({ kind: 'topkSplitChunk', params: { spec, nbuckets } }, 'topk', spec, node, meta, nbuckets, splitEvery, `groupby-${where}`, { fuseFinal: true });
  }
  return reduceNode('topk', spec, node, meta, splitEvery, `groupby-${where}`, { fuseFinal: true });
}
