// STREAM's triad, a[i] = b[i] + s·c[i]: the memory-bandwidth yardstick benchmarks/kernels.ts
// measures in the same run as the kernels (24 bytes counted per element, as STREAM counts).
#pragma once
#include <cstddef>
#include "../arch.h"

namespace tusk::TUSK_ARCH {
inline void triad(double* __restrict a, const double* __restrict b, const double* __restrict c, double s, size_t n) {
  for (size_t i = 0; i < n; i++) a[i] = b[i] + s * c[i];
}
}  // namespace tusk::TUSK_ARCH
