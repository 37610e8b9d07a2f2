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
  k0 |= 0;
  k1 |= 0;
  const k2 = PARITY ^ k0 ^ k1;
  // The key-injection sums wrapped once here: written `x1 + k2 + 1` below, V8 compiled the sum
  // as an int32 add with an overflow check and deoptimized when a key made it overflow.
  const i1 = (k2 + 1) | 0, i2 = (k0 + 2) | 0, i3 = (k1 + 3) | 0, i4 = (k2 + 4) | 0, i5 = (k0 + 5) | 0;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + i1) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + i2) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + i3) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 17) | (x1 >>> 15); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 29) | (x1 >>> 3); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 16) | (x1 >>> 16); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 24) | (x1 >>> 8); x1 ^= x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + i4) | 0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 13) | (x1 >>> 19); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 15) | (x1 >>> 17); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 26) | (x1 >>> 6); x1 ^= x0;
  x0 = (x0 + x1) | 0; x1 = (x1 << 6) | (x1 >>> 26); x1 ^= x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + i5) | 0;
  out[at] = x0;
  out[at + 1] = x1;
}

/**
 * Bits for elements first … first + n − 1 of a stream, draw `draw`: words 2j and 2j + 1 of
 * `out` belong to element first + j.
 */
export function fillBits(k0: number, k1: number, first: number, n: number, draw: number, out: Int32Array): void {
  const hi = Math.floor(first / TWO32);
  const lo = first - hi * TWO32;
  // Split where the low counter word wraps, so the hot loop runs on an int32 counter.
  const m = Math.min(n, TWO32 - lo);
  if (m < n) fillBits(k0, k1, first + m, n - m, draw, out.subarray(2 * m));
  fillBitsRun(k0 | 0, k1 | 0, lo, hi | (draw << 21), m, out);
}

/**
 * `fillBits` for counters (lo + j, hiWord), j < m, with lo + m ≤ 2^32. This loop is where the
 * time of random generation goes, so it computes four counters per iteration, their rounds
 * interleaved: one block's rounds are a chain of dependent adds and xors (2 cycles a round),
 * and four independent chains side by side keep the ALUs busy (measured: 1.5× the throughput
 * of one counter per iteration, which was latency-bound). V8 compiles `x << r | x >>> (32 − r)`
 * to one `ror`. Everything that does not depend on j is hoisted: x1 after the first key
 * injection is the same for every element, so round 1's rotation of it is one constant, and
 * the key-injection sums are precomputed. The keys arrive truncated to int32 so that V8 types
 * every sum below as int32. (normal.ts has these rounds again, fused with the ziggurat.)
 */
