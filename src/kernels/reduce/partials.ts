/**
 * Reduction partials: plain data (structured-clone- and JSON-able) that combine in any tree
 * shape — the array layer reduces 2,000 chunks as a `splitEvery` tree, so a partial is what
 * travels between tasks. `reduceChunk` (accumulate.ts) makes one from a chunk, `combine`
 * merges two, `finalize` turns the root into numpy's answer.
 *
 * Choices where numpy has no exact equivalent here:
 * - Integer and bool sums are exact (a double-double of integers), reported as a float64
 *   number; numpy would give int64. Integer products are float64 products.
 * - float32 sums, means and variances accumulate in float64 and round once at the end (more
 *   accurate than numpy's float32 accumulation).
 * - min/max treat −0 as below +0 so the result does not depend on the tree shape.
 * - var/std: two-pass moments within each 2048-element block, blocks and partials merged with
 *   Chan et al.'s formula — as stable as Welford without a division per element.
 */
import { TuskError } from '../../errors.js';
import { type Dtype, checkDtype } from '../dtypes.js';

export const REDUCTIONS = ['sum', 'prod', 'min', 'max', 'argmin', 'argmax', 'any', 'all', 'countNonzero', 'mean', 'var', 'std'] as const;
export type ReductionKind = (typeof REDUCTIONS)[number];

export interface SumPartial { kind: 'sum'; dtype: Dtype; value: number; err: number }
export interface ProdPartial { kind: 'prod'; dtype: Dtype; value: number }
export interface ExtremumPartial { kind: 'min' | 'max'; dtype: Dtype; value: number; empty: boolean }
/** `index` is the global index of the winner, −1 while empty. */
export interface ArgPartial { kind: 'argmin' | 'argmax'; dtype: Dtype; value: number; index: number }
export interface LogicalPartial { kind: 'any' | 'all'; value: boolean }
export interface CountPartial { kind: 'countNonzero'; value: number }
/** Shared by mean, var and std. */
export interface MomentsPartial { kind: 'moments'; dtype: Dtype; count: number; mean: number; m2: number }

export type ReductionPartial = SumPartial | ProdPartial | ExtremumPartial | ArgPartial | LogicalPartial | CountPartial | MomentsPartial;

export interface FinalizeOptions {
  /** Delta degrees of freedom for var/std (numpy's ddof), default 0. */
  ddof?: number;
}

const KINDS = new Set<string>(REDUCTIONS);

export function checkReduction(kind: unknown): ReductionKind {
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    throw new TuskError('InvalidArgument', `unknown reduction ${JSON.stringify(kind)}`, { hint: `use one of ${REDUCTIONS.join(', ')}` });
  }
  return kind as ReductionKind;
}

export function isIntLike(d: Dtype): boolean {
  return d === 'int32' || d === 'uint8' || d === 'bool';
}

/** The partial of an empty chunk: the identity of `combine`. */
export function initPartial(kind: ReductionKind, dtype: Dtype = 'float64'): ReductionPartial {
  checkDtype(dtype);
  switch (checkReduction(kind)) {
    case 'sum': return { kind: 'sum', dtype, value: -0, err: 0 };
    case 'prod': return { kind: 'prod', dtype, value: 1 };
    case 'min': return { kind: 'min', dtype, value: Infinity, empty: true };
    case 'max': return { kind: 'max', dtype, value: -Infinity, empty: true };
    case 'argmin': return { kind: 'argmin', dtype, value: NaN, index: -1 };
    case 'argmax': return { kind: 'argmax', dtype, value: NaN, index: -1 };
    case 'any': return { kind: 'any', value: false };
    case 'all': return { kind: 'all', value: true };
    case 'countNonzero': return { kind: 'countNonzero', value: 0 };
    case 'mean': case 'var': case 'std': return { kind: 'moments', dtype, count: 0, mean: 0, m2: 0 };
  }
}

/** Exact sum of two double-doubles whose parts are integers (or plain float sums when err = 0). */
export function addSum(a: SumPartial, bValue: number, bErr: number): void {
  const s = a.value + bValue;
  if (!Number.isFinite(s)) {
    // Inf or NaN: the error terms mean nothing now, and Inf − Inf in TwoSum would make a NaN.
    a.value = s;
    a.err = 0;
    return;
  }
  const bb = s - a.value;
  const e = a.value - (s - bb) + (bValue - bb); // TwoSum: a.value + bValue = s + e exactly
  const t = a.err + bErr + e;
  const v = s + t;
  a.err = t - (v - s);
  a.value = v;
}

function minOf(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a < b) return a;
  if (b < a) return b;
  return a === 0 && Object.is(b, -0) ? b : a;
}

function maxOf(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a > b) return a;
  if (b > a) return b;
  return a === 0 && Object.is(a, -0) ? b : a;
}

/** Which of two arg-partials wins: NaN first (as numpy), then the smaller/larger value, then the lower index. */
export function argBetter(kind: 'argmin' | 'argmax', av: number, ai: number, bv: number, bi: number): boolean {
  if (bi < 0) return true;
  if (ai < 0) return false;
  const an = av !== av;
  const bn = bv !== bv;
  if (an || bn) return an && bn ? ai <= bi : an;
  if (av === bv) return ai <= bi;
  return kind === 'argmin' ? av < bv : av > bv;
}

