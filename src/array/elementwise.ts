/**
 * Element-wise ops as free functions (`add(a, b)`); `ChunkedArray` methods delegate here.
 *
 * Validation happens at build time, where the user wrote the expression: shapes are broadcast
 * (a mismatch names both shapes) and the op is trial-compiled with the kernels' own compiler,
 * so dtype errors (`negative` of bool, `uint8 + 300`) surface now and the result dtype is by
 * construction the one the fused program will produce.
 */
import { TuskError } from '../errors.js';
import { broadcastChunks, broadcastShapes } from './broadcast.js';
import { ChunkedArray } from './chunked-array.js';
import { type Dtype, type KernelExpr, checkDtype, compileExpr } from './kernels.js';
import { mapNode } from './node.js';

export type ArrayOrScalar = ChunkedArray | number | boolean;

export const UNARY = [
  'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt',
  'abs', 'square', 'negative', 'sign', 'floor', 'ceil', 'round', 'isnan', 'isfinite', 'logicalNot',
] as const;
export const BINARY = [
  'add', 'subtract', 'multiply', 'divide', 'power', 'mod', 'minimum', 'maximum', 'floorDivide',
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor',
] as const;
export type UnaryName = (typeof UNARY)[number];
export type BinaryName = (typeof BINARY)[number];

function operand(x: unknown, op: string, i: number): number | ChunkedArray {
  if (x instanceof ChunkedArray) return x;
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new TuskError('InvalidArgument', `${op}: argument ${i + 1} must be a ChunkedArray or a number, got ${x === null ? 'null' : typeof x}`);
}

/** Builds the map node for `op` over arrays and scalars (at least one array). */
export function elementwise(op: string, args: readonly unknown[], extra: { dtype?: Dtype } = {}): ChunkedArray {
  const ops = args.map((a, i) => operand(a, op, i));
  const arrays = ops.filter((a): a is ChunkedArray => a instanceof ChunkedArray);
  if (arrays.length === 0) throw new TuskError('InvalidArgument', `${op}: at least one argument must be a ChunkedArray`);
  const shape = broadcastShapes(op, arrays.map((a) => a.shape));
  // Trial-compile one element: numpy's dtype rules and scalar bounds, checked where the user wrote the op.
  const inputs: Dtype[] = [];
  const exprArgs: KernelExpr[] = ops.map((a) => (typeof a === 'number' ? { scalar: a } : { input: inputs.push(a.dtype) - 1 }));
  const expr = (op === 'astype' ? { op, dtype: extra.dtype!, args: exprArgs } : { op, args: exprArgs }) as KernelExpr;
  const dtype = compileExpr(expr, inputs).outDtype;
  const chunks = broadcastChunks(shape, arrays);
  const nodeArgs = ops.map((a) => (typeof a === 'number' ? a : a.node));
  return new ChunkedArray(mapNode(op, nodeArgs, shape, dtype, chunks));
}

export function unary(op: UnaryName, x: ChunkedArray): ChunkedArray {
  return elementwise(op, [x]);
}

export function binary(op: BinaryName, a: ArrayOrScalar, b: ArrayOrScalar): ChunkedArray {
  return elementwise(op, [a, b]);
}

export const sin = (x: ChunkedArray) => unary('sin', x);
export const cos = (x: ChunkedArray) => unary('cos', x);
export const tan = (x: ChunkedArray) => unary('tan', x);
export const arcsin = (x: ChunkedArray) => unary('arcsin', x);
export const arccos = (x: ChunkedArray) => unary('arccos', x);
export const arctan = (x: ChunkedArray) => unary('arctan', x);
export const exp = (x: ChunkedArray) => unary('exp', x);
export const expm1 = (x: ChunkedArray) => unary('expm1', x);
export const log = (x: ChunkedArray) => unary('log', x);
export const log1p = (x: ChunkedArray) => unary('log1p', x);
export const log2 = (x: ChunkedArray) => unary('log2', x);
export const log10 = (x: ChunkedArray) => unary('log10', x);
export const sqrt = (x: ChunkedArray) => unary('sqrt', x);
export const abs = (x: ChunkedArray) => unary('abs', x);
export const square = (x: ChunkedArray) => unary('square', x);
export const negative = (x: ChunkedArray) => unary('negative', x);
export const sign = (x: ChunkedArray) => unary('sign', x);
export const floor = (x: ChunkedArray) => unary('floor', x);
export const ceil = (x: ChunkedArray) => unary('ceil', x);
export const round = (x: ChunkedArray) => unary('round', x);
export const isnan = (x: ChunkedArray) => unary('isnan', x);
export const isfinite = (x: ChunkedArray) => unary('isfinite', x);
export const logicalNot = (x: ChunkedArray) => unary('logicalNot', x);

export const add = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('add', a, b);
export const subtract = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('subtract', a, b);
export const multiply = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('multiply', a, b);
export const divide = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('divide', a, b);
export const power = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('power', a, b);
export const mod = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('mod', a, b);
export const floorDivide = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('floorDivide', a, b);
export const minimum = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('minimum', a, b);
export const maximum = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('maximum', a, b);
export const equal = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('equal', a, b);
export const notEqual = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('notEqual', a, b);
export const less = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('less', a, b);
export const lessEqual = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('lessEqual', a, b);
export const greater = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('greater', a, b);
export const greaterEqual = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('greaterEqual', a, b);
export const logicalAnd = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('logicalAnd', a, b);
export const logicalOr = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('logicalOr', a, b);
export const logicalXor = (a: ArrayOrScalar, b: ArrayOrScalar) => binary('logicalXor', a, b);

/** `cond ? a : b` element-wise (numpy's `where`). */
export function where(cond: ArrayOrScalar, a: ArrayOrScalar, b: ArrayOrScalar): ChunkedArray {
  return elementwise('where', [cond, a, b]);
}

/** `minimum(maximum(x, lo), hi)`, NaN propagating. */
export function clip(x: ArrayOrScalar, lo: ArrayOrScalar, hi: ArrayOrScalar): ChunkedArray {
  return elementwise('clip', [x, lo, hi]);
}

/** Cast to `dtype` with numpy's casting semantics (float → int truncates). */
export function astype(x: ChunkedArray, dtype: Dtype): ChunkedArray {
  const d = checkDtype(dtype, 'astype');
  return d === x.dtype ? x : elementwise('astype', [x], { dtype: d });
}
