// Folding blocks into a reduction partial — src/kernels/reduce/accumulate.ts, kind by kind,
// with the same block structure, so sums, min/max, argmin/argmax, prod and the logical
// reductions give the same partials bit for bit. Moments differ only in the order of the
// within-block sum of squared deviations (eight lanes here, one running sum there): the same
// partial format, equal within a few ULP.
#pragma once
#include "../api.h"
#include "pairwise.h"

namespace tusk::TUSK_ARCH {

inline uint64_t bits_of(double x) { uint64_t u; __builtin_memcpy(&u, &x, 8); return u; }

// Exact sum of two double-doubles whose parts are integers (addSum in partials.ts).
inline void add_sum(double& value, double& err, double bValue, double bErr) {
  const double s = value + bValue;
  if (!(s - s == 0)) {  // Inf or NaN
    value = s;
    err = 0;
    return;
  }
  const double bb = s - value;
  const double e = value - (s - bb) + (bValue - bb);
  const double t = err + bErr + e;
  const double v = s + t;
  err = t - (v - s);
  value = v;
}

// Chan, Golub & LeVeque (mergeMoments in partials.ts).
inline void merge_moments(double& na, double& ma, double& m2a, double nb, double mb, double m2b) {
  if (nb == 0) return;
  if (na == 0) { na = nb; ma = mb; m2a = m2b; return; }
  const double n = na + nb;
  if (!__builtin_isfinite(ma) || !__builtin_isfinite(mb)) {  // as partials.ts: Inf + finite = Inf, Inf - Inf = NaN
    ma = ma == mb ? ma : ma + mb;
    m2a = __builtin_nan("");
    na = n;
    return;
  }
  const double delta = mb - ma;
  ma = ma + (delta * nb) / n;
  m2a = m2a + m2b + ((delta * delta * na) / n) * nb;
  na = n;
}

struct Accumulator {
  int kind;
  bool exact;  // integer-like dtype: sums are exact double-doubles
  // sum
  double value = -0.0, err = 0;
  double stack[64];
  double weight[64];
  int depth = 0;
  // min/max/arg/prod/logical
  double m = 0;
  bool empty = true, nan = false, zeroFlag = false;
  double best = 0;
  double at = -1;
  // moments
  double count = 0, mean = 0, m2 = 0;

  Accumulator(int kind_, int dtype) : kind(kind_), exact(dtype == I32 || dtype == U8 || dtype == BOOL) {
    switch (kind) {
      case R_PROD: m = 1; break;
      case R_MIN: m = __builtin_inf(); break;
      case R_MAX: m = -__builtin_inf(); break;
      case R_ALL: m = 1; break;
      default: m = 0;
    }
  }

  void add(const double* b, int n, size_t localStart) {
    switch (kind) {
      case R_SUM: add_sum_block(b, n); return;
      case R_PROD: for (int i = 0; i < n; i++) m *= b[i]; return;
      case R_MIN: add_extremum<true>(b, n); return;
      case R_MAX: add_extremum<false>(b, n); return;
      case R_ARGMIN: add_arg<true>(b, n, localStart); return;
      case R_ARGMAX: add_arg<false>(b, n, localStart); return;
      case R_ANY: if (m == 0) for (int i = 0; i < n; i++) if (b[i] != 0) { m = 1; return; } return;
      case R_ALL: if (m == 1) for (int i = 0; i < n; i++) if (b[i] == 0) { m = 0; return; } return;
      case R_COUNT: { double c = 0; for (int i = 0; i < n; i++) c += b[i] != 0; m += c; return; }
      case R_MOMENTS: add_moments(b, n); return;
    }
  }

  // Block sums merged as a binary counter: the whole chunk summed pairwise.
  void add_sum_block(const double* b, int n) { add_block_sum(pairwise_sum(b, n)); }

  // A block's pairwise sum, computed elsewhere, merged in order.
  void add_block_sum(double s) {
    if (exact) { add_sum(value, err, s, 0); return; }
    double v = s, w = 1;
    while (depth > 0 && weight[depth - 1] == w) {
      v = stack[--depth] + v;
      w += weight[depth];
    }
    stack[depth] = v;
    weight[depth] = w;
    depth++;
  }

