/**
 * Standard normals by the Marsaglia–Tsang ziggurat (256 layers, the layout numpy uses), made
 * counter-based: element i takes draw 0 of its counter, and only when that lands outside the
 * rectangles (about 1.5% of elements) does it take draws 1, 2, … of the same counter for the
 * wedge test, the tail, or a fresh try. Element i therefore depends on (seed, i) alone.
 *
 * The value path uses only correctly rounded IEEE operations and our own exp/log (detmath.ts),
 * and the tables are computed here with the same functions, so a C++ backend compiled with
 * -ffp-contract=off reproduces every bit.
 */
import { detExp, detLog } from './detmath.js';
import { DOMAIN, drawBits, streamKey, threefryEach } from './threefry.js';

const R = 3.6541528853610088; // start of the tail (Marsaglia & Tsang, 2000, 256 layers)
const AREA = 0.00492867323399; // area of each layer
const INV_R = 1 / R;
const M52 = 4503599627370496; // 2^52

const ki = new Float64Array(256); // rabs below ki[i] is inside layer i's rectangle
const wi = new Float64Array(256); // rabs · wi[i] is the x coordinate
const fi = new Float64Array(256); // the density exp(-x²/2) at layer i's edge

(function buildTables(): void {
  let dn = R;
  let tn = dn;
  const q = AREA / detExp(-0.5 * dn * dn);
  ki[0] = Math.floor((dn / q) * M52);
  ki[1] = 0;
  wi[0] = q / M52;
  wi[255] = dn / M52;
  fi[0] = 1;
  fi[255] = detExp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * detLog(AREA / dn + detExp(-0.5 * dn * dn)));
    ki[i + 1] = Math.floor((dn / tn) * M52);
    tn = dn;
    fi[i] = detExp(-0.5 * dn * dn);
    wi[i] = dn / M52;
  }
})();

/** The tables, for a native backend's generator script and for tests. */
export function _zigguratTables(): { ki: Float64Array; wi: Float64Array; fi: Float64Array } {
  return { ki: ki.slice(), wi: wi.slice(), fi: fi.slice() };
}

/** 53 random bits as a double in [0, 1). */
export function unit53(w0: number, w1: number): number {
  return ((w0 >>> 5) * 67108864 + (w1 >>> 6)) * 1.1102230246251565e-16;
}

/** 53 random bits as a double in (0, 1] — safe to take the log of. */
function unit53Open(w0: number, w1: number): number {
  return ((w0 >>> 5) * 67108864 + (w1 >>> 6) + 1) * 1.1102230246251565e-16;
}

/**
 * The rare path, one element at a time: element `index`'s draw `draw` was (w0, w1) — a try from
 * the top (draw 0, or the fresh draw after a rejected wedge). Writes the normal to out[at] (so
 * that the double is not boxed to be returned). `finishPending` does the same for a run's
 * pending elements together; this is the reference it must agree with, and what it falls back
 * to for the tail.
 */
function slowNormal(k0: number, k1: number, index: number, w0: number, w1: number, out: Float64Array, at: number, draw = 0): void {
  for (;;) {
    const idx = w0 & 255;
    const rabs = (w0 >>> 9) * 536870912 + (w1 >>> 3);
    const negative = (w0 & 256) !== 0;
    const x = negative ? -(rabs * wi[idx]!) : rabs * wi[idx]!;
    if (rabs < ki[idx]!) {
      out[at] = x;
      return;
    }
    if (idx === 0) {
      // The tail beyond R, by Marsaglia's exponential rejection.
      for (;;) {
        let b = drawBits(k0, k1, index, ++draw);
        const xx = -detLog(unit53Open(b[0]!, b[1]!)) * INV_R;
        b = drawBits(k0, k1, index, ++draw);
        const yy = -detLog(unit53Open(b[0]!, b[1]!));
        if (yy + yy > xx * xx) {
          out[at] = negative ? -(R + xx) : R + xx;
          return;
        }
      }
    }
    const b = drawBits(k0, k1, index, ++draw);
    const u = unit53(b[0]!, b[1]!);
    if ((fi[idx - 1]! - fi[idx]!) * u + fi[idx]! < detExp(-0.5 * x * x)) {
      out[at] = x;
      return;
    }
    const fresh = drawBits(k0, k1, index, ++draw);
    w0 = fresh[0]!;
    w1 = fresh[1]!;
  }
}

