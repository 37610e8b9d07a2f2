// Threefry-2x32 (Salmon et al., SC'11), the counter-based generator of
// src/kernels/random/threefry.ts. The round schedule is the two constants below: the number of
// rounds and the rotation table; a key injection follows every fourth round, as in the paper,
// so changing kRounds alone follows a change of round count on the TypeScript side.
#pragma once
#include <cstdint>

namespace tusk::random {

constexpr int kRounds = 20;
constexpr unsigned kRot[8] = {13, 15, 26, 6, 17, 29, 16, 24};
constexpr uint32_t kParity = 0x1bd11bda;

// Stream domains (DOMAIN in threefry.ts): the same seed gives one stream per distribution.
constexpr uint32_t kDomainNormal = 1, kDomainUniform = 2, kDomainIntegers = 3;

struct Key { uint32_t k0, k1; };

// Key layout: (seed mod 2^32, floor(seed / 2^32) | domain << 21), seed < 2^53.
static inline Key stream_key(double seed, uint32_t domain) {
  const uint64_t s = (uint64_t)seed;
  return Key{(uint32_t)s, (uint32_t)(s >> 32) | (domain << 21)};
}

static __attribute__((always_inline)) inline uint32_t rotl(uint32_t x, unsigned r) { return (x << r) | (x >> (32 - r)); }

// One block: counter (c0, c1) under key (k0, k1) → (x0, x1). Fully unrolled: kRounds is constant.
static __attribute__((always_inline)) inline void threefry(uint32_t c0, uint32_t c1, uint32_t k0, uint32_t k1, uint32_t& o0, uint32_t& o1) {
  const uint32_t ks[3] = {k0, k1, kParity ^ k0 ^ k1};
  uint32_t x0 = c0 + k0, x1 = c1 + k1;
#pragma GCC unroll 32
  for (int r = 0; r < kRounds; r++) {
    x0 += x1;
    x1 = rotl(x1, kRot[r % 8]);
    x1 ^= x0;
    if (r % 4 == 3) {
      const uint32_t s = (uint32_t)(r + 1) / 4;
      x0 += ks[s % 3];
      x1 += ks[(s + 1) % 3] + s;
    }
  }
  o0 = x0;
  o1 = x1;
}

// Counter for element `index` (< 2^53), draw `draw` (0 … 2047): (index mod 2^32, floor(index / 2^32) | draw << 21).
static __attribute__((always_inline)) inline void draw_bits(Key k, uint64_t index, uint32_t draw, uint32_t& o0, uint32_t& o1) {
  threefry((uint32_t)index, (uint32_t)(index >> 32) | ((draw & 2047u) << 21), k.k0, k.k1, o0, o1);
}

// 53 random bits as a double in [0, 1), and in (0, 1] (safe for log).
static inline double unit53(uint32_t w0, uint32_t w1) {
  return ((double)(w0 >> 5) * 67108864.0 + (double)(w1 >> 6)) * 1.1102230246251565e-16;
}
static inline double unit53_open(uint32_t w0, uint32_t w1) {
  return ((double)(w0 >> 5) * 67108864.0 + (double)(w1 >> 6) + 1) * 1.1102230246251565e-16;
}

}  // namespace tusk::random
