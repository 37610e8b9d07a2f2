/**
 * numpy's element semantics written out the slow, obvious way — BigInt for integer wraparound,
 * Math.* for floats, Python's floor-division rules spelled out — as the oracle for property tests.
 */
import type { Dtype } from '../../src/kernels/dtypes.js';

export function wrap(v: number | bigint, dtype: Dtype): number {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  if (dtype === 'int32') return Number(BigInt.asIntN(32, b));
  if (dtype === 'uint8') return Number(BigInt.asUintN(8, b));
  return b !== 0n ? 1 : 0;
}

function toDtype(v: number, dtype: Dtype): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}

function rintRef(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 ? (x < 0 ? -0 : 0) : r;
}

const isInt = (d: Dtype) => d === 'int32' || d === 'uint8' || d === 'bool';

export function refUnary(op: string, out: Dtype, x: number): number {
  if (isInt(out)) {
    switch (op) {
      case 'abs': return wrap(BigInt(Math.abs(x)), out);
      case 'square': return wrap(BigInt(x) * BigInt(x), out);
      case 'negative': return wrap(-BigInt(x), out);
      case 'sign': return x > 0 ? 1 : x < 0 ? wrap(-1, out) : 0;
      case 'floor': case 'ceil': case 'round': return x;
      case 'isnan': return x !== x ? 1 : 0;
      case 'isfinite': return Number.isFinite(x) ? 1 : 0;
      case 'logicalNot': return x === 0 ? 1 : 0;
    }
  }
  const f: Record<string, (v: number) => number> = {
    sin: Math.sin, cos: Math.cos, tan: Math.tan, arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
    exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10,
    sqrt: Math.sqrt, abs: Math.abs, square: (v) => v * v, negative: (v) => -v,
    sign: (v) => (v !== v ? NaN : v > 0 ? 1 : v < 0 ? -1 : 0),
    floor: Math.floor, ceil: Math.ceil, round: rintRef,
  };
  return toDtype(f[op]!(x), out);
}

/** Python's a // b and a % b for doubles, then rounded to the dtype (numpy's npy_divmod). */
function pyDivmod(a: number, b: number, out: Dtype): [number, number] {
  const r = toDtype;
  if (b === 0) return [r(a / b, out), NaN];
  if (!Number.isFinite(a)) return [NaN, NaN];
  let mod = a % b;
  let div = r(r(a - mod, out) / b, out);
  if (mod !== 0) {
    if ((b < 0) !== (mod < 0)) { mod = r(mod + b, out); div = r(div - 1, out); }
  } else mod = b < 0 ? -0 : 0;
  let fd: number;
  if (div !== 0) { fd = Math.floor(div); if (r(div - fd, out) > 0.5) fd = r(fd + 1, out); } else fd = Object.is(a / b, -0) || a / b < 0 ? -0 : 0;
  return [fd, mod];
}

export function refBinary(op: string, out: Dtype, a: number, b: number): number {
  switch (op) {
    case 'equal': return a === b ? 1 : 0;
    case 'notEqual': return a !== b ? 1 : 0;
    case 'less': return a < b ? 1 : 0;
    case 'lessEqual': return a <= b ? 1 : 0;
    case 'greater': return a > b ? 1 : 0;
    case 'greaterEqual': return a >= b ? 1 : 0;
    case 'logicalAnd': return a !== 0 && b !== 0 ? 1 : 0;
    case 'logicalOr': return a !== 0 || b !== 0 ? 1 : 0;
    case 'logicalXor': return (a !== 0) !== (b !== 0) ? 1 : 0;
    case 'minimum': return a !== a || b !== b ? NaN : a < b ? a : b;
    case 'maximum': return a !== a || b !== b ? NaN : a > b ? a : b;
  }
  if (out === 'bool') {
    if (op === 'add') return a || b ? 1 : 0;
    if (op === 'multiply') return a && b ? 1 : 0;
  }
  if (isInt(out)) {
    const A = BigInt(a), B = BigInt(b);
    switch (op) {
      case 'add': return wrap(A + B, out);
      case 'subtract': return wrap(A - B, out);
      case 'multiply': return wrap(A * B, out);
      case 'power': return wrap(A ** B, out);
      case 'floorDivide': {
        if (B === 0n) return 0;
        let q = A / B;
        if ((A % B !== 0n) && ((A < 0n) !== (B < 0n))) q -= 1n;
        return wrap(q, out);
      }
      case 'mod': {
        if (B === 0n) return 0;
        let m = A % B;
        if (m !== 0n && (m < 0n) !== (B < 0n)) m += B;
        return wrap(m, out);
      }
    }
  }
  switch (op) {
    case 'add': return toDtype(a + b, out);
    case 'subtract': return toDtype(a - b, out);
    case 'multiply': return toDtype(a * b, out);
    case 'divide': return toDtype(a / b, out);
    case 'power': return toDtype(a === 1 || b === 0 ? 1 : a === -1 && !Number.isFinite(b) && b === b ? 1 : Math.pow(a, b), out);
    case 'floorDivide': return pyDivmod(a, b, out)[0];
    case 'mod': return pyDivmod(a, b, out)[1];
  }
  throw new Error(`no reference for ${op}`);
}

export function refCast(x: number, to: Dtype): number {
  if (to === 'float64') return x;
  if (to === 'float32') return Math.fround(x);
  if (to === 'bool') return x !== 0 ? 1 : 0;
  const i = Number.isFinite(x) && x >= -(2 ** 31) && x < 2 ** 31 ? Math.trunc(x) : -(2 ** 31);
  return to === 'int32' ? (i === 0 ? 0 : i) : wrap(i, 'uint8');
}

/** Neumaier's compensated sum (−0 for none): error ≈ one rounding whatever n, the reference for sums. */
export function compensatedSum(x: ArrayLike<number>): number {
  if (x.length === 0) return -0;
  let s = 0, c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}