/**
 * wi with the sign folded in: entry idx | 256 is −wi[idx]. The fast path picks it with bits 0–8
 * of x0, so the sign costs a table load instead of a branch that mispredicts half the time
 * (measured: 1.7× faster generation). Same values as `negative ? −(rabs·wi) : rabs·wi`, since
 * IEEE negation is exact.
 */
const wiSigned = new Float64Array(512);
for (let i = 0; i < 256; i++) {
  wiSigned[i] = wi[i]!;
  wiSigned[i + 256] = -wi[i]!;
}

/**
 * Squeezes for the wedge test `y < exp(−x²/2)`, per layer j (1 … 255), whose wedge spans
 * |x| in [lo, hi] = [edge of layer j − 1 (0 for j = 1), edge of layer j]: the density is
 * concave below |x| = 1 and convex above, so there the chord through the layer's corners and
 * the tangents at them bound it from either side. Where y is below the lower bound or above the
 * upper one by more than SQUEEZE_MARGIN — far more than the rounding of the bounds plus detExp's
 * error, so the answer is the one detExp gives, to the bit — the test is decided without exp.
 * Layers that straddle |x| = 1 always take the exact test.
 */
const SQUEEZE_MARGIN = 1e-12;
const zLo = new Float64Array(256);
const zSlope = new Float64Array(256); // the chord's slope (negative)
const zKind = new Int32Array(256); // 1: concave, 2: convex, 0: the exact test only
for (let j = 1; j < 256; j++) {
  const lo = j === 1 ? 0 : wi[j - 1]! * M52, hi = wi[j]! * M52;
  zLo[j] = lo;
  zSlope[j] = (fi[j]! - fi[j - 1]!) / (hi - lo);
  zKind[j] = hi <= 1 ? 1 : lo >= 1 ? 2 : 0;
}

/**
 * The wedge test of layer j for |x| = ax and y = fi[j] + u·(fi[j − 1] − fi[j]): the same answer
 * as `y < detExp(−0.5·x·x)`, deciding most cases by the squeezes above.
 */
function wedgeAccepts(j: number, ax: number, y: number, x: number): boolean {
  const kind = zKind[j]!;
  if (kind !== 0) {
    const lo = zLo[j]!, flo = fi[j - 1]!, fhi = fi[j]!, hi = wi[j]! * M52;
    const chord = flo + (ax - lo) * zSlope[j]!;
    // Tangents at the corners: f(a) + f'(a)(x − a), f'(a) = −a·f(a).
    const tLo = flo * (1 - lo * (ax - lo)), tHi = fhi * (1 - hi * (ax - hi));
    if (kind === 1) { // concave: chord ≤ f ≤ both tangents
      if (y < chord - SQUEEZE_MARGIN) return true;
      if (y > (tLo < tHi ? tLo : tHi) + SQUEEZE_MARGIN) return false;
    } else { // convex: both tangents ≤ f ≤ chord
      if (y > chord + SQUEEZE_MARGIN) return false;
      if (y < (tLo > tHi ? tLo : tHi) - SQUEEZE_MARGIN) return true;
    }
  }
  return y < detExp(-0.5 * x * x);
}

/**
 * Normals are made RUN at a time by `normalRun`, which notes the elements that fall outside
 * the rectangles (about 1.5%: position and draw-0 words, as triples in `slow`); those are
 * finished afterwards, one by one, by `slowNormal`.
 */
const RUN = 2048;
const slow = new Int32Array(3 * RUN);
const TWO32 = 4294967296;

/** The stream key of the last seed, so that the per-block calls allocate nothing. */
let keySeed = -1, key0 = 0, key1 = 0;

/** Out of line and without destructuring, so that a new seed does not deoptimize fillNormal. */
function setKey(seed: number): void {
  const k = streamKey(seed, DOMAIN.normal);
  key0 = k[0];
  key1 = k[1];
  keySeed = seed;
}

/** Writes standard normals for stream elements first … first + n − 1 into out[at …]. */
export function fillNormal(seed: number, first: number, n: number, out: Float64Array, at = 0): void {
  if (seed !== keySeed) setKey(seed);
  const k0 = key0, k1 = key1;
  for (let s = 0; s < n; s += RUN) {
    const m = Math.min(RUN, n - s);
    const hi = Math.floor((first + s) / TWO32);
    const lo = first + s - hi * TWO32;
    // Split where the counter's low word wraps, so the hot loop runs on an int32 counter.
    const m1 = Math.min(m, TWO32 - lo);
    let nSlow = normalRun(k0, k1, lo, hi, m1, out, at + s, 0, slow, 0, ki, wiSigned);
    if (m1 < m) nSlow = normalRun(k0, k1, 0, hi + 1, m - m1, out, at + s + m1, m1, slow, nSlow, ki, wiSigned);
    if (nSlow > 0) finishPending(k0, k1, first + s, nSlow, out, at + s);
  }
}

