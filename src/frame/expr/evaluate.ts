/**
 * Runs an expression on a partition (worker side), with pandas' missing-value rules: arithmetic
 * and string functions propagate a missing value, comparisons with one are false (`!=`: true),
 * `&`/`|` read it as false, `isNull` sees it.
 *
 * Integers are computed in float64 and converted back: exact up to 2^53.
 */
import { type Col, allocValues, asFloat, castCol, cellKey, getCell, isValid, nullCol } from '../core/column.js';
import { type Dtype, isInteger } from '../core/dtypes.js';
import type { FrameMeta } from '../core/meta.js';
import { type Part, colOf, findColumn } from '../core/part.js';
import type { ExprNode, LitValue } from './expr.js';
import { exprType } from './types.js';

export function partMeta(p: Part): FrameMeta {
  return { index: p.index.map((s) => ({ name: s.name, dtype: s.dtype })), columns: p.columns.map((s) => ({ name: s.name, dtype: s.dtype })) };
}

/** The column `node` gives on `part`. */
export function evaluate(node: ExprNode, part: Part): Col {
  const meta = partMeta(part);
  return evalNode(node, part, meta, exprType(node, meta, 'evaluate') ?? 'float64');
}

function litCol(value: LitValue, dtype: Dtype, n: number): Col {
  if (value === null) return nullCol(dtype, n);
  const values = allocValues(dtype, n);
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'int64' || dtype === 'datetime') (values as BigInt64Array).fill(BigInt(v as number));
  else if (dtype === 'string') (values as string[]).fill(String(v));
  else (values as Float64Array).fill(Number(v));
  return { dtype, values, valid: null };
}

/** `want` is the dtype the parent expects (it gives a bare null literal its type). */
function evalNode(node: ExprNode, part: Part, meta: FrameMeta, want: Dtype): Col {
  const n = part.length;
  const typeOf = (x: ExprNode): Dtype => exprType(x, meta, 'evaluate') ?? want;
  const sub = (x: ExprNode, t: Dtype = typeOf(x)): Col => evalNode(x, part, meta, t);
  switch (node.e) {
    case 'col':
      return colOf(findColumn(part, node.name)!);
    case 'lit': {
      const t = node.dtype ?? want;
      const c = litCol(node.value, node.dtype ?? t, n);
      return c.dtype === t ? c : castCol(c, t);
    }
    case 'bin':
      return binary(node.op, node.a, node.b, typeOf, sub, n, exprType(node, meta, 'evaluate') ?? want);
    case 'un':
      return unary(node.op, sub(node.a), n, exprType(node, meta, 'evaluate') ?? want);
    case 'fillNull': {
      const out = exprType(node, meta, 'evaluate') ?? want;
      const a = castCol(sub(node.a, out), out);
      if (a.valid === null) return a;
      const b = castCol(sub(node.b, out), out);
      return pick(a.valid, a, b, out, n);
    }
    case 'where': {
      const out = exprType(node, meta, 'evaluate') ?? want;
      const c = sub(node.cond, 'bool');
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) mask[i] = isValid(c, i) && c.values[i] === 1 ? 1 : 0;
      return pick(mask, castCol(sub(node.a, out), out), castCol(sub(node.b, out), out), out, n);
    }
    case 'cast':
      return castCol(sub(node.a), node.dtype);
    case 'str': {
      const a = sub(node.a, 'string');
      const s = a.values as string[];
      const re = node.regex ? new RegExp(node.pattern, node.caseSensitive ? '' : 'i') : null;
      const pat = node.caseSensitive ? node.pattern : node.pattern.toLowerCase();
      const test = (x: string): boolean => {
        if (re) return re.test(x);
        const y = node.caseSensitive ? x : x.toLowerCase();
        return node.op === 'contains' ? y.includes(pat) : node.op === 'startsWith' ? y.startsWith(pat) : y.endsWith(pat);
      };
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (isValid(a, i)) values[i] = test(s[i]!) ? 1 : 0;
      return { dtype: 'bool', values, valid: a.valid === null ? null : a.valid.slice() };
    }
    case 'isIn': {
      const a = sub(node.a);
      const keys = new Set(node.values.map((v) => (v === null ? '\u0000null' : typeof v === 'string' ? `s${v}` : `n${typeof v === 'boolean' ? (v ? 1 : 0) : String(v)}`)));
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = keys.has(cellKey(a, i)) ? 1 : 0;
      return { dtype: 'bool', values, valid: null };
    }
  }
}

