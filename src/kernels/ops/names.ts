/**
 * The element-wise op names and the dtype each produces (numpy's ufunc type resolution,
 * mapped onto our dtypes as `promote.ts` explains).
 */
import { TuskError } from '../../errors.js';
import { type DtypeLike, isWeak, resultType, resultTypeOf } from '../promote.js';

export const FLOAT_UNARY = ['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt'] as const;
export const UNARY_OPS = [...FLOAT_UNARY, 'abs', 'square', 'negative', 'sign', 'floor', 'ceil', 'round', 'isnan', 'isfinite', 'logicalNot'] as const;
export const ARITH_BINARY = ['add', 'subtract', 'multiply', 'divide', 'power', 'mod', 'minimum', 'maximum', 'floorDivide'] as const;
export const COMPARE_BINARY = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
export const LOGICAL_BINARY = ['logicalAnd', 'logicalOr', 'logicalXor'] as const;
export const BINARY_OPS = [...ARITH_BINARY, ...COMPARE_BINARY, ...LOGICAL_BINARY] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];

const UNARY_SET = new Set<string>(UNARY_OPS);
const BINARY_SET = new Set<string>(BINARY_OPS);
const FLOAT_UNARY_SET = new Set<string>(FLOAT_UNARY);
const BOOL_OUT = new Set<string>([...COMPARE_BINARY, ...LOGICAL_BINARY, 'isnan', 'isfinite', 'logicalNot']);

export function isUnaryOp(x: unknown): x is UnaryOp {
  return typeof x === 'string' && UNARY_SET.has(x);
}

export function isBinaryOp(x: unknown): x is BinaryOp {
  return typeof x === 'string' && BINARY_SET.has(x);
}

function noLoop(op: string, d: DtypeLike, why: string): never {
  throw new TuskError('TypeMismatch', `${op} is not supported for ${d} input${why}`, {
    context: { op, dtype: d },
    hint: "cast first, e.g. astype('int32')",
  });
}

/** The dtype `op(x)` produces for an operand of dtype `d` (a weak scalar gives a weak kind). */
export function unaryResultType(op: UnaryOp, d: DtypeLike): DtypeLike {
  if (BOOL_OUT.has(op)) return 'bool';
  if (isWeak(d)) return FLOAT_UNARY_SET.has(op) ? 'float' : d;
  if (FLOAT_UNARY_SET.has(op)) return d === 'int32' ? 'float64' : d === 'bool' || d === 'uint8' ? 'float32' : d;
  switch (op) {
    case 'round':
      return d === 'bool' ? 'float32' : d;
    case 'square':
      return d === 'bool' ? 'int32' : d;
    case 'negative':
    case 'sign':
      return d === 'bool' ? noLoop(op, d, ' (numpy has no boolean loop; use logicalNot for negation)') : d;
    default:
      return d; // abs, floor, ceil keep the dtype, bool included
  }
}

/** The dtype `op(a, b)` produces. */
export function binaryResultType(op: BinaryOp, a: DtypeLike, b: DtypeLike): DtypeLike {
  if (BOOL_OUT.has(op)) return 'bool';
  const r = resultType(a, b);
  switch (op) {
    case 'subtract':
      if (r === 'bool') noLoop(op, r, ' (numpy: boolean subtract is not supported; use logicalXor)');
      return r;
    case 'divide':
      return r === 'int' ? 'float' : r === 'bool' || r === 'uint8' || r === 'int32' ? 'float64' : r;
    case 'power':
    case 'mod':
    case 'floorDivide':
      return r === 'bool' ? 'int32' : r;
    default:
      return r;
  }
}

/** `where(cond, a, b)` and `clip(x, lo, hi)` take the common type of their value operands. */
export function whereResultType(a: DtypeLike, b: DtypeLike): DtypeLike {
  return resultType(a, b);
}

export function clipResultType(x: DtypeLike, lo: DtypeLike, hi: DtypeLike): DtypeLike {
  return resultTypeOf(x, lo, hi);
}

/** Ops whose output is bool whatever the inputs (comparisons, logical ops, isnan, isfinite). */
export function producesBool(op: string): boolean {
  return BOOL_OUT.has(op);
}