function fillBitsRun(k0: number, k1: number, lo: number, hiWord: number, m: number, out: Int32Array): void {
  const k2 = PARITY ^ k0 ^ k1;
  const i1 = (k2 + 1) | 0, i2 = (k0 + 2) | 0, i3 = (k1 + 3) | 0, i4 = (k2 + 4) | 0, i5 = (k0 + 5) | 0;
  const x1 = (hiWord + k1) | 0; // x1 after the first key injection
  const r1 = x1 << 13 | x1 >>> 19; // …and its first rotation
  let x0 = (((lo + k0) | 0) + x1) | 0; // x0 after round 1's addition, for counter lo
  const m4 = m - (m % 4);
  for (let j = 0; j < m4; j += 4) {
    let a0 = x0, b0 = (x0 + 1) | 0, c0 = (x0 + 2) | 0, d0 = (x0 + 3) | 0;
    let a1 = r1 ^ a0, b1 = r1 ^ b0, c1 = r1 ^ c0, d1 = r1 ^ d0; // round 1
    x0 = (x0 + 4) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1 = (c1 << 15 | c1 >>> 17) ^ c0; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1 = (c1 << 26 | c1 >>> 6) ^ c0; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1 = (c1 << 6 | c1 >>> 26) ^ c0; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k1) | 0; b0 = (b0 + k1) | 0; c0 = (c0 + k1) | 0; d0 = (d0 + k1) | 0;
    a1 = (a1 + i1) | 0; b1 = (b1 + i1) | 0; c1 = (c1 + i1) | 0; d1 = (d1 + i1) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 17 | a1 >>> 15) ^ a0; b1 = (b1 << 17 | b1 >>> 15) ^ b0; c1 = (c1 << 17 | c1 >>> 15) ^ c0; d1 = (d1 << 17 | d1 >>> 15) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 29 | a1 >>> 3) ^ a0; b1 = (b1 << 29 | b1 >>> 3) ^ b0; c1 = (c1 << 29 | c1 >>> 3) ^ c0; d1 = (d1 << 29 | d1 >>> 3) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 16 | a1 >>> 16) ^ a0; b1 = (b1 << 16 | b1 >>> 16) ^ b0; c1 = (c1 << 16 | c1 >>> 16) ^ c0; d1 = (d1 << 16 | d1 >>> 16) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 24 | a1 >>> 8) ^ a0; b1 = (b1 << 24 | b1 >>> 8) ^ b0; c1 = (c1 << 24 | c1 >>> 8) ^ c0; d1 = (d1 << 24 | d1 >>> 8) ^ d0;
    a0 = (a0 + k2) | 0; b0 = (b0 + k2) | 0; c0 = (c0 + k2) | 0; d0 = (d0 + k2) | 0;
    a1 = (a1 + i2) | 0; b1 = (b1 + i2) | 0; c1 = (c1 + i2) | 0; d1 = (d1 + i2) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 13 | a1 >>> 19) ^ a0; b1 = (b1 << 13 | b1 >>> 19) ^ b0; c1 = (c1 << 13 | c1 >>> 19) ^ c0; d1 = (d1 << 13 | d1 >>> 19) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1 = (c1 << 15 | c1 >>> 17) ^ c0; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1 = (c1 << 26 | c1 >>> 6) ^ c0; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1 = (c1 << 6 | c1 >>> 26) ^ c0; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k0) | 0; b0 = (b0 + k0) | 0; c0 = (c0 + k0) | 0; d0 = (d0 + k0) | 0;
    a1 = (a1 + i3) | 0; b1 = (b1 + i3) | 0; c1 = (c1 + i3) | 0; d1 = (d1 + i3) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 17 | a1 >>> 15) ^ a0; b1 = (b1 << 17 | b1 >>> 15) ^ b0; c1 = (c1 << 17 | c1 >>> 15) ^ c0; d1 = (d1 << 17 | d1 >>> 15) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 29 | a1 >>> 3) ^ a0; b1 = (b1 << 29 | b1 >>> 3) ^ b0; c1 = (c1 << 29 | c1 >>> 3) ^ c0; d1 = (d1 << 29 | d1 >>> 3) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 16 | a1 >>> 16) ^ a0; b1 = (b1 << 16 | b1 >>> 16) ^ b0; c1 = (c1 << 16 | c1 >>> 16) ^ c0; d1 = (d1 << 16 | d1 >>> 16) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 24 | a1 >>> 8) ^ a0; b1 = (b1 << 24 | b1 >>> 8) ^ b0; c1 = (c1 << 24 | c1 >>> 8) ^ c0; d1 = (d1 << 24 | d1 >>> 8) ^ d0;
    a0 = (a0 + k1) | 0; b0 = (b0 + k1) | 0; c0 = (c0 + k1) | 0; d0 = (d0 + k1) | 0;
    a1 = (a1 + i4) | 0; b1 = (b1 + i4) | 0; c1 = (c1 + i4) | 0; d1 = (d1 + i4) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 13 | a1 >>> 19) ^ a0; b1 = (b1 << 13 | b1 >>> 19) ^ b0; c1 = (c1 << 13 | c1 >>> 19) ^ c0; d1 = (d1 << 13 | d1 >>> 19) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1 = (c1 << 15 | c1 >>> 17) ^ c0; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1 = (c1 << 26 | c1 >>> 6) ^ c0; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0 = (c0 + c1) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1 = (c1 << 6 | c1 >>> 26) ^ c0; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k2) | 0; b0 = (b0 + k2) | 0; c0 = (c0 + k2) | 0; d0 = (d0 + k2) | 0;
    a1 = (a1 + i5) | 0; b1 = (b1 + i5) | 0; c1 = (c1 + i5) | 0; d1 = (d1 + i5) | 0;
    const w = 2 * j;
    out[w] = a0; out[w + 1] = a1; out[w + 2] = b0; out[w + 3] = b1;
    out[w + 4] = c0; out[w + 5] = c1; out[w + 6] = d0; out[w + 7] = d1;
  }
  for (let j = m4; j < m; j++) threefry2x32((lo + j) | 0, hiWord, k0, k1, out, 2 * j);
}