function pick(takeA: Uint8Array, a: Col, b: Col, dtype: Dtype, n: number): Col {
  const values = allocValues(dtype, n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const src = takeA[i] === 1 ? a : b;
    if (isValid(src, i)) (values as unknown[])[i] = src.values[i];
    else {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return { dtype, values, valid };
}

/** Float results converted to `dtype`; non-finite integers become missing. */
function fromFloats(x: Float64Array, dtype: Dtype): Col {
  const n = x.length;
  let valid: Uint8Array | null = null;
  const values = allocValues(dtype, n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Number.isNaN(v) || (isInteger(dtype) && !Number.isFinite(v))) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else if (dtype === 'int64') (values as BigInt64Array)[i] = BigInt(Math.trunc(v));
    else (values as Float64Array)[i] = v;
  }
  return { dtype, values, valid };
}

function temporalMs(c: Col): Float64Array {
  const f = asFloat(c);
  if (c.dtype === 'date') for (let i = 0; i < f.length; i++) f[i] = f[i]! * 86_400_000;
  return f;
}

function binary(op: string, an: ExprNode, bn: ExprNode, typeOf: (x: ExprNode) => Dtype, sub: (x: ExprNode, t?: Dtype) => Col, n: number, out: Dtype): Col {
  const ta = an.e === 'lit' && an.value === null ? typeOf(bn) : typeOf(an);
  const tb = bn.e === 'lit' && bn.value === null ? ta : typeOf(bn);
  const a = sub(an, ta);
  const b = sub(bn, tb);
  const both = (i: number) => isValid(a, i) && isValid(b, i);
  if (op === '&' || op === '|') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = isValid(a, i) && a.values[i] === 1;
      const y = isValid(b, i) && b.values[i] === 1;
      values[i] = (op === '&' ? x && y : x || y) ? 1 : 0;
    }
    return { dtype: 'bool', values, valid: null };
  }
  if (out === 'bool' && ['==', '!=', '<', '<=', '>', '>='].includes(op)) {
    const values = new Uint8Array(n);
    const strings = a.dtype === 'string';
    const av = strings ? (a.values as string[]) : a.dtype === 'date' || a.dtype === 'datetime' ? temporalMs(a) : asFloat(a);
    const bv = strings ? (b.values as string[]) : b.dtype === 'date' || b.dtype === 'datetime' ? temporalMs(b) : asFloat(b);
    for (let i = 0; i < n; i++) {
      if (!both(i)) {
        values[i] = op === '!=' ? 1 : 0;
        continue;
      }
      const x = av[i]!;
      const y = bv[i]!;
      const r = op === '==' ? x === y : op === '!=' ? x !== y : op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      values[i] = r ? 1 : 0;
    }
    return { dtype: 'bool', values, valid: null };
  }
  if (out === 'string') {
    const values = new Array<string>(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      valid[i] = both(i) ? 1 : 0;
      values[i] = both(i) ? (a.values as string[])[i]! + (b.values as string[])[i]! : '';
    }
    return { dtype: 'string', values, valid: valid.every((v) => v === 1) ? null : valid };
  }
  const x = asFloat(a);
  const y = asFloat(b);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    const q = y[i]!;
    switch (op) {
      case '+': r[i] = p + q; break;
      case '-': r[i] = p - q; break;
      case '*': r[i] = p * q; break;
      case '/': r[i] = p / q; break;
      case '//': r[i] = Math.floor(p / q); break;
      case '%': r[i] = q === 0 ? NaN : p - Math.floor(p / q) * q; break;
      case '**': r[i] = p ** q; break;
    }
  }
  return fromFloats(r, out);
}

function unary(op: string, a: Col, n: number, out: Dtype): Col {
  switch (op) {
    case 'isNull':
    case 'notNull': {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = isValid(a, i) === (op === 'notNull') ? 1 : 0;
      return { dtype: 'bool', values, valid: null };
    }
    case 'not': {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = isValid(a, i) && a.values[i] === 1 ? 0 : 1;
      return { dtype: 'bool', values, valid: null };
    }
    case 'neg':
    case 'abs': {
      const x = asFloat(a);
      for (let i = 0; i < n; i++) x[i] = op === 'neg' ? -x[i]! : Math.abs(x[i]!);
      return fromFloats(x, out);
    }
    case 'len': {
      const cells = new Array<number | null>(n);
      for (let i = 0; i < n; i++) cells[i] = isValid(a, i) ? [...(a.values as string[])[i]!].length : null;
      const values = new BigInt64Array(n);
      for (let i = 0; i < n; i++) values[i] = BigInt(cells[i] ?? 0);
      return { dtype: 'int64', values, valid: a.valid === null ? null : a.valid.slice() };
    }
    default: {
      const s = a.values as string[];
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const v = isValid(a, i) ? s[i]! : '';
        values[i] = op === 'lower' ? v.toLowerCase() : op === 'upper' ? v.toUpperCase() : v.trim();
      }
      return { dtype: 'string', values, valid: a.valid === null ? null : a.valid.slice() };
    }
  }
}

/** A literal as a cell of `dtype`. */
export function litCell(value: LitValue, dtype: Dtype): unknown {
  return getCell(litCol(value, dtype, 1), 0);
}
