// Standard normals (src/kernels/random/normal.ts): the 256-layer ziggurat made counter-based.
// Per block: the bits (bits.h), the rectangle test for all elements at once (explicit gathers),
// then the ~1% outside the rectangles — their next draw as one vectorized batch, the wedge
// densities as another, and only rejections and the tail one by one. Every path performs the
// TypeScript's IEEE operations in its order, so the stream is the same bit for bit.
#pragma once
#include "../arch.h"
#include "bits.h"
#include "detmath.h"
#include "threefry.h"
#include "ziggurat.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace tusk::TUSK_ARCH {
using namespace tusk::random;

// Element `index` whose draw `draw` was (w0, w1) and fell outside the rectangles: the wedge
// test, the tail, or a fresh try with the next draws (slowNormal in normal.ts).
inline double slow_normal(Key k, uint64_t index, uint32_t w0, uint32_t w1, const Ziggurat& z, uint32_t draw = 0) {
  const double invR = 1 / kZigR;
  for (;;) {
    const int idx = w0 & 255;
    const double rabs = (double)(w0 >> 9) * 536870912.0 + (double)(w1 >> 3);
    const bool negative = (w0 & 256) != 0;
    const double x = negative ? -(rabs * z.wi[idx]) : rabs * z.wi[idx];
    if (rabs < z.ki[idx]) return x;
    uint32_t b0, b1;
    if (idx == 0) {
      for (;;) {  // the tail beyond R, by Marsaglia's exponential rejection
        draw_bits(k, index, ++draw, b0, b1);
        const double xx = -det_log(unit53_open(b0, b1)) * invR;
        draw_bits(k, index, ++draw, b0, b1);
        const double yy = -det_log(unit53_open(b0, b1));
        if (yy + yy > xx * xx) return negative ? -(kZigR + xx) : kZigR + xx;
      }
    }
    draw_bits(k, index, ++draw, b0, b1);
    const double u = unit53(b0, b1);
    if ((z.fi[idx - 1] - z.fi[idx]) * u + z.fi[idx] < det_exp(-0.5 * x * x)) return x;
    draw_bits(k, index, ++draw, w0, w1);
  }
}

