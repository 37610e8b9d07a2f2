/**
 * Summaries by tree reduction: `valueCounts`, `unique`, `idxmax`/`idxmin`, `length`,
 * `dropDuplicates` (one partition: where each distinct row occurs, then a keep; several: by
 * hash partitioning, verbs/reshape.ts), `describe` (count, mean, std, min, exact percentiles, max of numeric columns).
 */
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { type Dtype, isNumeric } from '../core/dtypes.js';
import { taskOp } from '../core/lower.js';
import { requireColumn, requireColumns, typeMismatch } from '../core/meta.js';
import { type Node, layerNode, partKey, stepsNode } from '../core/node.js';
import { itemNode, reduceNode } from '../core/reduce.js';
import { UNNAMED_INDEX } from '../core/part.js';
import { shuffleBuckets } from './join.js';
import { hashDropDuplicates } from './reshape.js';

/** The single data column of a Series node. */
export const seriesColumn = (node: Node) => node.meta!.columns[0]!;

export function valueCounts(node: Node, options: { normalize?: boolean } = {}): Node {
  const c = seriesColumn(node);
  const meta = { index: [{ name: UNNAMED_INDEX, dtype: c.dtype }], columns: [{ name: c.name, dtype: (options.normalize ? 'float64' : 'int64') as Dtype }] };
  return reduceNode('valueCounts', { column: c.name, dtype: c.dtype, name: c.name, indexName: UNNAMED_INDEX, normalize: options.normalize ?? false }, node, meta, undefined, 'value-counts');
}

export function unique(node: Node): Node {
  return itemNode(reduceNode('categories', { columns: [seriesColumn(node).name], sorted: false }, node, null, undefined, 'unique'), 0, 'unique');
}

export function idx(node: Node, which: 'max' | 'min'): Node {
  const c = seriesColumn(node);
  if (!isNumeric(c.dtype) && c.dtype !== 'string' && c.dtype !== 'date' && c.dtype !== 'datetime') {
    throw typeMismatch(`idx${which}`, `cannot order column "${c.name}" (${c.dtype})`, { column: c.name });
  }
  return reduceNode('idx', { column: c.name, which }, node, null, undefined, `idx${which}`);
}

export function rowCount(node: Node): Node {
  return reduceNode('rowCount', {}, node, null, undefined, 'length');
}

export function dropDuplicates(node: Node, options: { subset?: string | readonly string[]; keep?: 'first' | 'last' | false } = {}): Node {
  const meta = node.meta!;
  const subset = options.subset === undefined ? meta.columns.map((c) => c.name) : requireColumns(meta, options.subset, 'dropDuplicates').map((c) => c.name);
  const keep = options.keep ?? 'first';
  if (keep !== 'first' && keep !== 'last' && keep !== false) throw new TuskError('InvalidArgument', `dropDuplicates: keep must be 'first', 'last' or false, got ${JSON.stringify(keep)}`);
  if (node.npartitions > 1) return hashDropDuplicates(node, subset, keep, shuffleBuckets(node.npartitions, 0));
  const occ = reduceNode('occurrences', { subset, keep }, node, null, undefined, 'occurrences');
  return stepsNode(node, { s: 'keepOccurrences', subset, keep }, meta, [occ]);
}

export const DESCRIBE_ROWS = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'];

export function describe(node: Node): Node {
  const meta = node.meta!;
  const cols = meta.columns.filter((c) => isNumeric(c.dtype));
  if (cols.length === 0) throw new TuskError('InvalidArgument', 'describe: no numeric columns', { hint: 'describe summarizes numeric columns; use valueCounts on others' });
  const items = cols.flatMap((c) => (['count', 'mean', 'std', 'min', 'max'] as const).map((fn) => ({ column: c.name, fn, out: `${c.name}:${fn}`, inDtype: c.dtype === 'bool' ? ('int64' as Dtype) : c.dtype })));
  const stats = reduceNode('agg', { spec: { by: [], items, ddof: 1 }, output: 'values' }, node, null, undefined, 'describe-stats');
  const sorted = reduceNode('sortedValues', { columns: cols.map((c) => c.name) }, node, null, undefined, 'describe-sorted');
  const outMeta = { index: [{ name: UNNAMED_INDEX, dtype: 'string' as Dtype }], columns: cols.map((c) => ({ name: c.name, dtype: 'float64' as Dtype })) };
  const names = cols.map((c) => c.name);
  return layerNode('describe', { names }, [stats, sorted], outMeta, 1, (ctx) => [
    ctx.add(partKey(ctx.name, 0), taskOp('describeTable'), [names, ref(ctx.inputs[0]![0]!), ref(ctx.inputs[1]![0]!)]),
  ]);
}

export function checkSeriesColumn(node: Node, name: string): void {
  requireColumn(node.meta!, name, 'col');
}
