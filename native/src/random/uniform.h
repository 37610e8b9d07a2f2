// Uniform doubles and bounded integers (src/kernels/random/uniform.ts) from the block bits:
// lo + (hi − lo)·u with 53-bit u; integers by masked rejection, a rejected candidate followed by
// the element's second word, then by draws 1, 2, … of its counter.
#pragma once
#include "../arch.h"
#include "bits.h"
#include "threefry.h"

namespace tusk::TUSK_ARCH {
using namespace tusk::random;

inline void fill_uniform(double seed, double lo, double hi, uint64_t first, size_t n, double* out) {
  const Key k = stream_key(seed, kDomainUniform);
  const double width = hi - lo;
  for_bit_blocks(k, first, n, [&](const uint32_t* X0, const uint32_t* X1, int m, size_t at) {
    double* o = out + at;
    for (int j = 0; j < m; j++) o[j] = lo + width * unit53(X0[j], X1[j]);
  });
}

inline uint32_t mask_of(int b) { return b >= 32 ? 0xffffffffu : (uint32_t)((1ull << b) - 1); }

// The first candidate of a 64-bit draw: b ≤ 32 uses the low bits of w0, b > 32 spans both words.
inline uint64_t candidate(uint32_t w0, uint32_t w1, int b) {
  if (b <= 32) return w0 & mask_of(b);
  return ((uint64_t)(w0 & mask_of(b - 32)) << 32) | w1;
}

inline uint64_t slow_integer(Key k, uint64_t index, uint64_t range, int b) {
  for (uint32_t draw = 1;; draw++) {
    uint32_t w0, w1;
    draw_bits(k, index, draw, w0, w1);
    const uint64_t c = candidate(w0, w1, b);
    if (c < range) return c;
    if (b <= 32) {
      const uint64_t c2 = w1 & mask_of(b);
      if (c2 < range) return c2;
    }
  }
}

inline void fill_integers(double seed, double lo, double hi, uint64_t first, size_t n, double* out) {
  const Key k = stream_key(seed, kDomainIntegers);
  const uint64_t range = (uint64_t)(hi - lo);
  int b = 0;
  while (b < 64 && (1ull << b) < range) b++;
  const uint32_t mask = mask_of(b);
  for_bit_blocks(k, first, n, [&](const uint32_t* X0, const uint32_t* X1, int m, size_t at) {
    double* o = out + at;
    for (int j = 0; j < m; j++) {
      uint64_t c;
      if (b <= 32) {
        c = X0[j] & mask;
        if (c >= range) {
          c = X1[j] & mask;
          if (c >= range) c = slow_integer(k, first + at + j, range, b);
        }
      } else {
        c = candidate(X0[j], X1[j], b);
        if (c >= range) c = slow_integer(k, first + at + j, range, b);
      }
      o[j] = lo + (double)c;
    }
  });
}

}  // namespace tusk::TUSK_ARCH
