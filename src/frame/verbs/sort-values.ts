/**
 * `sortValues`: a global, stable, multi-key sort (ascending per key, nulls last) that keeps the
 * number of partitions. Each partition is sorted in memory; a sample of keys from every sorted
 * partition gives splitters; each sorted partition is cut at them; output partition j merges
 * the j-th pieces (in partition order, so equal keys keep their original order).
 */
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { taskOp } from '../core/lower.js';
import { requireColumns } from '../core/meta.js';
import { type Node, layerNode, partKey, stepsNode } from '../core/node.js';
import { reduceNode } from '../core/reduce.js';

export interface SortOptions {
  ascending?: boolean | readonly boolean[];
}

export function sortValues(node: Node, by: string | readonly string[], options: SortOptions = {}): Node {
  const meta = node.meta!;
  const keys = requireColumns(meta, by, 'sortValues', true).map((c) => c.name);
  if (keys.length === 0) throw new TuskError('InvalidArgument', 'sortValues: give at least one column');
  const asc = options.ascending ?? true;
  const ascending = Array.isArray(asc) ? [...asc] : keys.map(() => asc as boolean);
  if (ascending.length !== keys.length || ascending.some((a) => typeof a !== 'boolean')) {
    throw new TuskError('InvalidArgument', `sortValues: ascending has ${ascending.length} entries for ${keys.length} keys`);
  }
  const sorted = stepsNode(node, { s: 'sort', by: keys, ascending }, meta);
  if (node.npartitions === 1) return sorted;
  const n = node.npartitions;
  const splitters = reduceNode('sortSample', { by: keys, ascending, perPartition: 64, npartitions: n }, sorted, null);
  return layerNode('sort-values', { keys, ascending }, [sorted, splitters], meta, n, (ctx) => {
    const [parts, sp] = ctx.inputs;
    const pieces = parts!.map((k, i) => ctx.add(`${ctx.name}-split.${i}`, taskOp('splitAt'), [keys, ascending, ref(k), ref(sp![0]!), n]));
    const out: string[] = [];
    for (let j = 0; j < n; j++) {
      const mine = pieces.map((p, i) => ctx.add(`${ctx.name}-piece.${i}.${j}`, taskOp('pickPiece'), [ref(p), j], { extract: true }));
      out.push(ctx.add(partKey(ctx.name, j), taskOp('mergeSorted'), [keys, ascending, ...mine.map(ref)]));
    }
    return out;
  });
}
