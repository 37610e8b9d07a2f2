/**
 * Binary ops over one block of float64 registers, in the semantics of the output dtype.
 * Integer results wrap like C (int32 via `| 0` and `Math.imul`, uint8 via `& 255`), which is
 * exact because every input value is an exact integer and `a ± b` of two of them is exact.
 */
import { TuskError } from '../../errors.js';
import type { Dtype } from '../dtypes.js';
import type { BinaryOp } from './names.js';
import { floatFloorDivide, floatMod, powF64, powInt32, powUint8 } from './scalar.js';

type Loop = (a: Float64Array, b: Float64Array, out: Float64Array, n: number) => void;

const same = (x: number): number => x;
const fr = Math.fround;

// minimum/maximum propagate NaN; on ties they return b, as x86 minpd/maxpd (and numpy) do.
const minimum: Loop = (a, b, o, n) => {
  for (let i = 0; i < n; i++) { const x = a[i]!, y = b[i]!; o[i] = x !== x || y !== y ? NaN : x < y ? x : y; }
};
const maximum: Loop = (a, b, o, n) => {
  for (let i = 0; i < n; i++) { const x = a[i]!, y = b[i]!; o[i] = x !== x || y !== y ? NaN : x > y ? x : y; }
};

const BOOL_OUT: Partial<Record<BinaryOp, Loop>> = {
  equal: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i] === b[i] ? 1 : 0; },
  notEqual: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i] !== b[i] ? 1 : 0; },
  less: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! < b[i]! ? 1 : 0; },
  lessEqual: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! <= b[i]! ? 1 : 0; },
  greater: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! > b[i]! ? 1 : 0; },
  greaterEqual: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! >= b[i]! ? 1 : 0; },
  logicalAnd: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0; },
  logicalOr: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0; },
  logicalXor: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i] !== 0) !== (b[i] !== 0) ? 1 : 0; },
};

const F64: Partial<Record<BinaryOp, Loop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! + b[i]!; },
  subtract: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! - b[i]!; },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! * b[i]!; },
  divide: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! / b[i]!; },
  power: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = powF64(a[i]!, b[i]!); },
  mod: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = floatMod(a[i]!, b[i]!, same); },
  floorDivide: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = floatFloorDivide(a[i]!, b[i]!, same); },
  minimum,
  maximum,
};

// float32: one float64 IEEE op rounded to float32 is the correctly rounded float32 op.
const F32: Partial<Record<BinaryOp, Loop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = fr(a[i]! + b[i]!); },
  subtract: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = fr(a[i]! - b[i]!); },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = fr(a[i]! * b[i]!); },
  divide: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = fr(a[i]! / b[i]!); },
  power: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = fr(powF64(a[i]!, b[i]!)); },
  mod: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = floatMod(a[i]!, b[i]!, fr); },
  floorDivide: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = floatFloorDivide(a[i]!, b[i]!, fr); },
  minimum,
  maximum,
};

const INT32: Partial<Record<BinaryOp, Loop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i]! + b[i]!) | 0; },
  subtract: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i]! - b[i]!) | 0; },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.imul(a[i]!, b[i]!); },
  power: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = powInt32(a[i]!, b[i]!); },
  // x // 0 and x % 0 are 0 for integers in numpy; INT_MIN // -1 wraps to INT_MIN.
  // The float64 quotient of two int32s never rounds across an integer, so floor() is exact.
  floorDivide: (a, b, o, n) => { for (let i = 0; i < n; i++) { const y = b[i]!; o[i] = y === 0 ? 0 : Math.floor(a[i]! / y) | 0; } },
  mod: (a, b, o, n) => {
    for (let i = 0; i < n; i++) {
      const y = b[i]!;
      if (y === 0) { o[i] = 0; continue; }
      const r = a[i]! % y;
      o[i] = (r !== 0 && r < 0 !== y < 0 ? r + y : r) | 0;
    }
  },
  minimum,
  maximum,
};

const UINT8: Partial<Record<BinaryOp, Loop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i]! + b[i]!) & 255; },
  subtract: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i]! - b[i]!) & 255; },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = (a[i]! * b[i]!) & 255; },
  power: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = powUint8(a[i]!, b[i]!); },
  floorDivide: (a, b, o, n) => { for (let i = 0; i < n; i++) { const y = b[i]!; o[i] = y === 0 ? 0 : Math.floor(a[i]! / y); } },
  mod: (a, b, o, n) => { for (let i = 0; i < n; i++) { const y = b[i]!; o[i] = y === 0 ? 0 : a[i]! % y; } },
  minimum,
  maximum,
};

// bool arithmetic is logic: + is or, * is and (numpy's '??->?' loops).
const BOOL: Partial<Record<BinaryOp, Loop>> = {
  add: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! | b[i]!; },
  multiply: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! & b[i]!; },
  minimum: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! & b[i]!; },
  maximum: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! | b[i]!; },
};

const BY_DTYPE: Record<Dtype, Partial<Record<BinaryOp, Loop>>> = {
  float64: F64,
  float32: F32,
  int32: INT32,
  uint8: UINT8,
  bool: BOOL,
};

/** Can `op` produce `dtype`? (False for e.g. a bool `subtract` or an int32 `divide`.) */
export function hasBinaryLoop(op: BinaryOp, dtype: Dtype): boolean {
  return BOOL_OUT[op] !== undefined ? dtype === 'bool' : BY_DTYPE[dtype][op] !== undefined;
}

/** `out[i] = op(a[i], b[i])` for i < n, in the semantics of output dtype `dtype`. */
export function binaryLoop(op: BinaryOp, dtype: Dtype, a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  const loop = BOOL_OUT[op] ?? BY_DTYPE[dtype][op];
  if (!loop) {
    throw new TuskError('TypeMismatch', `${op} has no ${dtype} loop`, { hint: 'the program names a dtype the op cannot produce; build it with compileExpr' });
  }
  loop(a, b, out, n);
}
