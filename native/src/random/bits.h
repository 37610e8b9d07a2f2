// Counter-based bits a block at a time: Threefry over consecutive counters in a branch-free
// loop the compiler vectorizes across elements (vprold on AVX-512, shifts on AVX2).
#pragma once
#include "../arch.h"
#include "threefry.h"

namespace tusk::TUSK_ARCH {
using namespace tusk::random;

// Bits of draw 0 for elements first … first + m − 1; the low counter word must not wrap.
inline void bits_run(Key k, uint64_t first, int m, uint32_t* __restrict X0, uint32_t* __restrict X1) {
  const uint32_t lo = (uint32_t)first, hi = (uint32_t)(first >> 32);
  for (int j = 0; j < m; j++) threefry(lo + (uint32_t)j, hi, k.k0, k.k1, X0[j], X1[j]);
}

// Calls body(X0, X1, m, at) per block of at most kBlock elements, split where the low word wraps.
template <class Body>
inline void for_bit_blocks(Key k, uint64_t first, size_t n, Body body) {
  alignas(64) uint32_t X0[kBlock], X1[kBlock];
  size_t s = 0;
  while (s < n) {
    const uint64_t g = first + s;
    const uint64_t toWrap = 0x100000000ull - (g & 0xffffffffull);
    const int m = (int)zmin(zmin((size_t)kBlock, n - s), (size_t)toWrap);
    bits_run(k, g, m, X0, X1);
    body(X0, X1, m, s);
    s += m;
  }
}

}  // namespace tusk::TUSK_ARCH