// The pending elements of a run, while `finishPending` works on them: global index, position in
// `out`, the words of the current try and its draw number.
const candIndex = new Float64Array(RUN);
const candAt = new Int32Array(RUN);
const candW = new Int32Array(2 * RUN);
const candDraw = new Int32Array(RUN);
const ctr0 = new Int32Array(RUN);
const ctr1 = new Int32Array(RUN);
const bits = new Int32Array(2 * RUN);

/** Counter words of draw `draw` of each candidate c < m, into ctr0/ctr1. */
function candidateCounters(m: number, step: number): void {
  for (let c = 0; c < m; c++) {
    const index = candIndex[c]!;
    const hi = Math.floor(index / TWO32);
    ctr0[c] = index - hi * TWO32;
    ctr1[c] = hi | (((candDraw[c]! + step) & 2047) << 21);
  }
}

/**
 * Finishes a run's pending elements (`slow`: triples of position in the run, draw-0 words),
 * exactly as `slowNormal` would one by one, but in rounds over all of them: the wedge test's
 * uniform (draw d + 1) and a rejected element's fresh try (draw d + 2) are drawn for every
 * candidate at once by `threefryEach`, four counters side by side. One at a time, each draw was
 * a latency-bound Threefry block and the slow path cost ~100 ns an element, 1.5% of elements:
 * 10% of the time of sum(sin(x) + x²) over normals. The tail (layer 0, ~1 pending element in 20)
 * goes to `slowNormal` from the draw it is at.
 */
function finishPending(k0: number, k1: number, first: number, nSlow: number, out: Float64Array, at: number): void {
  let m = 0;
  for (let q = 0; q < nSlow; q += 3) {
    const j = slow[q]!;
    candIndex[m] = first + j;
    candAt[m] = at + j;
    candW[2 * m] = slow[q + 1]!;
    candW[2 * m + 1] = slow[q + 2]!;
    candDraw[m] = 0;
    m++;
  }
  let fresh = false; // draw 0 is known to be outside its rectangle; a fresh try is not
  while (m > 0) {
    // The rectangle test (fresh tries), the tail, and the wedge candidates kept in place.
    let nw = 0;
    for (let c = 0; c < m; c++) {
      const w0 = candW[2 * c]!, w1 = candW[2 * c + 1]!;
      const idx = w0 & 255;
      if (fresh) {
        const rabs = (w0 >>> 9) * 536870912 + (w1 >>> 3);
        if (rabs < ki[idx]!) {
          out[candAt[c]!] = rabs * wiSigned[w0 & 511]!;
          continue;
        }
      }
      if (idx === 0) {
        slowNormal(k0, k1, candIndex[c]!, w0, w1, out, candAt[c]!, candDraw[c]!);
        continue;
      }
      candIndex[nw] = candIndex[c]!;
      candAt[nw] = candAt[c]!;
      candW[2 * nw] = w0;
      candW[2 * nw + 1] = w1;
      candDraw[nw] = candDraw[c]!;
      nw++;
    }
    if (nw === 0) return;
    // The wedge test, with draw d + 1's uniform.
    candidateCounters(nw, 1);
    threefryEach(k0, k1, ctr0, ctr1, nw, bits);
    let nr = 0;
    for (let c = 0; c < nw; c++) {
      const w0 = candW[2 * c]!, w1 = candW[2 * c + 1]!;
      const idx = w0 & 255;
      const x = ((w0 >>> 9) * 536870912 + (w1 >>> 3)) * wiSigned[w0 & 511]!;
      const u = unit53(bits[2 * c]!, bits[2 * c + 1]!);
      if (wedgeAccepts(idx, Math.abs(x), (fi[idx - 1]! - fi[idx]!) * u + fi[idx]!, x)) {
        out[candAt[c]!] = x;
        continue;
      }
      candIndex[nr] = candIndex[c]!;
      candAt[nr] = candAt[c]!;
      candDraw[nr] = candDraw[c]! + 2;
      nr++;
    }
    // Rejected: a fresh try with draw d + 2.
    candidateCounters(nr, 0);
    threefryEach(k0, k1, ctr0, ctr1, nr, candW);
    m = nr;
    fresh = true;
  }
}

