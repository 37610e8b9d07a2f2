/**
 * Column expressions: `col('Age').fillNull(col('Age_imp'))`, `col('Fare').mul(2).gt(10)`.
 *
 * An `Expr` wraps a plain-data tree (`ExprNode`) so it can travel inside a task to a worker,
 * be hashed into a key, and be type-checked against a frame's columns before anything runs
 * (`types.ts`); `evaluate.ts` runs it on a partition.
 */
import { TuskError } from '../../errors.js';
import { type Dtype, toDtype } from '../core/dtypes.js';

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '|';
export type UnaryOp = 'neg' | 'not' | 'abs' | 'isNull' | 'notNull' | 'lower' | 'upper' | 'strip' | 'len';
export type StringTest = 'contains' | 'startsWith' | 'endsWith';
export type LitValue = number | bigint | string | boolean | null;

export type ExprNode =
  | { readonly e: 'col'; readonly name: string }
  | { readonly e: 'lit'; readonly value: LitValue; readonly dtype: Dtype | null }
  | { readonly e: 'bin'; readonly op: BinaryOp; readonly a: ExprNode; readonly b: ExprNode }
  | { readonly e: 'un'; readonly op: UnaryOp; readonly a: ExprNode }
  | { readonly e: 'fillNull'; readonly a: ExprNode; readonly b: ExprNode }
  | { readonly e: 'cast'; readonly a: ExprNode; readonly dtype: Dtype }
  | { readonly e: 'where'; readonly cond: ExprNode; readonly a: ExprNode; readonly b: ExprNode }
  | { readonly e: 'str'; readonly op: StringTest; readonly a: ExprNode; readonly pattern: string; readonly regex: boolean; readonly caseSensitive: boolean }
  | { readonly e: 'isIn'; readonly a: ExprNode; readonly values: readonly LitValue[] };

/** What may stand where an expression is expected: an Expr or a literal. */
export type ExprLike = Expr | LitValue;

export function litDtype(value: LitValue): Dtype | null {
  switch (typeof value) {
    case 'number': return Number.isInteger(value) ? 'int64' : 'float64';
    case 'bigint': return 'int64';
    case 'string': return 'string';
    case 'boolean': return 'bool';
    default: return null;
  }
}

export function toNode(x: ExprLike, where = 'expression'): ExprNode {
  if (x instanceof Expr) return x.node;
  if (x === null || x === undefined || ['number', 'bigint', 'string', 'boolean'].includes(typeof x)) {
    return { e: 'lit', value: x ?? null, dtype: litDtype(x ?? null) };
  }
  throw new TuskError('InvalidArgument', `${where}: expected a column expression (col('x')) or a number, string, boolean or null, got ${Object.prototype.toString.call(x)}`, {
    hint: 'wrap column names in col(): col("Age").fillNull(col("Age_imp"))',
  });
}

export class Expr {
  constructor(readonly node: ExprNode) {}

  private bin(op: BinaryOp, other: ExprLike): Expr {
    return new Expr({ e: 'bin', op, a: this.node, b: toNode(other, op) });
  }

  add(o: ExprLike): Expr { return this.bin('+', o); }
  sub(o: ExprLike): Expr { return this.bin('-', o); }
  mul(o: ExprLike): Expr { return this.bin('*', o); }
  div(o: ExprLike): Expr { return this.bin('/', o); }
  floordiv(o: ExprLike): Expr { return this.bin('//', o); }
  mod(o: ExprLike): Expr { return this.bin('%', o); }
  pow(o: ExprLike): Expr { return this.bin('**', o); }
  eq(o: ExprLike): Expr { return this.bin('==', o); }
  ne(o: ExprLike): Expr { return this.bin('!=', o); }
  lt(o: ExprLike): Expr { return this.bin('<', o); }
  le(o: ExprLike): Expr { return this.bin('<=', o); }
  gt(o: ExprLike): Expr { return this.bin('>', o); }
  ge(o: ExprLike): Expr { return this.bin('>=', o); }
  and(o: ExprLike): Expr { return this.bin('&', o); }
  or(o: ExprLike): Expr { return this.bin('|', o); }

