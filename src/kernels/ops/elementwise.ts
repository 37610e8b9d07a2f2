/**
 * Unfused element-wise kernels on whole typed arrays: each call is a one-op program run by
 * the same interpreter as fused chains, so fused and unfused results agree by construction
 * and there is one implementation of every op's semantics to keep right.
 *
 * Operands are equal-length typed arrays or scalars (broadcasting is the array layer's job).
 * A typed array's dtype is read from its storage type unless given (`bool` must be given: it
 * is stored in a Uint8Array); a scalar is a weak Python-style literal unless given a dtype.
 */
import { TuskError } from '../../errors.js';
import { type Dtype, type TypedArray, checkDtype, dtypeOf, isTypedArray } from '../dtypes.js';
import { type DtypeLike, isWeak, weakKindOf } from '../promote.js';
import { type Expr, compileExpr } from '../program/compile.js';
import type { Program } from '../program/format.js';
import { runProgram } from '../program/run.js';
import { type BinaryOp, type UnaryOp, isBinaryOp, isUnaryOp } from './names.js';

export type Operand = TypedArray | number;

export interface ElementwiseOptions {
  /** The dtype of each operand, in order; `undefined` entries are inferred. */
  dtypes?: readonly (DtypeLike | undefined)[];
  /** Write the result here (right dtype and length) instead of allocating. */
  out?: TypedArray;
  /** Allocate the result on a SharedArrayBuffer (default true). */
  shared?: boolean;
}

function describe(x: unknown): string {
  return isTypedArray(x) ? `${x.constructor.name}(${x.length})` : typeof x;
}

/**
 * The one-op program for `op(...operands)` and its array inputs, the operands checked: typed
 * arrays of one length or numbers (weak scalars unless `options.dtypes` names their dtype).
 * Shared by both backends, so they accept and refuse the same calls.
 */
export function toProgram(name: string, build: (args: Expr[]) => Expr, operands: readonly Operand[], options: ElementwiseOptions = {}): { program: Program; arrays: TypedArray[]; length: number } {
  const arrays: TypedArray[] = [];
  const dtypes: Dtype[] = [];
  let length = -1;
  const args = operands.map((x, k): Expr => {
    const given = options.dtypes?.[k];
    if (typeof x === 'number') {
      if (given === undefined || isWeak(given)) return { scalar: x, kind: given ?? weakKindOf(x) };
      return { scalar: x, dtype: checkDtype(given) };
    }
    if (!isTypedArray(x)) {
      throw new TuskError('InvalidArgument', `${name}: operand ${k + 1} must be a typed array or a number, got ${describe(x)}`);
    }
    if (length >= 0 && x.length !== length) {
      throw new TuskError('ShapeMismatch', `${name}: operands have lengths ${length} and ${x.length}`, {
        hint: 'kernels take equal-length chunks; broadcasting happens in the array layer',
      });
    }
    length = x.length;
    const d = given === undefined ? dtypeOf(x) : checkDtype(given);
    arrays.push(x);
    dtypes.push(d);
    return { input: arrays.length - 1 };
  });
  return { program: compileExpr(build(args), dtypes), arrays, length };
}

/** Evaluates `op(...operands)`; returns a number when every operand is a scalar. */
export function apply(name: string, build: (args: Expr[]) => Expr, operands: readonly Operand[], options: ElementwiseOptions = {}): TypedArray | number {
  const { program, arrays, length } = toProgram(name, build, operands, options);
  if (arrays.length === 0) return runProgram(program, [], { offset: 0, length: 1 }, { shared: false })[0]!;
  return runProgram(program, arrays, { offset: 0, length }, { out: options.out, shared: options.shared });
}

export function unary(op: UnaryOp, x: TypedArray, options?: ElementwiseOptions): TypedArray;
export function unary(op: UnaryOp, x: Operand, options?: ElementwiseOptions): TypedArray | number;
export function unary(op: UnaryOp, x: Operand, options: ElementwiseOptions = {}): TypedArray | number {
  if (!isUnaryOp(op)) throw new TuskError('InvalidArgument', `unknown unary op ${JSON.stringify(op)}`);
  return apply(op, ([a]) => ({ op, args: [a!] }), [x], options);
}

export function binary(op: BinaryOp, a: Operand, b: Operand, options: ElementwiseOptions = {}): TypedArray | number {
  if (!isBinaryOp(op)) throw new TuskError('InvalidArgument', `unknown binary op ${JSON.stringify(op)}`);
  return apply(op, ([x, y]) => ({ op, args: [x!, y!] }), [a, b], options);
}

/** numpy's where(cond, a, b): a where cond is nonzero (NaN counts as true), else b. */
export function where(cond: Operand, a: Operand, b: Operand, options: ElementwiseOptions = {}): TypedArray | number {
  return apply('where', ([c, x, y]) => ({ op: 'where', args: [c!, x!, y!] }), [cond, a, b], options);
}

/** numpy's clip(x, lo, hi) = minimum(maximum(x, lo), hi), NaN propagating. */
export function clip(x: Operand, lo: Operand, hi: Operand, options: ElementwiseOptions = {}): TypedArray | number {
  return apply('clip', ([v, l, h]) => ({ op: 'clip', args: [v!, l!, h!] }), [x, lo, hi], options);
}

/**
 * numpy's astype: float → int truncates; NaN, ±Inf and out-of-range floats become INT_MIN for
 * int32 (and its low byte, 0, for uint8) as numpy gives on x86; ints wrap; anything → bool is
 * `!= 0` (NaN → true).
 */
export function astype(x: TypedArray, to: Dtype, options: ElementwiseOptions = {}): TypedArray {
  const d = checkDtype(to);
  return apply('astype', ([v]) => ({ op: 'astype', dtype: d, args: [v!] }), [x], options) as TypedArray;
}
