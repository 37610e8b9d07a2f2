/**
 * Unary ops over one block of float64 registers. `dtype` is the op's output dtype; inputs hold
 * exact values of any dtype that promotes to it. One loop per op keeps each loop monomorphic,
 * which is what lets V8 run them at close to native speed.
 */
import type { Dtype } from '../dtypes.js';
import type { UnaryOp } from './names.js';
import { rint } from './scalar.js';
import { cosLoop, sinLoop } from './trig.js';

type Loop = (x: Float64Array, out: Float64Array, n: number) => void;

const F64: Record<UnaryOp, Loop> = {
  sin: sinLoop,
  cos: cosLoop,
  tan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tan(x[i]!); },
  arcsin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.asin(x[i]!); },
  arccos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.acos(x[i]!); },
  arctan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.atan(x[i]!); },
  exp: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]!); },
  expm1: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]!); },
  log: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(x[i]!); },
  log1p: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]!); },
  log2: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log2(x[i]!); },
  log10: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log10(x[i]!); },
  sqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]!); },
  abs: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]!); },
  square: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v * v; } },
  negative: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]!; },
  // numpy's sign: 0 for ±0 (not -0), NaN stays NaN.
  sign: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v; } },
  floor: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]!); },
  ceil: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]!); },
  round: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = rint(x[i]!); },
  isnan: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v !== v ? 1 : 0; } },
  isfinite: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v - v === 0 ? 1 : 0; } },
  logicalNot: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] === 0 ? 1 : 0; },
};

const copy: Loop = (x, o, n) => { if (x !== o) o.set(x.subarray(0, n)); };

// Integer outputs: values are exact, so only ops that can leave the range need their own loop.
const INT32: Partial<Record<UnaryOp, Loop>> = {
  abs: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v < 0 ? -v | 0 : v; } },
  square: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = Math.imul(v, v); } },
  negative: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]! | 0; },
  sign: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = v > 0 ? 1 : v < 0 ? -1 : 0; } },
  floor: copy,
  ceil: copy,
  round: copy,
};

const UINT8: Partial<Record<UnaryOp, Loop>> = {
  abs: copy,
  square: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; o[i] = (v * v) & 255; } },
  negative: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]! & 255; },
  sign: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i]! > 0 ? 1 : 0; },
  floor: copy,
  ceil: copy,
  round: copy,
};

const BOOL: Partial<Record<UnaryOp, Loop>> = { abs: copy, floor: copy, ceil: copy };

function fround(o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.fround(o[i]!);
}

/**
 * `out[i] = op(x[i])` for i < n, in the semantics of output dtype `dtype`. float32 results are
 * the float64 result rounded once to float32: exact for the IEEE ops, and our definition for the
 * transcendental ones (numpy's float32 SIMD routines may differ in the last bit).
 */
export function unaryLoop(op: UnaryOp, dtype: Dtype, x: Float64Array, out: Float64Array, n: number): void {
  const special = dtype === 'int32' ? INT32[op] : dtype === 'uint8' ? UINT8[op] : dtype === 'bool' ? BOOL[op] : undefined;
  if (special) return special(x, out, n);
  F64[op](x, out, n);
  if (dtype === 'float32') fround(out, n);
}
