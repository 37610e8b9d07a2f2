/**
 * Folding blocks of float64 values into a reduction partial. The same accumulators serve
 * `reduceChunk` (a materialised chunk, walked in 2048-element blocks) and `runProgramReduce`
 * (a fused program's output blocks, never written out), so both give bit-identical partials.
 */
import { type Dtype, type TypedArray, dtypeOf } from '../dtypes.js';
import { pairwiseSum } from './pairwise.js';
import {
  type ReductionKind, type ReductionPartial, type SumPartial, addSum, checkReduction, initPartial, isIntLike, mergeMoments,
} from './partials.js';

export const REDUCE_BLOCK = 2048;

export interface Accumulator {
  /** Folds block[0 … n), whose first element is local element `localStart` of the chunk. */
  add(block: Float64Array, n: number, localStart: number): void;
  /** The partial; `toGlobal` maps a local element number to the index argmin/argmax report. */
  result(toGlobal: (local: number) => number): ReductionPartial;
  /** Float sums only: folds a block whose pairwise sum the caller computed (`add` without the summing). */
  addBlockSum?(s: number): void;
}

/**
 * Float sums: block sums merged as a binary counter, so the whole chunk is summed pairwise.
 * A class, not an object of closures: the interpreter calls `add`/`addBlockSum` of a new
 * accumulator for every chunk, and methods on a prototype are one call target for V8 (fresh
 * closures each time made the optimized interpreter deoptimize on "wrong call target").
 */
class SumAccumulator implements Accumulator {
  private readonly p: SumPartial;
  private readonly exact: boolean;
  /** The counter: block sums of weight 2^k, at most one per k (a chunk of < 2^64 blocks). */
  private readonly stack = new Float64Array(64);
  private readonly weight = new Float64Array(64);
  private top = 0;

  constructor(dtype: Dtype) {
    this.exact = isIntLike(dtype);
    this.p = initPartial('sum', dtype) as SumPartial;
  }

  add(block: Float64Array, n: number): void {
    const s = pairwiseSum(block, 0, n);
    if (this.exact) addSum(this.p, s, 0); // a block of ≤ 2048 integers sums exactly in float64
    else this.addBlockSum(s);
  }

  addBlockSum(s: number): void {
    let v = s;
    let w = 1;
    let t = this.top;
    while (t > 0 && this.weight[t - 1] === w) {
      t--;
      v = this.stack[t]! + v;
      w += this.weight[t]!;
    }
    this.stack[t] = v;
    this.weight[t] = w;
    this.top = t + 1;
  }

  result(): ReductionPartial {
    if (!this.exact) {
      let r = -0;
      for (let k = this.top - 1; k >= 0; k--) r = this.stack[k]! + r;
      this.p.value = r;
    }
    return { ...this.p };
  }
}

function extremumAccumulator(kind: 'min' | 'max', dtype: Dtype): Accumulator {
  let m = kind === 'min' ? Infinity : -Infinity;
  let empty = true;
  return {
    add(b, n) {
      if (n === 0 || m !== m) return;
      empty = false;
      if (kind === 'min') {
        for (let i = 0; i < n; i++) {
          const v = b[i]!;
          if (v < m) m = v;
          else if (v !== v) { m = v; return; }
          else if (v === 0 && m === 0 && Object.is(v, -0)) m = v;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = b[i]!;
          if (v > m) m = v;
          else if (v !== v) { m = v; return; }
          else if (v === 0 && m === 0 && Object.is(m, -0)) m = v;
        }
      }
    },
    result: () => ({ kind, dtype, value: m, empty }),
  };
}

function argAccumulator(kind: 'argmin' | 'argmax', dtype: Dtype): Accumulator {
  let best = NaN;
  let at = -1;
  return {
    add(b, n, start) {
      if (at >= 0 && best !== best) return; // a NaN already won
      for (let i = 0; i < n; i++) {
        const v = b[i]!;
        if (v !== v) {
          best = v;
          at = start + i;
          return;
        }
        if (at < 0 || (kind === 'argmin' ? v < best : v > best)) {
          best = v;
          at = start + i;
        }
      }
    },
    result: (toGlobal) => ({ kind, dtype, value: best, index: at < 0 ? -1 : toGlobal(at) }),
  };
}

function momentsAccumulator(dtype: Dtype): Accumulator {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  return {
    add(b, n) {
      if (n === 0) return;
      // Two passes over a cache-resident block: the block mean, then squared deviations from it.
      const bm = pairwiseSum(b, 0, n) / n;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = b[i]! - bm;
        s += d * d;
      }
      [count, mean, m2] = mergeMoments(count, mean, m2, n, bm, s);
    },
    result: () => ({ kind: 'moments', dtype, count, mean, m2 }),
  };
}

export function createAccumulator(kind: ReductionKind, dtype: Dtype): Accumulator {
  switch (checkReduction(kind)) {
    case 'sum':
      return new SumAccumulator(dtype);
    case 'prod': {
      let p = 1;
      return {
        add(b, n) { for (let i = 0; i < n; i++) p *= b[i]!; },
        result: () => ({ kind: 'prod', dtype, value: p }),
      };
    }
    case 'min': return extremumAccumulator('min', dtype);
    case 'max': return extremumAccumulator('max', dtype);
    case 'argmin': return argAccumulator('argmin', dtype);
    case 'argmax': return argAccumulator('argmax', dtype);
    case 'any': {
      let v = false;
      return {
        add(b, n) { if (!v) for (let i = 0; i < n; i++) if (b[i] !== 0) { v = true; return; } },
        result: () => ({ kind: 'any', value: v }),
      };
    }
    case 'all': {
      let v = true;
      return {
        add(b, n) { if (v) for (let i = 0; i < n; i++) if (b[i] === 0) { v = false; return; } },
        result: () => ({ kind: 'all', value: v }),
      };
    }
    case 'countNonzero': {
      let c = 0;
      return {
        add(b, n) { for (let i = 0; i < n; i++) if (b[i] !== 0) c++; },
        result: () => ({ kind: 'countNonzero', value: c }),
      };
    }
    case 'mean': case 'var': case 'std':
      return momentsAccumulator(dtype);
  }
}

/**
 * The partial of one chunk. `offset` is the global index of data[0] (argmin/argmax report
 * global indices); `dtype` defaults to what the storage says (pass 'bool' for bool chunks).
 */
export function reduceChunk(kind: ReductionKind, data: TypedArray, offset = 0, dtype: Dtype = dtypeOf(data)): ReductionPartial {
  const acc = createAccumulator(kind, dtype);
  const n = data.length;
  if (data instanceof Float64Array) {
    for (let s = 0; s < n; s += REDUCE_BLOCK) {
      const m = Math.min(REDUCE_BLOCK, n - s);
      acc.add(data.subarray(s, s + m), m, s);
    }
  } else {
    const block = new Float64Array(Math.min(REDUCE_BLOCK, n));
    for (let s = 0; s < n; s += REDUCE_BLOCK) {
      const m = Math.min(REDUCE_BLOCK, n - s);
      if (dtype === 'bool') for (let i = 0; i < m; i++) block[i] = data[s + i] !== 0 ? 1 : 0;
      else block.set(data.subarray(s, s + m));
      acc.add(block, m, s);
    }
  }
  return acc.result((local) => offset + local);
}