/** Chan, Golub & LeVeque: merge (count, mean, M2) of two disjoint parts. */
export function mergeMoments(na: number, ma: number, m2a: number, nb: number, mb: number, m2b: number): [number, number, number] {
  if (nb === 0) return [na, ma, m2a];
  if (na === 0) return [nb, mb, m2b];
  const n = na + nb;
  // An infinite or NaN part: the mean is the sum of the two (Inf + finite = Inf, Inf − Inf = NaN),
  // and the spread is undefined, as numpy's var of data holding an infinity is NaN. (Chan's
  // update would compute Inf − Inf for a finite part merged into an infinite one.)
  if (!Number.isFinite(ma) || !Number.isFinite(mb)) return [n, ma === mb ? ma : ma + mb, NaN];
  const delta = mb - ma;
  return [n, ma + (delta * nb) / n, m2a + m2b + ((delta * delta * na) / n) * nb];
}

function mismatch(kind: string, a: ReductionPartial, b: ReductionPartial): never {
  throw new TuskError('TypeMismatch', `combine(${kind}): cannot combine a ${a.kind} partial with a ${b.kind} partial`);
}

function partialKind(kind: ReductionKind): ReductionPartial['kind'] {
  return kind === 'mean' || kind === 'var' || kind === 'std' ? 'moments' : kind;
}

/** Merges two partials of the same reduction into a new one (inputs are not modified). */
export function combine(kind: ReductionKind, a: ReductionPartial, b: ReductionPartial): ReductionPartial {
  const pk = partialKind(checkReduction(kind));
  if (a.kind !== pk || b.kind !== pk) mismatch(kind, a, b);
  switch (a.kind) {
    case 'sum': {
      const r = { ...a };
      addSum(r, (b as SumPartial).value, (b as SumPartial).err);
      return r;
    }
    case 'prod':
      return { ...a, value: a.value * (b as ProdPartial).value };
    case 'min':
    case 'max': {
      const o = b as ExtremumPartial;
      if (o.empty) return { ...a };
      if (a.empty) return { ...o };
      return { ...a, value: a.kind === 'min' ? minOf(a.value, o.value) : maxOf(a.value, o.value) };
    }
    case 'argmin':
    case 'argmax': {
      const o = b as ArgPartial;
      return argBetter(a.kind, a.value, a.index, o.value, o.index) ? { ...a } : { ...o };
    }
    case 'any':
      return { kind: 'any', value: a.value || (b as LogicalPartial).value };
    case 'all':
      return { kind: 'all', value: a.value && (b as LogicalPartial).value };
    case 'countNonzero':
      return { kind: 'countNonzero', value: a.value + (b as CountPartial).value };
    case 'moments': {
      const o = b as MomentsPartial;
      const [count, mean, m2] = mergeMoments(a.count, a.mean, a.m2, o.count, o.mean, o.m2);
      return { ...a, count, mean, m2 };
    }
  }
}

function roundTo(dtype: Dtype, x: number): number {
  return dtype === 'float32' ? Math.fround(x) : x;
}

function emptyError(kind: string): TuskError {
  return new TuskError('InvalidArgument', `zero-size array to reduction operation ${kind} which has no identity`, {
    hint: 'numpy raises here too: check the array is not empty, or pass an initial value',
  });
}

/** numpy's answer from a root partial. any/all give booleans, argmin/argmax a global index. */
export function finalize(kind: 'any' | 'all', p: ReductionPartial, options?: FinalizeOptions): boolean;
export function finalize(kind: ReductionKind, p: ReductionPartial, options?: FinalizeOptions): number;
export function finalize(kind: ReductionKind, p: ReductionPartial, options: FinalizeOptions = {}): number | boolean {
  if (p.kind !== partialKind(checkReduction(kind))) mismatch(kind, p, p);
  switch (p.kind) {
    case 'sum': return roundTo(p.dtype, p.value + p.err);
    case 'prod': return roundTo(p.dtype, p.value);
    case 'min': case 'max':
      if (p.empty) throw emptyError(p.kind === 'min' ? 'minimum' : 'maximum');
      return p.value;
    case 'argmin': case 'argmax':
      if (p.index < 0) throw new TuskError('InvalidArgument', `attempt to get ${p.kind} of an empty sequence`);
      return p.index;
    case 'any': case 'all': case 'countNonzero':
      return p.value;
    case 'moments': {
      const out = isIntLike(p.dtype) ? 'float64' : p.dtype;
      if (kind === 'mean') return roundTo(out, p.count === 0 ? NaN : p.mean);
      const ddof = options.ddof ?? 0;
      const variance = p.count === 0 ? NaN : p.m2 / Math.max(p.count - ddof, 0);
      return roundTo(out, kind === 'std' ? Math.sqrt(variance) : variance);
    }
  }
}

/** The dtype numpy's reduction gives (mapped onto ours; see the header for sums of integers). */
export function reductionResultType(kind: ReductionKind, dtype: Dtype): Dtype | 'index' {
  switch (checkReduction(kind)) {
    case 'sum': case 'prod': return isIntLike(dtype) ? 'float64' : dtype;
    case 'min': case 'max': return dtype;
    case 'argmin': case 'argmax': case 'countNonzero': return 'index';
    case 'any': case 'all': return 'bool';
    default: return isIntLike(dtype) ? 'float64' : dtype;
  }
}