// det_exp for the wedge test's arguments, −x²/2 with |x| < R (so in [−6.7, 0]), a batch at a
// time: every path of det_exp computed and the right one selected per element, so the loop
// vectorizes; the same IEEE operations in the same order as det_exp, hence the same bits
// (native-conformance compares whole normal streams with the TypeScript ones).
inline void det_exp_wedge(const double* a, double* o, int n) {
  const double LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10, INV_LN2 = 1.44269504088896338700e+0;
  const double P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5;
  const double P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
  for (int i = 0; i < n; i++) {
    const double x = a[i];
    uint64_t u;
    __builtin_memcpy(&u, &x, 8);
    const int32_t hx = (int32_t)(u >> 32) & 0x7fffffff;
    const bool mid = hx < 0x3ff0a2b2;  // |x| < 1.5·ln2: k = ±1
    const int32_t kd = (int32_t)(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
    const int32_t k = mid ? (x < 0 ? -1 : 1) : kd;
    const double dk = (double)k;
    const double hi = mid ? (x < 0 ? x + LN2_HI : x - LN2_HI) : x - dk * LN2_HI;
    const double lo = mid ? (x < 0 ? -LN2_LO : LN2_LO) : dk * LN2_LO;
    const bool reduced = hx > 0x3fd62e42;  // |x| > ln2/2
    const double r = reduced ? hi - lo : x;
    const double t = r * r;
    const double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    const double y0 = 1 - ((r * c) / (c - 2) - r);
    const double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
    const uint64_t scaleBits = (uint64_t)(uint32_t)((k + 1023) << 20) << 32;
    double scale;
    __builtin_memcpy(&scale, &scaleBits, 8);
    o[i] = hx < 0x3e300000 ? 1 + x : reduced ? y * scale : y0;
  }
}

// The ziggurat's fast path for elements [j0, m): value rabs·wi (sign folded into the table) and
// whether the element needs the slow path. Explicit gathers where the CPU has them (GCC will
// not emit gathers for this loop by itself); the same arithmetic, so the same bits, everywhere.
inline int normal_fast_simd(const uint32_t* X0, const uint32_t* X1, int m, const Ziggurat& z, double* o, uint8_t* slow) {
  int j = 0;
#if defined(__AVX512F__)
  const __m512d scale = _mm512_set1_pd(536870912.0);
  const __m256i m8 = _mm256_set1_epi32(255), m9 = _mm256_set1_epi32(511);
  for (; j + 8 <= m; j += 8) {
    const __m256i x0 = _mm256_loadu_si256((const __m256i*)(X0 + j)), x1 = _mm256_loadu_si256((const __m256i*)(X1 + j));
    const __m512d rabs = _mm512_add_pd(_mm512_mul_pd(_mm512_cvtepi32_pd(_mm256_srli_epi32(x0, 9)), scale), _mm512_cvtepi32_pd(_mm256_srli_epi32(x1, 3)));
    const __m512d kv = _mm512_i32gather_pd(_mm256_and_si256(x0, m8), z.ki, 8);
    const __m512d wv = _mm512_i32gather_pd(_mm256_and_si256(x0, m9), z.wiSigned, 8);
    _mm512_storeu_pd(o + j, _mm512_mul_pd(rabs, wv));
    slow[j / 8] = (uint8_t)_mm512_cmp_pd_mask(rabs, kv, _CMP_GE_OQ);
  }
#elif defined(__AVX2__)
  const __m256d scale = _mm256_set1_pd(536870912.0);
  const __m128i m8 = _mm_set1_epi32(255), m9 = _mm_set1_epi32(511);
  for (; j + 8 <= m; j += 8) {
    int bits = 0;
    for (int h = 0; h < 8; h += 4) {
      const __m128i x0 = _mm_loadu_si128((const __m128i*)(X0 + j + h)), x1 = _mm_loadu_si128((const __m128i*)(X1 + j + h));
      const __m256d rabs = _mm256_add_pd(_mm256_mul_pd(_mm256_cvtepi32_pd(_mm_srli_epi32(x0, 9)), scale), _mm256_cvtepi32_pd(_mm_srli_epi32(x1, 3)));
      const __m256d kv = _mm256_i32gather_pd(z.ki, _mm_and_si128(x0, m8), 8);
      const __m256d wv = _mm256_i32gather_pd(z.wiSigned, _mm_and_si128(x0, m9), 8);
      _mm256_storeu_pd(o + j + h, _mm256_mul_pd(rabs, wv));
      bits |= _mm256_movemask_pd(_mm256_cmp_pd(rabs, kv, _CMP_GE_OQ)) << h;
    }
    slow[j / 8] = (uint8_t)bits;
  }
#endif
  (void)X1; (void)z; (void)o; (void)slow;
  return j;
}

inline void fill_normal(double seed, uint64_t first, size_t n, double* out) {
  const Key k = stream_key(seed, kDomainNormal);
  const Ziggurat& z = ziggurat();
  for_bit_blocks(k, first, n, [&](const uint32_t* X0, const uint32_t* X1, int m, size_t at) {
    double* o = out + at;
    uint8_t slow[kBlock / 8 + 1];
    const int done = normal_fast_simd(X0, X1, m, z, o, slow);
    // The ~1% that missed the rectangles: their draw 1 for all of them in one vectorized pass
    // (within a block the counter's high word is constant), then the wedge test one by one.
    alignas(64) uint32_t js[kBlock], D0[kBlock], D1[kBlock];
    int ns = 0;
    for (int g = 0; g < done / 8; g++)
      for (unsigned bits = slow[g]; bits; bits &= bits - 1) js[ns++] = g * 8 + __builtin_ctz(bits);
    const uint64_t base = first + at;
    const uint32_t lo = (uint32_t)base, hi = (uint32_t)(base >> 32) | (1u << 21);
    for (int s = 0; s < ns; s++) threefry(lo + js[s], hi, k.k0, k.k1, D0[s], D1[s]);
    // Wedge candidates (not the tail) are gathered, their densities computed as one batch,
    // then accepted or sent on with draw 2.
    constexpr int kWedge = 256;
    alignas(64) double wx[kWedge], wthr[kWedge], warg[kWedge], wexp[kWedge];
    int wj[kWedge];
    int nw = 0;
    auto flush = [&]() {
      det_exp_wedge(warg, wexp, nw);
      for (int w = 0; w < nw; w++) {
        const int j = wj[w];
        if (wthr[w] < wexp[w]) { o[j] = wx[w]; continue; }
        uint32_t v0, v1;
        draw_bits(k, base + j, 2, v0, v1);
        o[j] = slow_normal(k, base + j, v0, v1, z, 2);
      }
      nw = 0;
    };
    for (int s = 0; s < ns; s++) {
      const int j = (int)js[s];
      const uint32_t w0 = X0[j];
      const int idx = w0 & 255;
      if (idx == 0) { o[j] = slow_normal(k, base + j, w0, X1[j], z); continue; }  // the tail
      const double rabs = (double)(w0 >> 9) * 536870912.0 + (double)(X1[j] >> 3);
      const double x = (w0 & 256) != 0 ? -(rabs * z.wi[idx]) : rabs * z.wi[idx];
      wj[nw] = j;
      wx[nw] = x;
      wthr[nw] = (z.fi[idx - 1] - z.fi[idx]) * unit53(D0[s], D1[s]) + z.fi[idx];
      warg[nw] = -0.5 * x * x;
      if (++nw == kWedge) flush();
    }
    flush();
    for (int j = done; j < m; j++) {
      const uint32_t x0 = X0[j];
      const double rabs = (double)(x0 >> 9) * 536870912.0 + (double)(X1[j] >> 3);  // 52 bits
      o[j] = rabs < z.ki[x0 & 255] ? rabs * z.wiSigned[x0 & 511] : slow_normal(k, first + at + j, x0, X1[j], z);
    }
  });
}

}  // namespace tusk::TUSK_ARCH
