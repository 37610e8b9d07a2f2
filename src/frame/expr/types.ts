/**
 * Type checking of expressions against a frame's columns, on the main thread before anything
 * runs: unknown columns and type mismatches fail here, naming the expression.
 */
import { type Dtype, isFloat, isNumeric, isTemporal, promote } from '../core/dtypes.js';
import { type FrameMeta, requireColumn, typeMismatch } from '../core/meta.js';
import { type ExprNode, show } from './expr.js';

/** null: a bare `null` literal, which takes the type of whatever it meets. */
export type ExprType = Dtype | null;

function unify(a: ExprType, b: ExprType, what: string, node: ExprNode, where: string): ExprType {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if (isNumeric(a) && isNumeric(b) && a !== 'bool' && b !== 'bool') return promote(a, b);
  throw typeMismatch(where, `${what} mixes ${a} and ${b} in ${show(node)}`, { expression: show(node), left: a, right: b }, 'cast one side first: .cast("float64")');
}

export function exprType(node: ExprNode, meta: FrameMeta, where: string): ExprType {
  const t = (n: ExprNode) => exprType(n, meta, where);
  const need = (ok: boolean, msg: string, hint?: string) => {
    if (!ok) throw typeMismatch(where, `${msg} in ${show(node)}`, { expression: show(node) }, hint);
  };
  switch (node.e) {
    case 'col':
      return requireColumn(meta, node.name, where, true).dtype;
    case 'lit':
      return node.dtype;
    case 'bin': {
      const a = t(node.a);
      const b = t(node.b);
      const op = node.op;
      if (op === '&' || op === '|') {
        need((a === null || a === 'bool') && (b === null || b === 'bool'), `'${op}' needs booleans, got ${a} and ${b}`, 'compare first: col("x").gt(0)');
        return 'bool';
      }
      if (['==', '!=', '<', '<=', '>', '>='].includes(op)) {
        const ok = a === null || b === null || a === b || (isNumeric(a) && isNumeric(b)) || (isTemporal(a) && isTemporal(b));
        need(ok, `cannot compare ${a} with ${b}`, 'cast one side: .cast("string") or .cast("float64")');
        return 'bool';
      }
      if (op === '+' && (a === 'string' || b === 'string')) {
        need((a === null || a === 'string') && (b === null || b === 'string'), `'+' joins strings only with strings, got ${a} and ${b}`, 'cast the other side: .cast("string")');
        return 'string';
      }
      need((a === null || isNumeric(a)) && (b === null || isNumeric(b)), `'${op}' needs numbers, got ${a} and ${b}`, 'cast strings to numbers first: .cast("float64")');
      if (op === '/' || op === '**' && (b === null || isFloat(b))) return 'float64';
      if (a === null || b === null) return a ?? b ?? 'float64';
      return promote(a === 'bool' ? 'int64' : a, b === 'bool' ? 'int64' : b);
    }
    case 'un': {
      const a = t(node.a);
      switch (node.op) {
        case 'isNull':
        case 'notNull':
          return 'bool';
        case 'not':
          need(a === null || a === 'bool', `not() needs a boolean, got ${a}`);
          return 'bool';
        case 'neg':
        case 'abs':
          need(a === null || (isNumeric(a) && a !== 'bool'), `${node.op}() needs a number, got ${a}`);
          return a === 'uint8' ? 'int64' : a;
        case 'lower':
        case 'upper':
        case 'strip':
          need(a === null || a === 'string', `${node.op}() needs strings, got ${a}`, 'cast first: .cast("string")');
          return 'string';
        case 'len':
          need(a === null || a === 'string', `len() needs strings, got ${a}`, 'cast first: .cast("string")');
          return 'int64';
      }
      break;
    }
    case 'fillNull':
      return unify(t(node.a), t(node.b), 'fillNull', node, where);
    case 'cast':
      t(node.a);
      return node.dtype;
    case 'where': {
      const c = t(node.cond);
      need(c === null || c === 'bool', `where() needs a boolean condition, got ${c}`, 'compare first: col("x").gt(0)');
      return unify(t(node.a), t(node.b), 'where', node, where);
    }
    case 'str': {
      const a = t(node.a);
      need(a === null || a === 'string', `${node.op}() needs strings, got ${a}`, 'cast first: .cast("string")');
      return 'bool';
    }
    case 'isIn':
      t(node.a);
      return 'bool';
  }
  return null;
}

/** The type of an expression used as a column: a bare null literal becomes float64 (pandas' NaN). */
export function columnType(node: ExprNode, meta: FrameMeta, where: string): Dtype {
  return exprType(node, meta, where) ?? 'float64';
}

/** Column names an expression reads. */
export function columnsOf(node: ExprNode, into: Set<string> = new Set()): Set<string> {
  switch (node.e) {
    case 'col': into.add(node.name); break;
    case 'lit': break;
    case 'bin': columnsOf(node.a, into); columnsOf(node.b, into); break;
    case 'where': columnsOf(node.cond, into); columnsOf(node.a, into); columnsOf(node.b, into); break;
    case 'fillNull': columnsOf(node.a, into); columnsOf(node.b, into); break;
    default: columnsOf(node.a, into);
  }
  return into;
}
