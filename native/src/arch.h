// Compiled once per instruction set (binding.gyp builds arch.cc three times with different
// -m flags and TUSK_ARCH set to the namespace). Everything the hot loops inline lives in the
// namespace tusk::TUSK_ARCH so the linker can never merge an AVX-512 copy of an inline
// function into the generic build; for the same reason these files use no std:: templates.
#pragma once

#ifndef TUSK_ARCH
#error "compile arch.cc with -DTUSK_ARCH=generic|avx2|avx512"
#endif

#define TUSK_STR2(x) #x
#define TUSK_STR(x) TUSK_STR2(x)

// SIMD width in doubles for the explicit (libmvec) loops; the rest is auto-vectorized.
#if defined(__AVX512F__)
#define TUSK_VW 8
#elif defined(__AVX2__)
#define TUSK_VW 4
#else
#define TUSK_VW 2
#endif

#define TUSK_IVDEP _Pragma("GCC ivdep")

namespace tusk::TUSK_ARCH {
// Elements per block: BLOCK_SIZE in src/kernels/program/run.ts (= REDUCE_BLOCK). Reductions
// fold block by block, so this must match for bit-identical partials.
constexpr int kBlock = 2048;

inline double dmin(double a, double b) { return a < b ? a : b; }
inline size_t zmin(size_t a, size_t b) { return a < b ? a : b; }
}  // namespace tusk::TUSK_ARCH
