// Vectorized transcendental functions: glibc's libmvec (the _ZGV* vector-ABI entry points
// that GCC calls for `#pragma omp simd` loops), called directly at this build's width:
// _ZGVbN2v_* (SSE2), _ZGVdN4v_* (AVX2), _ZGVeN8v_* (AVX-512). libmvec is documented at ≤ 4 ULP
// and handles NaN, ±Inf, subnormals and huge trig arguments (it drops to the scalar libm
// path for |x| beyond its reduction range), which the conformance test checks.
//
// Without libmvec (TUSK_LIBMVEC=0: not glibc, or not x86-64) the same loops call scalar libm.
#pragma once
#include "../arch.h"

#if TUSK_LIBMVEC && defined(__x86_64__)
#include <immintrin.h>
#if TUSK_VW == 8
typedef __m512d tusk_vd;
#define TUSK_MV(f) _ZGVeN8v_##f
#define TUSK_MV2(f) _ZGVeN8vv_##f
#define TUSK_LOADU _mm512_loadu_pd
#define TUSK_STOREU _mm512_storeu_pd
#elif TUSK_VW == 4
typedef __m256d tusk_vd;
#define TUSK_MV(f) _ZGVdN4v_##f
#define TUSK_MV2(f) _ZGVdN4vv_##f
#define TUSK_LOADU _mm256_loadu_pd
#define TUSK_STOREU _mm256_storeu_pd
#else
typedef __m128d tusk_vd;
#define TUSK_MV(f) _ZGVbN2v_##f
#define TUSK_MV2(f) _ZGVbN2vv_##f
#define TUSK_LOADU _mm_loadu_pd
#define TUSK_STOREU _mm_storeu_pd
#endif
extern "C" {
tusk_vd TUSK_MV(sin)(tusk_vd);
tusk_vd TUSK_MV(cos)(tusk_vd);
tusk_vd TUSK_MV(tan)(tusk_vd);
tusk_vd TUSK_MV(exp)(tusk_vd);
tusk_vd TUSK_MV(expm1)(tusk_vd);
tusk_vd TUSK_MV(log)(tusk_vd);
tusk_vd TUSK_MV(log1p)(tusk_vd);
tusk_vd TUSK_MV2(pow)(tusk_vd, tusk_vd);
}

namespace tusk::TUSK_ARCH {
typedef tusk_vd (*VFn1)(tusk_vd);
typedef tusk_vd (*VFn2)(tusk_vd, tusk_vd);

// o[i] = f(x[i]); the tail is padded to a full vector (with 1.0, harmless for every f).
template <VFn1 F>
inline void vmap1(const double* x, double* o, int n) {
  int i = 0;
  for (; i + TUSK_VW <= n; i += TUSK_VW) TUSK_STOREU(o + i, F(TUSK_LOADU(x + i)));
  if (i < n) {
    double buf[TUSK_VW];
    for (int k = 0; k < TUSK_VW; k++) buf[k] = i + k < n ? x[i + k] : 1.0;
    TUSK_STOREU(buf, F(TUSK_LOADU(buf)));
    for (int k = 0; i + k < n; k++) o[i + k] = buf[k];
  }
}

template <VFn2 F>
inline void vmap2(const double* a, const double* b, double* o, int n) {
  int i = 0;
  for (; i + TUSK_VW <= n; i += TUSK_VW) TUSK_STOREU(o + i, F(TUSK_LOADU(a + i), TUSK_LOADU(b + i)));
  if (i < n) {
    double ba[TUSK_VW], bb[TUSK_VW];
    for (int k = 0; k < TUSK_VW; k++) {
      ba[k] = i + k < n ? a[i + k] : 1.0;
      bb[k] = i + k < n ? b[i + k] : 1.0;
    }
    TUSK_STOREU(ba, F(TUSK_LOADU(ba), TUSK_LOADU(bb)));
    for (int k = 0; i + k < n; k++) o[i + k] = ba[k];
  }
}

inline void v_sin(const double* x, double* o, int n) { vmap1<TUSK_MV(sin)>(x, o, n); }
inline void v_cos(const double* x, double* o, int n) { vmap1<TUSK_MV(cos)>(x, o, n); }
inline void v_tan(const double* x, double* o, int n) { vmap1<TUSK_MV(tan)>(x, o, n); }
inline void v_exp(const double* x, double* o, int n) { vmap1<TUSK_MV(exp)>(x, o, n); }
inline void v_expm1(const double* x, double* o, int n) { vmap1<TUSK_MV(expm1)>(x, o, n); }
inline void v_log(const double* x, double* o, int n) { vmap1<TUSK_MV(log)>(x, o, n); }
inline void v_log1p(const double* x, double* o, int n) { vmap1<TUSK_MV(log1p)>(x, o, n); }
inline void v_pow(const double* a, const double* b, double* o, int n) { vmap2<TUSK_MV2(pow)>(a, b, o, n); }
constexpr bool kLibmvec = true;
}  // namespace tusk::TUSK_ARCH

#else  // scalar libm

#include <math.h>
namespace tusk::TUSK_ARCH {
#define TUSK_SCALAR1(name, f) \
  inline void name(const double* x, double* o, int n) { for (int i = 0; i < n; i++) o[i] = f(x[i]); }
TUSK_SCALAR1(v_sin, ::sin)
TUSK_SCALAR1(v_cos, ::cos)
TUSK_SCALAR1(v_tan, ::tan)
TUSK_SCALAR1(v_exp, ::exp)
TUSK_SCALAR1(v_expm1, ::expm1)
TUSK_SCALAR1(v_log, ::log)
TUSK_SCALAR1(v_log1p, ::log1p)
#undef TUSK_SCALAR1
inline void v_pow(const double* a, const double* b, double* o, int n) { for (int i = 0; i < n; i++) o[i] = ::pow(a[i], b[i]); }
constexpr bool kLibmvec = false;
}  // namespace tusk::TUSK_ARCH
#endif