  // NaN wins; otherwise the extremum, with −0 below +0 (tracked as a flag, decided at the end).
  template <bool MIN>
  void add_extremum(const double* b, int n) {
    if (n == 0 || nan) return;
    empty = false;
    // One vector of this build's width (GCC's generic vectors lower wider ones badly here).
    typedef double vd __attribute__((vector_size(TUSK_VW * 8), aligned(8)));
    typedef int64_t vl __attribute__((vector_size(TUSK_VW * 8)));
    const int64_t want = MIN ? (int64_t)0x8000000000000000ull : 0;
    vd r;
    for (int k = 0; k < TUSK_VW; k++) r[k] = m;
    vl isnan = r != r, zero = isnan;  // all false
    vd r2 = r;
    int i = 0;
    for (; i + 2 * TUSK_VW <= n; i += 2 * TUSK_VW) {  // two chains, so the compare-select latency overlaps
      const vd v = *(const vd*)(b + i), v2 = *(const vd*)(b + i + TUSK_VW);
      isnan |= (v != v) | (v2 != v2);
      zero |= ((vl)v == want) | ((vl)v2 == want);
      r = MIN ? (v < r ? v : r) : (v > r ? v : r);
      r2 = MIN ? (v2 < r2 ? v2 : r2) : (v2 > r2 ? v2 : r2);
    }
    r = MIN ? (r2 < r ? r2 : r) : (r2 > r ? r2 : r);
    double s = m;
    bool anyNan = false, anyZero = false;
    for (int k = 0; k < TUSK_VW; k++) {
      s = MIN ? (r[k] < s ? r[k] : s) : (r[k] > s ? r[k] : s);
      anyNan |= isnan[k] != 0;
      anyZero |= zero[k] != 0;
    }
    for (; i < n; i++) {
      const double v = b[i];
      anyNan |= v != v;
      anyZero |= (int64_t)bits_of(v) == want;
      s = MIN ? (v < s ? v : s) : (v > s ? v : s);
    }
    if (anyNan) { nan = true; m = nan_value(); return; }
    m = s;
    zeroFlag |= anyZero;
  }
  static double nan_value() { return __builtin_nan(""); }

  // argBetter's rules within a block: the first NaN wins outright; else the first element
  // equal to the block's extremum (== puts −0 with +0, as `<` does), which replaces the running
  // best only if strictly better. Found with one vector pass for the extremum and NaN, then a
  // scan of the cache-resident block for its first occurrence.
  template <bool MIN>
  void add_arg(const double* b, int n, size_t start) {
    if (n == 0 || (at >= 0 && best != best)) return;
    typedef double vd __attribute__((vector_size(TUSK_VW * 8), aligned(8)));
    typedef int64_t vl __attribute__((vector_size(TUSK_VW * 8)));
    double m = b[0];
    bool anyNan = m != m;
    int i = 0;
    if (n >= 2 * TUSK_VW) {
      vd r, r2;
      for (int k = 0; k < TUSK_VW; k++) r[k] = r2[k] = b[0];
      vl isnan = r != r;
      for (; i + 2 * TUSK_VW <= n; i += 2 * TUSK_VW) {
        const vd v = *(const vd*)(b + i), v2 = *(const vd*)(b + i + TUSK_VW);
        isnan |= (v != v) | (v2 != v2);
        r = MIN ? (v < r ? v : r) : (v > r ? v : r);
        r2 = MIN ? (v2 < r2 ? v2 : r2) : (v2 > r2 ? v2 : r2);
      }
      for (int k = 0; k < TUSK_VW; k++) {
        m = MIN ? (r[k] < m ? r[k] : m) : (r[k] > m ? r[k] : m);
        m = MIN ? (r2[k] < m ? r2[k] : m) : (r2[k] > m ? r2[k] : m);
        anyNan |= isnan[k] != 0;
      }
    }
    for (; i < n; i++) {
      const double v = b[i];
      anyNan |= v != v;
      m = MIN ? (v < m ? v : m) : (v > m ? v : m);
    }
    int j = 0;
    if (anyNan) {
      while (b[j] == b[j]) j++;
    } else {
      while (b[j] != m) j++;
      if (!(at < 0 || (MIN ? b[j] < best : b[j] > best))) return;
    }
    best = b[j];
    at = (double)(start + j);
  }

  void add_moments(const double* b, int n) {
    if (n == 0) return;
    const double bm = pairwise_sum(b, n) / n;
    double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
      for (int k = 0; k < 8; k++) { const double d = b[i + k] - bm; lanes[k] += d * d; }
    double s = (lanes[0] + lanes[1] + (lanes[2] + lanes[3])) + (lanes[4] + lanes[5] + (lanes[6] + lanes[7]));
    for (; i < n; i++) { const double d = b[i] - bm; s += d * d; }
    merge_moments(count, mean, m2, n, bm, s);
  }

  void result(double* res) {
    res[0] = res[1] = res[2] = res[3] = 0;
    switch (kind) {
      case R_SUM:
        if (!exact) {
          double r = -0.0;
          for (int k = depth - 1; k >= 0; k--) r = stack[k] + r;
          value = r;
        }
        res[0] = value; res[1] = err; return;
      case R_MIN:
      case R_MAX: {
        double v = m;
        // All-zero tie: min is −0 if any −0 was seen, max is +0 if any +0 was.
        if (!nan && v == 0) v = (kind == R_MIN) == zeroFlag ? -0.0 : 0.0;
        res[0] = v; res[1] = empty ? 1 : 0; return;
      }
      case R_ARGMIN:
      case R_ARGMAX: res[0] = at < 0 ? nan_value() : best; res[1] = at; return;
      case R_MOMENTS: res[0] = count; res[1] = mean; res[2] = m2; return;
      default: res[0] = m; return;
    }
  }
};

}  // namespace tusk::TUSK_ARCH
