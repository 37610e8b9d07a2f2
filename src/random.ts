/**
 * `random`: numpy-style convenience generators for small local data (the tutorial's
 * `np.random.randn(100)`). Reproducible with `random.seed(n)`. Arrays larger than memory
 * come from `tusk/array`'s chunked, counter-based generators instead.
 */
import { TuskError } from './errors.js';

// xoshiro128** — small, fast, good quality; state in 4 uint32.
let s0 = 0, s1 = 0, s2 = 0, s3 = 0;

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function seed(n?: number): void {
  const init = n === undefined ? (Date.now() ^ (process.hrtime()[1] << 7)) >>> 0 : n;
  if (!Number.isFinite(init)) throw new TuskError('InvalidArgument', `random.seed: expected a number, got ${n}`);
  const sm = splitmix32(Math.floor(init) >>> 0 ^ Math.floor(init / 2 ** 32));
  s0 = sm(); s1 = sm(); s2 = sm(); s3 = sm();
}
seed();

function nextU32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Uniform in [0, 1) with 53 random bits. */
function nextDouble(): number {
  return ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
}

let spare: number | undefined;
function nextNormal(): number {
  if (spare !== undefined) {
    const v = spare;
    spare = undefined;
    return v;
  }
  // Marsaglia polar method.
  for (;;) {
    const u = 2 * nextDouble() - 1;
    const v = 2 * nextDouble() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) {
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * m;
      return u * m;
    }
  }
}

function size(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new TuskError('InvalidArgument', `random.${what}: size must be a non-negative integer, got ${n}`);
  return n;
}

export const random = {
  seed,
  /** n standard normal values. */
  randn(n: number): Float64Array {
    const out = new Float64Array(size(n, 'randn'));
    for (let i = 0; i < out.length; i++) out[i] = nextNormal();
    return out;
  },
  /** n uniform values in [0, 1). */
  rand(n: number): Float64Array {
    const out = new Float64Array(size(n, 'rand'));
    for (let i = 0; i < out.length; i++) out[i] = nextDouble();
    return out;
  },
  /** n integers in [low, high). */
  randint(low: number, high: number, n: number): Int32Array {
    if (!(high > low)) throw new TuskError('InvalidArgument', `random.randint: high (${high}) must be greater than low (${low})`);
    const out = new Int32Array(size(n, 'randint'));
    for (let i = 0; i < out.length; i++) out[i] = low + Math.floor(nextDouble() * (high - low));
    return out;
  },
  /** One standard normal value. */
  normal(): number {
    return nextNormal();
  },
} as const;