/**
 * Draw 0 of counters (lo + j, hi), j < m (lo + m ≤ 2^32), through the ziggurat's fast path:
 * out[at + j] for every element inside its layer's rectangle; the others are noted in
 * `pending` from `nSlow` on as (base + j, x0, x1). Returns the new count of pending words.
 *
 * The Threefry-2x32-20 rounds are `fillBitsRun`'s (threefry.ts) written out again, four
 * counters per iteration, with the ziggurat applied to each counter's words as they come out
 * instead of storing them: that saves a pass over 16 KiB of bits and V8's per-access checks
 * in it (measured: 6% faster). The tests check every element
 * against `normalAt` and pin the stream's bits. No call in the loop, so V8 keeps it tight.
 * The tables come in as arguments: read from the module scope instead, V8 compiled the
 * function with float adds for some of the rounds' int32 adds (measured: 1.8× slower).
 */
function normalRun(k0: number, k1: number, lo: number, hi: number, m: number, out: Float64Array, at: number, base: number, pending: Int32Array, nSlow: number, kTab: Float64Array, wTab: Float64Array): number {
  k0 |= 0; // typed int32 here, so every sum below is an int32 add
  k1 |= 0;
  const k2 = 0x1bd11bda ^ k0 ^ k1;
  const i1 = (k2 + 1) | 0, i2 = (k0 + 2) | 0, i3 = (k1 + 3) | 0, i4 = (k2 + 4) | 0, i5 = (k0 + 5) | 0;
  const x1 = (hi + k1) | 0; // x1 after the first key injection (draw 0)
  const r1 = x1 << 13 | x1 >>> 19; // …and its first rotation
  let x0 = (((lo + k0) | 0) + x1) | 0; // x0 after round 1's addition, for counter lo
  const m4 = m - (m % 4);
  let rabs = 0; // 52 bits: 23 from x0, 29 from x1
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
    rabs = (a0 >>> 9) * 536870912 + (a1 >>> 3);
    if (rabs < kTab[a0 & 255]!) out[at + j + 0] = rabs * wTab[a0 & 511]!;
    else pending[nSlow++] = base + j + 0, pending[nSlow++] = a0, pending[nSlow++] = a1;
    rabs = (b0 >>> 9) * 536870912 + (b1 >>> 3);
    if (rabs < kTab[b0 & 255]!) out[at + j + 1] = rabs * wTab[b0 & 511]!;
    else pending[nSlow++] = base + j + 1, pending[nSlow++] = b0, pending[nSlow++] = b1;
    rabs = (c0 >>> 9) * 536870912 + (c1 >>> 3);
    if (rabs < kTab[c0 & 255]!) out[at + j + 2] = rabs * wTab[c0 & 511]!;
    else pending[nSlow++] = base + j + 2, pending[nSlow++] = c0, pending[nSlow++] = c1;
    rabs = (d0 >>> 9) * 536870912 + (d1 >>> 3);
    if (rabs < kTab[d0 & 255]!) out[at + j + 3] = rabs * wTab[d0 & 511]!;
    else pending[nSlow++] = base + j + 3, pending[nSlow++] = d0, pending[nSlow++] = d1;
  }
  for (let j = m4; j < m; j++) {
    const w = drawBits(k0, k1, hi * TWO32 + lo + j, 0);
    const w0 = w[0]!, w1 = w[1]!;
    rabs = (w0 >>> 9) * 536870912 + (w1 >>> 3);
    if (rabs < kTab[w0 & 255]!) out[at + j] = rabs * wTab[w0 & 511]!;
    else pending[nSlow++] = base + j, pending[nSlow++] = w0, pending[nSlow++] = w1;
  }
  return nSlow;
}

/** Element `index` of a normal stream, the slow obvious way: the reference for `fillNormal`. */
export function normalAt(seed: number, index: number): number {
  const [k0, k1] = streamKey(seed, DOMAIN.normal);
  const w = drawBits(k0, k1, index, 0);
  const out = new Float64Array(1);
  slowNormal(k0, k1, index, w[0]!, w[1]!, out, 0);
  return out[0]!;
}
