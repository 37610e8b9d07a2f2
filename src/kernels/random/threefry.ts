/**
 * Threefry-2x32-20 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
 * counter-based generator, so the bits for element i are a pure function of (key, i). That is
 * what makes random arrays identical whatever the chunking, worker count or backend.
 *
 * Only 32-bit adds, rotates and xors — the same in JS (`| 0`, `>>>`) and C++ (`uint32_t`).
 * Checked against the Random123 known-answer vectors in test/kernels/random.test.ts.
 *
 * Layout: key = (seed mod 2^32, floor(seed / 2^32) | domain << 21) with seed < 2^53, so each
 * distribution (normal, uniform, integers) gets its own stream for the same seed.
 * Counter = (i mod 2^32, floor(i / 2^32) | draw << 21) for element index i < 2^53 and draw
 * 0..2047: draw 0 is the element's first 64 bits; a rejection sampler takes draw 1, 2, …
 */
import { TuskError } from '../../errors.js';

const PARITY = 0x1bd11bda;
const TWO32 = 4294967296;

/** One Threefry-2x32-20 block: writes the two output words to out[at], out[at + 1]. */
export function threefry2x32(c0: number, c1: number, k0: number, k1: number, out: Int32Array | Uint32Array, at: number): void {
  const k2 = PARITY ^ k0 ^ k1;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 1) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 2) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 4) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 5) | 0;
  out[at] = x0;
  out[at + 1] = x1;
}

/**
 * Bits for elements first … first + n − 1 of a stream, draw `draw`: words 2j and 2j + 1 of
 * `out` belong to element first + j. Inlines the rounds of `threefry2x32` because this loop
 * is where all the time of random generation goes.
 */
export function fillBits(k0: number, k1: number, first: number, n: number, draw: number, out: Int32Array): void {
  const k2 = PARITY ^ k0 ^ k1;
  const lo = first % TWO32;
  const hi = (first - lo) / TWO32;
  // Split where the low counter word wraps, so the hot loop runs on an int32 counter.
  const m = Math.min(n, TWO32 - lo);
  if (m < n) fillBits(k0, k1, first + m, n - m, draw, out.subarray(2 * m));
  const c1 = ((hi | (draw << 21)) + k1) | 0;
  let c0 = (lo + k0) | 0;
  for (let j = 0; j < m; j++) {
    let x0 = c0;
    let x1 = c1;
    c0 = (c0 + 1) | 0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
    x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 1) | 0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
    x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 2) | 0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
    x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
    x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 4) | 0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
    x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
    x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 5) | 0;
    out[2 * j] = x0;
    out[2 * j + 1] = x1;
  }
}

/** Scratch for single draws on the slow paths (rejections), so they allocate nothing. */
const one = new Int32Array(2);

/** Draw `draw` (≥ 1) of element `index`: writes two words into `one` and returns it. */
export function drawBits(k0: number, k1: number, index: number, draw: number): Int32Array {
  // draw 0 is the element's first 64 bits; draws wrap after 2047 (a loop needing that many
  // rejections has probability far below 1e-1000).
  const lo = index % TWO32;
  const hi = (index - lo) / TWO32;
  threefry2x32(lo, hi | ((draw & 2047) << 21), k0, k1, one, 0);
  return one;
}

export const MAX_INDEX = 2 ** 53;

/** Stream domains: the same seed gives independent streams for each distribution. */
export const DOMAIN = { normal: 1, uniform: 2, integers: 3 } as const;

export function streamKey(seed: number, domain: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new TuskError('InvalidArgument', `random seed must be an integer in [0, 2^53), got ${seed}`, {
      hint: 'seeds are plain non-negative integers, e.g. 42',
    });
  }
  const lo = seed % TWO32;
  const hi = (seed - lo) / TWO32;
  return [lo | 0, hi | (domain << 21)];
}
