/**
 * `assign` (new or replaced columns from expressions, each seeing the ones before it, as in
 * pandas) and `filter` (rows where a boolean expression holds). Expressions are type-checked
 * against the frame's columns here, before anything runs.
 */
import { TuskError } from '../../errors.js';
import type { Dtype } from '../core/dtypes.js';
import { type ColumnMeta, type FrameMeta, typeMismatch } from '../core/meta.js';
import { type Node, stepsNode } from '../core/node.js';
import { type ExprLike, type ExprNode, show, toNode } from '../expr/expr.js';
import { columnType, exprType } from '../expr/types.js';

export function assign(node: Node, columns: Readonly<Record<string, ExprLike>>): Node {
  if (columns === null || typeof columns !== 'object') throw new TuskError('InvalidArgument', 'assign: expected an object of column name → expression');
  let meta: FrameMeta = node.meta!;
  const items: [string, ExprNode, Dtype][] = [];
  for (const [name, value] of Object.entries(columns)) {
    const expr = toNode(value, `assign "${name}"`);
    const dtype = columnType(expr, meta, `assign "${name}"`);
    items.push([name, expr, dtype]);
    const col: ColumnMeta = { name, dtype };
    const at = meta.columns.findIndex((c) => c.name === name);
    meta = { index: meta.index, columns: at >= 0 ? meta.columns.map((c, k) => (k === at ? col : c)) : [...meta.columns, col] };
  }
  return stepsNode(node, { s: 'assign', items }, meta);
}

export function filter(node: Node, condition: ExprLike): Node {
  const meta = node.meta!;
  const expr = toNode(condition, 'filter');
  const t = exprType(expr, meta, 'filter');
  if (t !== 'bool') throw typeMismatch('filter', `the condition ${show(expr)} is ${t}, not bool`, { expression: show(expr), dtype: t }, 'compare it: col("Age").gt(30)');
  return stepsNode(node, { s: 'filter', expr }, meta);
}
