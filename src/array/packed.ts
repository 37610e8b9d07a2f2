/**
 * Lists of reduction partials packed into columns: one Float64Array per numeric field, one
 * Uint8Array per boolean field, strings (kind, dtype) stored once. An axis reduction makes one
 * partial per output element; as objects, 250k of them cost more to keep alive and to clone
 * between threads than the reduction itself, as columns they are a few typed arrays.
 */
import type { Dtype, ReductionPartial } from './kernels.js';

export interface PackedPartials {
  n: number;
  consts: Record<string, string>;
  nums: Record<string, Float64Array>;
  bools: Record<string, Uint8Array>;
}

/** Packs partials produced one at a time by `make(i)`, so no list of objects is ever kept. */
export function packPartials(n: number, make: (i: number) => ReductionPartial): PackedPartials {
  const packed: PackedPartials = { n, consts: {}, nums: {}, bools: {} };
  for (let i = 0; i < n; i++) {
    const p = make(i) as unknown as Record<string, unknown>;
    if (i === 0) {
      for (const [k, v] of Object.entries(p)) {
        if (typeof v === 'number') packed.nums[k] = new Float64Array(n);
        else if (typeof v === 'boolean') packed.bools[k] = new Uint8Array(n);
        else packed.consts[k] = String(v);
      }
    }
    for (const k in packed.nums) packed.nums[k]![i] = p[k] as number;
    for (const k in packed.bools) packed.bools[k]![i] = p[k] ? 1 : 0;
  }
  return packed;
}

/**
 * Partial `i` as the kernels' plain object, built as an object literal of its kind so every
 * partial of a kind has one hidden class (objects grown key by key would slow the kernels'
 * combine and finalize down several-fold).
 */
export function partialAt(p: PackedPartials, i: number): ReductionPartial {
  const kind = p.consts.kind as ReductionPartial['kind'];
  const dtype = p.consts.dtype as Dtype;
  const num = (k: string) => p.nums[k]![i]!;
  switch (kind) {
    case 'sum': return { kind, dtype, value: num('value'), err: num('err') };
    case 'prod': return { kind, dtype, value: num('value') };
    case 'min': case 'max': return { kind, dtype, value: num('value'), empty: p.bools.empty![i] === 1 };
    case 'argmin': case 'argmax': return { kind, dtype, value: num('value'), index: num('index') };
    case 'any': case 'all': return { kind, value: p.bools.value![i] === 1 };
    case 'countNonzero': return { kind, value: num('value') };
    case 'moments': return { kind, dtype, count: num('count'), mean: num('mean'), m2: num('m2') };
  }
}
