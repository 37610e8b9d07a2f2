/**
 * exp and log written out with IEEE +, −, ×, ÷ and bit manipulation only (ports of fdlibm's
 * e_exp.c and e_log.c, the code V8's Math.exp/Math.log also derive from), so that the random
 * streams' rare paths (ziggurat wedges and tail) and the ziggurat tables give the same bits in
 * every engine and in the C++ backend — `Math.exp` is not specified to the last bit, and a
 * C library's `exp` differs between platforms. C++ must compile these with -ffp-contract=off
 * (no fused multiply-add) and without -ffast-math.
 */

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer); // little-endian: [low word, high word]

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INV_LN2 = 1.44269504088896338700e+0; // 0x3ff71547 652b82fe
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e+2;
const U_THRESHOLD = -7.45133219101941108420e+2;
const TWOM1000 = 9.33263618503218878990e-302;

/** 2^k for -1022 ≤ k ≤ 1023, built from the exponent bits (exact). */
function pow2Bits(k: number): number {
  i32[0] = 0;
  i32[1] = (k + 1023) << 20;
  return f64[0]!;
}

/** The double whose high word is `hi` and low word 0. */
function fromHighWord(hi: number): number {
  i32[0] = 0;
  i32[1] = hi;
  return f64[0]!;
}

/**
 * 2^k at POW2[k + 1022], for -1022 ≤ k ≤ 1023. A table rather than `pow2Bits` in `detExp`:
 * writing two int32 halves and reading the double back stalls store-to-load forwarding.
 */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => pow2Bits(i - 1022));

// fdlibm branches on the high word of |x|; for a high word h, "hx > h" is "|x| ≥ the double
// with high word h + 1 and low word 0", and "hx < h" is "|x| < the double with high word h",
// so comparing |x| with these gives the same branches, to the bit, without reading words.
const HALF_LN2_ABOVE = fromHighWord(0x3fd62e42 + 1); // hx > 0x3fd62e42: |x| > ln2/2
const THREE_HALF_LN2 = fromHighWord(0x3ff0a2b2); // hx < 0x3ff0a2b2: |x| < 1.5·ln2
const TWOM28 = fromHighWord(0x3e300000); // hx < 0x3e300000: |x| < 2^-28

/** exp(x), fdlibm's algorithm: x = k·ln2 + r, a rational approximation on |r| ≤ ln2/2. */
export function detExp(x: number): number {
  if (x !== x) return x;
  if (x > O_THRESHOLD) return Infinity;
  if (x < U_THRESHOLD) return 0;
  const ax = Math.abs(x);
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HALF_LN2_ABOVE) {
    if (ax < THREE_HALF_LN2) {
      if (x === 1) return 2.718281828459045; // V8's one change to fdlibm: exp(1) is exactly Math.E
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TWOM28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * POW2[1023 + 1022]! : y * POW2[k + 1022]!;
  return y * POW2[k + 1000 + 1022]! * TWOM1000;
}

const TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** log(x), fdlibm's algorithm: x = 2^k·(1 + f), log(1 + f) by a series in s = f/(2 + f). */
export function detLog(x: number): number {
  f64[0] = x;
  let hx = i32[1]!;
  const lx = i32[0]!;
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // subnormal: scale up
    f64[0] = x;
    hx = i32[1]!;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  i32[1] = hx | (i ^ 0x3ff00000); // normalise x or x/2 into [sqrt(2)/2, sqrt(2))
  x = f64[0]!;
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let ii = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  ii |= j;
  const R = t2 + t1;
  if (ii > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
