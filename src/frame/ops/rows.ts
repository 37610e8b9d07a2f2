/**
 * Partition kernels over rows and values: assign, filter, fillna, per-partition head/tail.
 */
import { type Col, castCol, isValid } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, colOf, filterRows, slot } from '../core/part.js';
import type { ExprNode, LitValue } from '../expr/expr.js';
import { evaluate } from '../expr/evaluate.js';
import { fromCells } from '../core/column.js';

/** New or replaced columns, in order; each sees the ones before it (pandas' `assign`). */
export function assignColumns(p: Part, items: readonly (readonly [string, ExprNode, Dtype])[]): Part {
  let out = p;
  for (const [name, expr, dtype] of items) {
    let c = evaluate(expr, out);
    if (c.dtype !== dtype) c = castCol(c, dtype);
    if (c.values.length !== out.length) c = broadcast(c, out.length);
    const at = out.columns.findIndex((s) => s.name === name);
    const columns = [...out.columns];
    if (at >= 0) columns[at] = slot(name, c);
    else columns.push(slot(name, c));
    out = { ...out, columns };
  }
  return out;
}

function broadcast(c: Col, n: number): Col {
  const v = c.values.length > 0 && isValid(c, 0) ? c.values[0] : null;
  return fromCells(c.dtype, new Array(n).fill(v));
}

export function filterByExpr(p: Part, expr: ExprNode): Part {
  const c = evaluate(expr, p);
  const mask = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) mask[i] = isValid(c, i) && c.values[i] === 1 ? 1 : 0;
  return filterRows(p, mask);
}

/** Missing values of each named column replaced by a value already cast to the column's type. */
export function fillMissing(p: Part, fills: readonly { column: string; value: LitValue }[]): Part {
  const by = new Map(fills.map((f) => [f.column, f.value]));
  const fill = (s: Part['columns'][number]) => {
    if (!by.has(s.name)) return s;
    const c = colOf(s);
    if (c.valid === null) return s;
    const v = by.get(s.name);
    if (v === null || v === undefined) return s;
    const filler = castCol(fromCells(typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' ? 'int64' : 'float64', [v]), c.dtype);
    const values = c.values.slice() as typeof c.values;
    for (let i = 0; i < values.length; i++) if (c.valid[i] === 0) (values as unknown[])[i] = filler.values[0];
    return slot(s.name, { dtype: c.dtype, values, valid: null });
  };
  return { ...p, columns: p.columns.map(fill) };
}
