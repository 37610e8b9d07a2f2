/**
 * numpy's legacy `RandomState` (MT19937), ported bit for bit.
 *
 * scikit-learn draws every random choice it makes — shuffled folds, bootstrap samples, the seeds
 * of a forest's trees — from `np.random.RandomState(seed)`. Reproducing that stream exactly is
 * what lets a Tusk splitter or forest built with `randomState: 42` give the same folds and trees
 * as scikit-learn with `random_state=42`, so results can be checked against the reference.
 *
 * Only the legacy algorithms are ported (masked rejection sampling for integers, 53-bit doubles,
 * Fisher–Yates shuffles); numpy's newer `Generator` API uses different ones.
 */
import { TuskError } from '../../errors.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;

export class RandomState {
  // Int32Array rather than Uint32Array: every operation is bitwise, and int32 values stay
  // small integers in V8 where uint32 values above 2**31 would become doubles.
  private readonly key = new Int32Array(N);
  private pos = N;

  /** `np.random.RandomState(seed)` for an integer seed in [0, 2**32). */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restart the stream as `RandomState(seed)` would, reusing this state's memory. */
  seed(seed: number): this {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new TuskError('InvalidArgument', `randomState must be an integer in [0, 2**32 - 1], got ${seed}`);
    }
    const key = this.key;
    let s = seed | 0;
    for (let i = 0; i < N; i++) {
      key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) | 0;
    }
    this.pos = N;
    return this;
  }

  private twist(): void {
    const key = this.key;
    let y: number;
    let i = 0;
    for (; i < N - M; i++) {
      y = (key[i]! & UPPER_MASK) | (key[i + 1]! & LOWER_MASK);
      key[i] = key[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i]! & UPPER_MASK) | (key[i + 1]! & LOWER_MASK);
      key[i] = key[i + (M - N)]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1]! & UPPER_MASK) | (key[0]! & LOWER_MASK);
    key[N - 1] = key[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  /** The next raw 32-bit output (tempered), as an unsigned number. */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** The same output bits as a signed int32 (cheaper for masking: no conversion to double). */
  private nextInt32(): number {
    if (this.pos === N) this.twist();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return y ^ (y >>> 18);
  }

  /** `random_sample()`: uniform in [0, 1) from 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** `uniform(low, high)`. */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * numpy's `random_interval(max)`: uniform integer in [0, max] by masked rejection — the
   * primitive behind `shuffle` and `permutation`.
   */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new TuskError('InvalidArgument', `RandomState.interval: ranges past 2**32 are not supported (got ${max})`);
    const mask = maskFor(max);
    let v: number;
    while ((v = (this.nextUint32() & mask) >>> 0) > max);
    return v;
  }

  /** Legacy `randint(low, high)` (high exclusive), one value. */
  randint(low: number, high: number): number {
    const rng = high - low - 1;
    if (!Number.isInteger(low) || !Number.isInteger(high) || rng < 0) {
      throw new TuskError('InvalidArgument', `randint: need integers low < high, got low=${low}, high=${high}`);
    }
    if (rng === 0) return low; // numpy draws nothing for an empty range
    if (rng > 0xffffffff) throw new TuskError('InvalidArgument', `randint: ranges past 2**32 are not supported (got ${rng + 1})`);
    if (rng === 0xffffffff) return low + this.nextUint32();
    const mask = maskFor(rng);
    let v: number;
    while ((v = (this.nextUint32() & mask) >>> 0) > rng);
    return low + v;
  }

  /** Legacy `randint(low, high, size)`: the same stream as `size` scalar calls. */
  randintArray(low: number, high: number, size: number, out: Int32Array = new Int32Array(size)): Int32Array {
    const rng = high - low - 1;
    if (!Number.isInteger(low) || !Number.isInteger(high) || rng < 0 || rng >= 0x7fffffff) {
      for (let i = 0; i < size; i++) out[i] = this.randint(low, high);
      return out;
    }
    if (rng === 0) return out.fill(low, 0, size);
    const mask = maskFor(rng); // < 2**31 here, so `next & mask` is a non-negative int32
    for (let i = 0; i < size; i++) {
      let v: number;
      while ((v = this.nextInt32() & mask) > rng);
      out[i] = low + v;
    }
    return out;
  }

  /** Legacy in-place `shuffle` of a 1-d array: Fisher–Yates from the end. */
  shuffle(a: { [i: number]: number; length: number }): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = a[j]!;
      a[j] = a[i]!;
      a[i] = t;
    }
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }
}

/** Smallest all-ones bit mask >= max (max < 2**32). */
function maskFor(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/** A seed for when the user gave none: fresh entropy, like `np.random` without a seed. */
export function entropySeed(): number {
  return (Math.floor(Math.random() * 0x100000000) ^ (Date.now() & 0xffffffff)) >>> 0;
}