  neg(): Expr { return new Expr({ e: 'un', op: 'neg', a: this.node }); }
  not(): Expr { return new Expr({ e: 'un', op: 'not', a: this.node }); }
  abs(): Expr { return new Expr({ e: 'un', op: 'abs', a: this.node }); }
  isNull(): Expr { return new Expr({ e: 'un', op: 'isNull', a: this.node }); }
  notNull(): Expr { return new Expr({ e: 'un', op: 'notNull', a: this.node }); }
  /** Missing values replaced by `other` (a value or another column). */
  fillNull(other: ExprLike): Expr { return new Expr({ e: 'fillNull', a: this.node, b: toNode(other, 'fillNull') }); }
  cast(dtype: Dtype | string): Expr { return new Expr({ e: 'cast', a: this.node, dtype: toDtype(dtype, 'cast') }); }
  /** pandas' `Series.where`: this value where `cond` holds, else `other` (default missing). */
  where(cond: ExprLike, other: ExprLike = null): Expr {
    return new Expr({ e: 'where', cond: toNode(cond, 'where'), a: this.node, b: toNode(other, 'where') });
  }
  isIn(values: readonly LitValue[]): Expr {
    if (!Array.isArray(values)) throw new TuskError('InvalidArgument', 'isIn: expected an array of values');
    return new Expr({ e: 'isIn', a: this.node, values: [...values] });
  }

  // strings (pandas' .str accessor, flattened)
  lower(): Expr { return new Expr({ e: 'un', op: 'lower', a: this.node }); }
  upper(): Expr { return new Expr({ e: 'un', op: 'upper', a: this.node }); }
  strip(): Expr { return new Expr({ e: 'un', op: 'strip', a: this.node }); }
  len(): Expr { return new Expr({ e: 'un', op: 'len', a: this.node }); }
  /** Like pandas' `str.contains`: a regular expression unless `{ regex: false }`. */
  contains(pattern: string, options: { regex?: boolean; case?: boolean } = {}): Expr {
    return this.strTest('contains', pattern, options.regex ?? true, options.case ?? true);
  }
  startsWith(prefix: string): Expr { return this.strTest('startsWith', prefix, false, true); }
  endsWith(suffix: string): Expr { return this.strTest('endsWith', suffix, false, true); }

  private strTest(op: StringTest, pattern: string, regex: boolean, caseSensitive: boolean): Expr {
    if (typeof pattern !== 'string') throw new TuskError('InvalidArgument', `${op}: the pattern must be a string, got ${typeof pattern}`);
    if (regex) {
      try {
        new RegExp(pattern);
      } catch (err) {
        throw new TuskError('InvalidArgument', `${op}: ${JSON.stringify(pattern)} is not a valid regular expression`, { cause: err, hint: 'pass { regex: false } to match it literally' });
      }
    }
    return new Expr({ e: 'str', op, a: this.node, pattern, regex, caseSensitive });
  }

  toString(): string {
    return show(this.node);
  }
}

/** A column by name. */
export function col(name: string): Expr {
  if (typeof name !== 'string') throw new TuskError('InvalidArgument', `col: a column name must be a string, got ${typeof name}`);
  return new Expr({ e: 'col', name });
}

/** A constant. */
export function lit(value: LitValue): Expr {
  return new Expr(toNode(value, 'lit'));
}

/** Readable form for messages: `fillNull(col("Age"), col("Age_imp"))`. */
export function show(n: ExprNode): string {
  switch (n.e) {
    case 'col': return `col(${JSON.stringify(n.name)})`;
    case 'lit': return typeof n.value === 'bigint' ? `${n.value}n` : JSON.stringify(n.value);
    case 'bin': return `(${show(n.a)} ${n.op} ${show(n.b)})`;
    case 'un': return `${show(n.a)}.${n.op}()`;
    case 'fillNull': return `${show(n.a)}.fillNull(${show(n.b)})`;
    case 'cast': return `${show(n.a)}.cast(${n.dtype})`;
    case 'where': return `${show(n.a)}.where(${show(n.cond)}, ${show(n.b)})`;
    case 'str': return `${show(n.a)}.${n.op}(${JSON.stringify(n.pattern)})`;
    case 'isIn': return `${show(n.a)}.isIn([…${n.values.length}])`;
  }
}
