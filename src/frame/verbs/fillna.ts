/**
 * `fillna`: missing values replaced by a value for every column it fits, or per column
 * (`{ Embarked: 'S', Fare: averageFare }`), where a value may be a lazy scalar (it becomes a
 * side input every partition reads). Literal values go through `fillNull` expressions, so an
 * int column filled with 2.5 becomes float64 as in pandas.
 */
import { TuskError } from '../../errors.js';
import { type Dtype, isNumeric } from '../core/dtypes.js';
import { requireColumn, typeMismatch } from '../core/meta.js';
import { type Node, stepsNode } from '../core/node.js';
import { type LitValue, Expr, col, litDtype } from '../expr/expr.js';
import { assign } from './assign.js';

/** A lazy scalar's node and dtype (Scalar without the class, to keep verbs free of it). */
export interface ScalarInput {
  readonly node: Node;
  readonly dtype: Dtype | null;
}

export type FillValue = LitValue | ScalarInput;

const isScalarInput = (v: unknown): v is ScalarInput => typeof v === 'object' && v !== null && 'node' in v;

function fits(column: Dtype, value: Dtype | null): boolean {
  if (value === null) return true;
  if (column === value) return true;
  return isNumeric(column) && isNumeric(value) && column !== 'bool' && value !== 'bool';
}

export function fillna(node: Node, value: FillValue | Readonly<Record<string, FillValue>>): Node {
  const meta = node.meta!;
  let fills: [string, FillValue][];
  if (value !== null && typeof value === 'object' && !isScalarInput(value)) {
    fills = Object.entries(value).map(([name, v]) => [requireColumn(meta, name, 'fillna').name, v]);
  } else {
    const t = isScalarInput(value) ? value.dtype : litDtype(value as LitValue);
    fills = meta.columns.filter((c) => fits(c.dtype, t)).map((c) => [c.name, value as FillValue]);
  }
  const literal: Record<string, Expr> = {};
  const sides: ScalarInput[] = [];
  const sideFills: { column: string; side: number }[] = [];
  for (const [name, v] of fills) {
    const dtype = meta.columns.find((c) => c.name === name)!.dtype;
    const vt = isScalarInput(v) ? v.dtype : litDtype(v);
    if (!fits(dtype, vt)) {
      throw typeMismatch('fillna', `column "${name}" is ${dtype} but the fill value is ${vt}`, { column: name, dtype, value: isScalarInput(v) ? '(lazy scalar)' : v }, 'fill with a value of the column\'s type, or cast the column first');
    }
    if (isScalarInput(v)) {
      sideFills.push({ column: name, side: sides.length });
      sides.push(v);
    } else if (v !== null) literal[name] = col(name).fillNull(v);
  }
  if (fills.some(([, v]) => v === undefined)) throw new TuskError('InvalidArgument', 'fillna: a fill value is undefined');
  let out = Object.keys(literal).length ? assign(node, literal) : node;
  if (sides.length) out = stepsNode(out, { s: 'fillna', fills: sideFills }, out.meta!, sides.map((s) => s.node));
  return out;
}
