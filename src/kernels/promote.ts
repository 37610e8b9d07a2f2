/**
 * numpy's type promotion (NEP 50, numpy ≥ 2) restricted to our five dtypes.
 *
 * Operands are dtypes or *weak* Python-style scalars: `'int'` for an integral literal and
 * `'float'` for a fractional one. A weak scalar adopts the array's kind when it can, so
 * `float32 array * 2.5` stays float32 and `uint8 array + 1` stays uint8, while
 * `int32 array * 0.5` becomes float64.
 *
 * Where numpy picks a dtype we do not have, we take the smallest of ours of the same kind:
 * float16 → float32 (so `sin(uint8)` is float32), int8 → int32 (so `bool ** bool` is int32),
 * int64 (numpy's default integer) → int32 (so `bool array + 1` is int32).
 */
import { TuskError } from '../errors.js';
import { type Dtype, checkDtype, intRange, isFloatDtype, isIntDtype } from './dtypes.js';

/** A weak scalar's kind: what Python would call an int or a float literal. */
export type WeakKind = 'int' | 'float';
export type DtypeLike = Dtype | WeakKind;

const RANK: Record<Dtype, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };

export function isWeak(d: DtypeLike): d is WeakKind {
  return d === 'int' || d === 'float';
}

/** The kind of a JS number used as a scalar operand: integral values count as `'int'`. */
export function weakKindOf(value: number): WeakKind {
  return Number.isInteger(value) ? 'int' : 'float';
}

function strong(a: Dtype, b: Dtype): Dtype {
  if (a === b) return a;
  // int32 does not fit in float32, so numpy goes to float64; uint8 does.
  if ((a === 'int32' && b === 'float32') || (a === 'float32' && b === 'int32')) return 'float64';
  return RANK[a] >= RANK[b] ? a : b;
}

function withWeak(arr: Dtype, w: WeakKind): Dtype {
  if (w === 'float') return isFloatDtype(arr) ? arr : 'float64';
  return arr === 'bool' ? 'int32' : arr;
}

/** numpy's `result_type(a, b)` with NEP 50 weak scalars. Two weak scalars give a weak kind. */
export function resultType(a: DtypeLike, b: DtypeLike): DtypeLike {
  if (isWeak(a) && isWeak(b)) return a === 'float' || b === 'float' ? 'float' : 'int';
  if (isWeak(a)) return withWeak(checkDtype(b), a);
  if (isWeak(b)) return withWeak(checkDtype(a), b);
  return strong(checkDtype(a), checkDtype(b));
}

/** `resultType` over any number of operands, left to right (promotion is associative here). */
export function resultTypeOf(...ds: DtypeLike[]): DtypeLike {
  if (ds.length === 0) throw new TuskError('InvalidArgument', 'resultType needs at least one operand');
  // Strong dtypes first so weak scalars see the array kind (numpy resolves them that way too).
  const strongs = ds.filter((d): d is Dtype => !isWeak(d));
  const weaks = ds.filter(isWeak);
  let r: DtypeLike = strongs.length > 0 ? strongs.reduce((x, y) => strong(x, y)) : weaks[0]!;
  for (const w of strongs.length > 0 ? weaks : weaks.slice(1)) r = resultType(r, w);
  return r;
}

/** Make a weak kind concrete for storage: a lone int literal is int32, a float literal float64. */
export function concrete(d: DtypeLike): Dtype {
  return d === 'int' ? 'int32' : d === 'float' ? 'float64' : d;
}

/**
 * A weak integer scalar must fit the integer dtype it is combined into (numpy ≥ 2 raises
 * `OverflowError: Python integer 300 out of bounds for uint8`). Comparisons are exempt.
 */
export function checkWeakIntFits(op: string, value: number, into: Dtype): void {
  const r = isIntDtype(into) ? intRange(into) : undefined;
  if (r && Number.isInteger(value) && (value < r[0] || value > r[1])) {
    throw new TuskError('InvalidArgument', `${op}: the integer ${value} is out of bounds for ${into}`, {
      context: { op, value, dtype: into },
      hint: `cast the array to a wider dtype first (astype('int32') or astype('float64')), or use a value in [${r[0]}, ${r[1]}]`,
    });
  }
}
