/**
 * Uniform doubles and bounded integers from the counter-based bits (see threefry.ts).
 *
 * `uniform` is numpy's formula lo + (hi − lo)·u with u a 53-bit multiple of 2^-53 in [0, 1)
 * (as in numpy, rounding can give exactly `hi` when hi − lo is large). `integers` draws from
 * [lo, hi) by masked rejection — no modulo bias — where a rejected candidate is followed by
 * the element's second word, then by draws 1, 2, … of its counter.
 */
import { TuskError } from '../../errors.js';
import { unit53 } from './normal.js';
import { DOMAIN, drawBits, fillBits, streamKey } from './threefry.js';

const BLOCK = 2048;
const bits = new Int32Array(2 * BLOCK);
const TWO32 = 4294967296;

export function fillUniform(seed: number, lo: number, hi: number, first: number, n: number, out: Float64Array, at = 0): void {
  const [k0, k1] = streamKey(seed, DOMAIN.uniform);
  const width = hi - lo;
  for (let s = 0; s < n; s += BLOCK) {
    const m = Math.min(BLOCK, n - s);
    fillBits(k0, k1, first + s, m, 0, bits);
    const base = at + s;
    for (let j = 0; j < m; j++) out[base + j] = lo + width * unit53(bits[2 * j]!, bits[2 * j + 1]!);
  }
}

export function checkIntegerBounds(lo: number, hi: number): void {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi <= lo || hi - lo > 2 ** 53) {
    throw new TuskError('InvalidArgument', `random integers: need integers lo < hi with hi − lo ≤ 2^53, got [${lo}, ${hi})`, {
      hint: 'the upper bound is exclusive, as in numpy: integers(0, 10) gives 0…9',
    });
  }
}

/** Smallest b with 2^b ≥ range. */
function bitsFor(range: number): number {
  let b = 0;
  while (2 ** b < range) b++;
  return b;
}

function slowInteger(k0: number, k1: number, index: number, range: number, b: number): number {
  for (let draw = 1; ; draw++) {
    const w = drawBits(k0, k1, index, draw);
    const c = candidate(w[0]!, w[1]!, b);
    if (c < range) return c;
    if (b <= 32) {
      const c2 = (w[1]! & maskOf(b)) >>> 0;
      if (c2 < range) return c2;
    }
  }
}

function maskOf(b: number): number {
  return b >= 32 ? -1 : (2 ** b - 1) | 0;
}

/** The first candidate of a 64-bit draw: b ≤ 32 uses the low bits of w0, b > 32 spans both words. */
function candidate(w0: number, w1: number, b: number): number {
  if (b <= 32) return (w0 & maskOf(b)) >>> 0;
  return ((w0 & maskOf(b - 32)) >>> 0) * TWO32 + (w1 >>> 0);
}

export function fillIntegers(seed: number, lo: number, hi: number, first: number, n: number, out: Float64Array, at = 0): void {
  checkIntegerBounds(lo, hi);
  const [k0, k1] = streamKey(seed, DOMAIN.integers);
  const range = hi - lo;
  const b = bitsFor(range);
  const mask = maskOf(b);
  for (let s = 0; s < n; s += BLOCK) {
    const m = Math.min(BLOCK, n - s);
    fillBits(k0, k1, first + s, m, 0, bits);
    const base = at + s;
    for (let j = 0; j < m; j++) {
      let c: number;
      if (b <= 32) {
        c = (bits[2 * j]! & mask) >>> 0;
        if (c >= range) {
          c = (bits[2 * j + 1]! & mask) >>> 0;
          if (c >= range) c = slowInteger(k0, k1, first + s + j, range, b);
        }
      } else {
        c = candidate(bits[2 * j]!, bits[2 * j + 1]!, b);
        if (c >= range) c = slowInteger(k0, k1, first + s + j, range, b);
      }
      out[base + j] = lo + c;
    }
  }
}
