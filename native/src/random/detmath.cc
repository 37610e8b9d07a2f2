// See detmath.h. Every constant and branch follows detmath.ts line by line.
#include "detmath.h"

#include <cstdint>
#include <cstring>

namespace tusk::random {
namespace {

inline int32_t high_word(double x) { uint64_t u; std::memcpy(&u, &x, 8); return (int32_t)(u >> 32); }
inline uint32_t low_word(double x) { uint64_t u; std::memcpy(&u, &x, 8); return (uint32_t)u; }
inline double with_high(double x, int32_t hi) {
  uint64_t u; std::memcpy(&u, &x, 8);
  u = (u & 0xffffffffull) | ((uint64_t)(uint32_t)hi << 32);
  double r; std::memcpy(&r, &u, 8); return r;
}
inline double pow2(int k) {
  const uint64_t u = (uint64_t)(uint32_t)((k + 1023) << 20) << 32;
  double r; std::memcpy(&r, &u, 8); return r;
}

constexpr double LN2_HI = 6.93147180369123816490e-1;
constexpr double LN2_LO = 1.90821492927058770002e-10;
constexpr double INV_LN2 = 1.44269504088896338700e+0;
constexpr double P1 = 1.66666666666666019037e-1;
constexpr double P2 = -2.77777777770155933842e-3;
constexpr double P3 = 6.61375632143793436117e-5;
constexpr double P4 = -1.65339022054652515390e-6;
constexpr double P5 = 4.13813679705723846039e-8;
constexpr double O_THRESHOLD = 7.09782712893383973096e+2;
constexpr double U_THRESHOLD = -7.45133219101941108420e+2;
constexpr double TWOM1000 = 9.33263618503218878990e-302;

constexpr double TWO54 = 1.80143985094819840000e+16;
constexpr double LG1 = 6.666666666666735130e-1;
constexpr double LG2 = 3.999999999940941908e-1;
constexpr double LG3 = 2.857142874366239149e-1;
constexpr double LG4 = 2.222219843214978396e-1;
constexpr double LG5 = 1.818357216161805012e-1;
constexpr double LG6 = 1.531383769920937332e-1;
constexpr double LG7 = 1.479819860511658591e-1;

}  // namespace

double det_exp(double x) {
  if (x != x) return x;
  if (x > O_THRESHOLD) return __builtin_inf();
  if (x < U_THRESHOLD) return 0;
  const int32_t hx = high_word(x) & 0x7fffffff;
  double hi = 0, lo = 0;
  int k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1) return 2.718281828459045;
      hi = x < 0 ? x + LN2_HI : x - LN2_HI;
      lo = x < 0 ? -LN2_LO : LN2_LO;
      k = x < 0 ? -1 : 1;
    } else {
      k = (int)(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));  // truncation, as Math.trunc
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const double t = x * x;
  const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  const double y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return k == 1024 ? y * 2 * pow2(1023) : y * pow2(k);
  return y * pow2(k + 1000) * TWOM1000;
}

double det_log(double x) {
  int32_t hx = high_word(x);
  const uint32_t lx = low_word(x);
  int k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | (int32_t)lx) == 0) return -__builtin_inf();
    if (hx < 0) return __builtin_nan("");
    k -= 54;
    x *= TWO54;
    hx = high_word(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const int32_t i = (hx + 0x95f64) & 0x100000;
  x = with_high(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const double f = x - 1;
  const double dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) return k == 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const double R = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const double s = f / (2 + f);
  const double z = s * s;
  int32_t ii = hx - 0x6147a;
  const double w = z * z;
  const int32_t j = 0x6b851 - hx;
  const double t1 = w * (LG2 + w * (LG4 + w * LG6));
  const double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  ii |= j;
  const double R = t2 + t1;
  if (ii > 0) {
    const double hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k == 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

}  // namespace tusk::random