/**
 * Threefry-2x32-20 for m arbitrary counters (c0[j], c1[j]): words 2j and 2j + 1 of `out`. The
 * rare paths of the samplers (ziggurat wedges, rejections) collect their counters and draw them
 * here, four blocks side by side as in `fillBitsRun`, instead of one latency-bound block at a
 * time. Keys as int32.
 */
export function threefryEach(k0: number, k1: number, c0: Int32Array, c1: Int32Array, m: number, out: Int32Array): void {
  k0 |= 0;
  k1 |= 0;
  const k2 = PARITY ^ k0 ^ k1;
  const i1 = (k2 + 1) | 0, i2 = (k0 + 2) | 0, i3 = (k1 + 3) | 0, i4 = (k2 + 4) | 0, i5 = (k0 + 5) | 0;
  const m4 = m - (m % 4);
  for (let j = 0; j < m4; j += 4) {
    let a0 = (c0[j]! + k0) | 0, b0 = (c0[j + 1]! + k0) | 0, c0_ = (c0[j + 2]! + k0) | 0, d0 = (c0[j + 3]! + k0) | 0;
    let a1 = (c1[j]! + k1) | 0, b1 = (c1[j + 1]! + k1) | 0, c1_ = (c1[j + 2]! + k1) | 0, d1 = (c1[j + 3]! + k1) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 13 | a1 >>> 19) ^ a0; b1 = (b1 << 13 | b1 >>> 19) ^ b0; c1_ = (c1_ << 13 | c1_ >>> 19) ^ c0_; d1 = (d1 << 13 | d1 >>> 19) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1_ = (c1_ << 15 | c1_ >>> 17) ^ c0_; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1_ = (c1_ << 26 | c1_ >>> 6) ^ c0_; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1_ = (c1_ << 6 | c1_ >>> 26) ^ c0_; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k1) | 0; b0 = (b0 + k1) | 0; c0_ = (c0_ + k1) | 0; d0 = (d0 + k1) | 0;
    a1 = (a1 + i1) | 0; b1 = (b1 + i1) | 0; c1_ = (c1_ + i1) | 0; d1 = (d1 + i1) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 17 | a1 >>> 15) ^ a0; b1 = (b1 << 17 | b1 >>> 15) ^ b0; c1_ = (c1_ << 17 | c1_ >>> 15) ^ c0_; d1 = (d1 << 17 | d1 >>> 15) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 29 | a1 >>> 3) ^ a0; b1 = (b1 << 29 | b1 >>> 3) ^ b0; c1_ = (c1_ << 29 | c1_ >>> 3) ^ c0_; d1 = (d1 << 29 | d1 >>> 3) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 16 | a1 >>> 16) ^ a0; b1 = (b1 << 16 | b1 >>> 16) ^ b0; c1_ = (c1_ << 16 | c1_ >>> 16) ^ c0_; d1 = (d1 << 16 | d1 >>> 16) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 24 | a1 >>> 8) ^ a0; b1 = (b1 << 24 | b1 >>> 8) ^ b0; c1_ = (c1_ << 24 | c1_ >>> 8) ^ c0_; d1 = (d1 << 24 | d1 >>> 8) ^ d0;
    a0 = (a0 + k2) | 0; b0 = (b0 + k2) | 0; c0_ = (c0_ + k2) | 0; d0 = (d0 + k2) | 0;
    a1 = (a1 + i2) | 0; b1 = (b1 + i2) | 0; c1_ = (c1_ + i2) | 0; d1 = (d1 + i2) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 13 | a1 >>> 19) ^ a0; b1 = (b1 << 13 | b1 >>> 19) ^ b0; c1_ = (c1_ << 13 | c1_ >>> 19) ^ c0_; d1 = (d1 << 13 | d1 >>> 19) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1_ = (c1_ << 15 | c1_ >>> 17) ^ c0_; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1_ = (c1_ << 26 | c1_ >>> 6) ^ c0_; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1_ = (c1_ << 6 | c1_ >>> 26) ^ c0_; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k0) | 0; b0 = (b0 + k0) | 0; c0_ = (c0_ + k0) | 0; d0 = (d0 + k0) | 0;
    a1 = (a1 + i3) | 0; b1 = (b1 + i3) | 0; c1_ = (c1_ + i3) | 0; d1 = (d1 + i3) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 17 | a1 >>> 15) ^ a0; b1 = (b1 << 17 | b1 >>> 15) ^ b0; c1_ = (c1_ << 17 | c1_ >>> 15) ^ c0_; d1 = (d1 << 17 | d1 >>> 15) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 29 | a1 >>> 3) ^ a0; b1 = (b1 << 29 | b1 >>> 3) ^ b0; c1_ = (c1_ << 29 | c1_ >>> 3) ^ c0_; d1 = (d1 << 29 | d1 >>> 3) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 16 | a1 >>> 16) ^ a0; b1 = (b1 << 16 | b1 >>> 16) ^ b0; c1_ = (c1_ << 16 | c1_ >>> 16) ^ c0_; d1 = (d1 << 16 | d1 >>> 16) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 24 | a1 >>> 8) ^ a0; b1 = (b1 << 24 | b1 >>> 8) ^ b0; c1_ = (c1_ << 24 | c1_ >>> 8) ^ c0_; d1 = (d1 << 24 | d1 >>> 8) ^ d0;
    a0 = (a0 + k1) | 0; b0 = (b0 + k1) | 0; c0_ = (c0_ + k1) | 0; d0 = (d0 + k1) | 0;
    a1 = (a1 + i4) | 0; b1 = (b1 + i4) | 0; c1_ = (c1_ + i4) | 0; d1 = (d1 + i4) | 0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 13 | a1 >>> 19) ^ a0; b1 = (b1 << 13 | b1 >>> 19) ^ b0; c1_ = (c1_ << 13 | c1_ >>> 19) ^ c0_; d1 = (d1 << 13 | d1 >>> 19) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 15 | a1 >>> 17) ^ a0; b1 = (b1 << 15 | b1 >>> 17) ^ b0; c1_ = (c1_ << 15 | c1_ >>> 17) ^ c0_; d1 = (d1 << 15 | d1 >>> 17) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 26 | a1 >>> 6) ^ a0; b1 = (b1 << 26 | b1 >>> 6) ^ b0; c1_ = (c1_ << 26 | c1_ >>> 6) ^ c0_; d1 = (d1 << 26 | d1 >>> 6) ^ d0;
    a0 = (a0 + a1) | 0; b0 = (b0 + b1) | 0; c0_ = (c0_ + c1_) | 0; d0 = (d0 + d1) | 0;
    a1 = (a1 << 6 | a1 >>> 26) ^ a0; b1 = (b1 << 6 | b1 >>> 26) ^ b0; c1_ = (c1_ << 6 | c1_ >>> 26) ^ c0_; d1 = (d1 << 6 | d1 >>> 26) ^ d0;
    a0 = (a0 + k2) | 0; b0 = (b0 + k2) | 0; c0_ = (c0_ + k2) | 0; d0 = (d0 + k2) | 0;
    a1 = (a1 + i5) | 0; b1 = (b1 + i5) | 0; c1_ = (c1_ + i5) | 0; d1 = (d1 + i5) | 0;
    const w = 2 * j;
    out[w] = a0; out[w + 1] = a1; out[w + 2] = b0; out[w + 3] = b1;
    out[w + 4] = c0_; out[w + 5] = c1_; out[w + 6] = d0; out[w + 7] = d1;
  }
  for (let j = m4; j < m; j++) threefry2x32(c0[j]!, c1[j]!, k0, k1, out, 2 * j);
}

/** Scratch for single draws on the slow paths (rejections), so they allocate nothing. */
const one = new Int32Array(2);

/** Draw `draw` (≥ 1) of element `index`: writes two words into `one` and returns it. */
export function drawBits(k0: number, k1: number, index: number, draw: number): Int32Array {
  // draw 0 is the element's first 64 bits; draws wrap after 2047 (a loop needing that many
  // rejections has probability far below 1e-1000).
  const hi = Math.floor(index / TWO32);
  threefry2x32(index - hi * TWO32, hi | ((draw & 2047) << 21), k0, k1, one, 0);
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
