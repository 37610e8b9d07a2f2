/**
 * Per-element semantics that are not a single JS operator: numpy's rounding, floor division
 * and remainder, `pow` edge cases, integer power with wraparound, and casting.
 *
 * These are the definitions the block loops inline and the native backend must reproduce.
 * Every value held for an integer or bool dtype is an exact integer in that dtype's range, so
 * upcasts never change a value and only the operations below need care.
 */
import { TuskError } from '../../errors.js';
import type { Dtype } from '../dtypes.js';

const TWO52 = 4503599627370496;

/** Round half to even (C `rint` in the default rounding mode), keeping the sign of zero. */
export function rint(x: number): number {
  const a = Math.abs(x);
  if (!(a < TWO52) || x === 0) return x; // already integral, ±0, ±Inf, NaN
  const r = a + TWO52 - TWO52; // the FPU's round-to-nearest-even does the work
  return x < 0 ? -r : r;
}

/**
 * numpy's `npy_divmod` for doubles: the floor quotient and the remainder with the sign of the
 * divisor, computed from `fmod` (which JS `%` is, exactly). Returns the quotient; the remainder
 * goes to `divmodRem`. `round` is `Math.fround` for float32 so each step rounds as C's float would.
 */
let divmodRem = 0;
function divmod(a: number, b: number, round: (x: number) => number): number {
  let mod = a % b;
  if (b === 0) {
    divmodRem = mod; // NaN
    return round(a / b);
  }
  let div = round(round(a - mod) / b);
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod = round(mod + b);
      div = round(div - 1);
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (round(div - floordiv) > 0.5) floordiv = round(floordiv + 1);
  } else {
    floordiv = a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  }
  divmodRem = mod;
  return floordiv;
}

export function floatFloorDivide(a: number, b: number, round: (x: number) => number): number {
  return divmod(a, b, round);
}

export function floatMod(a: number, b: number, round: (x: number) => number): number {
  if (b === 0) return a % b;
  divmod(a, b, round);
  return divmodRem;
}

/** C `pow` where it differs from JS `**`: pow(1, y) = 1 and pow(-1, ±Inf) = 1 even for NaN y. */
export function powF64(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

export function negativePowerError(): TuskError {
  return new TuskError('InvalidArgument', 'Integers to negative integer powers are not allowed', {
    hint: "numpy raises here too: cast the base to float first (astype('float64'))",
  });
}

/** Integer power by squaring, wrapping like C int32 (Math.imul keeps every step exact). */
export function powInt32(a: number, b: number): number {
  if (b < 0) throw negativePowerError();
  let r = 1;
  let base = a | 0;
  let e = b;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return r;
}

export function powUint8(a: number, b: number): number {
  if (b < 0) throw negativePowerError();
  let r = 1;
  let base = a & 255;
  let e = b;
  while (e > 0) {
    if (e & 1) r = (r * base) & 255;
    base = (base * base) & 255;
    e = Math.floor(e / 2);
  }
  return r;
}

/**
 * float → int32 as numpy does on x86 (`cvttsd2si`): truncate toward zero, and NaN, ±Inf or
 * anything outside the int32 range becomes INT_MIN. numpy's float → uint8 goes through the same
 * instruction and keeps the low 8 bits, so NaN → 0, -1.5 → 255, 300.7 → 44.
 */
export function toInt32x86(x: number): number {
  return x >= -2147483648 && x < 2147483648 ? x | 0 : -2147483648;
}

/** The value `x` (exact for its source dtype) becomes when cast to `to`. */
export function castValue(x: number, to: Dtype): number {
  switch (to) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'int32':
      return toInt32x86(x);
    case 'uint8':
      return toInt32x86(x) & 255;
    case 'bool':
      return x !== 0 ? 1 : 0; // NaN is truthy, as in numpy
  }
}
