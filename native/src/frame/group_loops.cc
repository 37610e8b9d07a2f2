// Row loops of a group-by's chunk task, ported one for one from their TypeScript references
// (src/frame/ops/group-codes.ts rangeWords/lutWords, aggregate.ts pairSums, fsum.ts
// scanAbs/extractLevels). Same operations in the same order (built with -ffp-contract=off), so
// the same results bit for bit; test/kernels/native-group-loops.test.ts checks that. Indexes
// read from the data (group codes, lookup keys) are checked before any write.
#include "group_loops.h"

#include <vector>

#include "huge_alloc.h"
#include "open_table.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace tusk {
namespace {

constexpr double kTwo32 = 4294967296.0;

inline double word_value(const int32_t* w, size_t i) { return (double)w[2 * i + 1] * kTwo32 + (double)(uint32_t)w[2 * i]; }

inline bool present(const uint8_t* valid, size_t i) { return valid == nullptr || valid[i] != 0; }

}  // namespace

// The int64 values read as such (the words are a BigInt64Array's), in integer arithmetic: no
// conversion to double and no exit inside the loop (1.2 → 0.55 ns a row measured through the
// addon call, the double form with its early exit before). The same results as rangeWords:
// the range of the present values, or 0 when one lies outside [−2^53, 2^53) — then range is
// left as it was.
inline int64_t word64(const int32_t* w, size_t i) {
  int64_t v;
  std::memcpy(&v, w + 2 * i, 8);
  return v;
}

int32_t int64_range(const int32_t* w, const uint8_t* valid, size_t m, double* range) {
  // Four independent lo/hi pairs (min and max are exact in any order): the single pair's
  // compare-select chains bounded the loop at ~0.64 ns a row.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max(), kMin = std::numeric_limits<int64_t>::min();
  int64_t lo[4] = {kMax, kMax, kMax, kMax}, hi[4] = {kMin, kMin, kMin, kMin};
  size_t i = 0;
  if (valid == nullptr) {
    for (; i + 4 <= m; i += 4) {
      for (int k = 0; k < 4; k++) {
        const int64_t v = word64(w, i + k);
        lo[k] = v < lo[k] ? v : lo[k];
        hi[k] = v > hi[k] ? v : hi[k];
      }
    }
    for (; i < m; i++) {
      const int64_t v = word64(w, i);
      lo[0] = v < lo[0] ? v : lo[0];
      hi[0] = v > hi[0] ? v : hi[0];
    }
  } else {
    for (; i + 4 <= m; i += 4) {
      for (int k = 0; k < 4; k++) {
        const bool ok = valid[i + k] != 0;
        const int64_t v = word64(w, i + k);
        lo[k] = ok && v < lo[k] ? v : lo[k];
        hi[k] = ok && v > hi[k] ? v : hi[k];
      }
    }
    for (; i < m; i++) {
      const bool ok = valid[i] != 0;
      const int64_t v = word64(w, i);
      lo[0] = ok && v < lo[0] ? v : lo[0];
      hi[0] = ok && v > hi[0] ? v : hi[0];
    }
  }
  for (int k = 1; k < 4; k++) {
    lo[0] = lo[k] < lo[0] ? lo[k] : lo[0];
    hi[0] = hi[k] > hi[0] ? hi[k] : hi[0];
  }
  if (lo[0] > hi[0]) return 1;  // nothing present
  constexpr int64_t kTwo53 = 9007199254740992;
  if (lo[0] < -kTwo53 || hi[0] >= kTwo53) return 0;
  if ((double)lo[0] < range[0]) range[0] = (double)lo[0];
  if ((double)hi[0] > range[1]) range[1] = (double)hi[0];
  return 1;
}

// The dense id of lookup key k: on first sight the next id, with its row `at` into first;
// kLoopBadIndex when first is full.
inline int64_t lut_id(int32_t* lut, uint64_t k, int64_t& count, int32_t* first, size_t first_len, size_t at) {
  int32_t g = lut[k];
  if (g < 0) {
    if ((size_t)count >= first_len) return kLoopBadIndex;
    g = lut[k] = (int32_t)count;
    first[count++] = (int32_t)at;
  }
  return g;
}

int64_t int64_lut_codes(const int32_t* w, const uint8_t* valid, size_t m, double lo, int32_t* lut, size_t lut_len, int32_t* codes,
                        size_t at, int32_t* first, size_t first_len, int64_t count) {
  // Integer arithmetic (lo is an integer within ±2^53, as every value the caller's range found):
  // v − lo taken modulo 2^64 is below lut_len exactly when it is in range, since |v − lo| < 2^64 − lut_len.
  const uint64_t base = (uint64_t)(int64_t)lo;
  if ((double)(int64_t)lo != lo) return kLoopBadIndex;
  for (size_t i = 0; i < m; i++, at++) {
    if (!present(valid, i)) {
      codes[at] = -1;
      continue;
    }
    const uint64_t k = (uint64_t)word64(w, i) - base;
    if (k >= (uint64_t)lut_len) return kLoopBadIndex;
    const int64_t g = lut_id(lut, k, count, first, first_len, at);
    if (g < 0) return kLoopBadIndex;
    codes[at] = (int32_t)g;
  }
  return count;
}

int32_t int_sums(const int32_t* w, const uint8_t* valid, const int32_t* codes, size_t n, double* acc, size_t ng) {
  // aggregate.ts intSumsWords: count and sum side by side; the flag as pair_sums' (max · rows
  // bound, the reference's running magnitude when it cannot prove it). ~6.6 ns a row in
  // TypeScript (its magnitude sum a double add chain) on db-benchmark q1–q3's chunks.
  uint64_t max_a = 0;
  size_t counted = 0;
  for (size_t i = 0; i < n; i++) {
    const int32_t g = codes[i];
    if (g < 0 || !present(valid, i)) continue;
    if ((size_t)g >= ng) return kLoopBadIndex;
    const int64_t ia = word64(w, i);
    double* a = acc + 2 * (size_t)g;
    a[0]++;
    a[1] += (double)ia;
    const uint64_t ua = ia < 0 ? 0 - (uint64_t)ia : (uint64_t)ia;
    max_a = ua > max_a ? ua : max_a;
    counted++;
  }
  constexpr double kTwo53 = 9007199254740992.0;
  if ((double)max_a * (double)counted < kTwo53) return 1;
  double mag = 0;
  for (size_t i = 0; i < n; i++) {
    if (codes[i] < 0 || !present(valid, i)) continue;
    const double v = word_value(w, i);
    mag += v < 0 ? -v : v;
  }
  return mag < kTwo53 ? 1 : 0;
}

int64_t lut_pair_codes(const int32_t* x, const int32_t* y, int32_t cb, size_t n, int32_t* lut, size_t lut_len, int32_t* codes, int32_t* first,
                       size_t first_len) {
  // group-codes.ts lutPairCodes: dense ids of (x, y) pairs in order of first appearance.
  int64_t count = 0;
  for (size_t i = 0; i < n; i++) {
    const int32_t u = x[i], v = y[i];
    if (u < 0 || v < 0) {
      codes[i] = -1;
      continue;
    }
    const uint64_t k = (uint64_t)u * (uint64_t)cb + (uint64_t)v;
    if (k >= lut_len) return kLoopBadIndex;
    const int64_t g = lut_id(lut, k, count, first, first_len, i);
    if (g < 0) return kLoopBadIndex;
    codes[i] = (int32_t)g;
  }
  return count;
}

int32_t pair_sums(const int32_t* wa, const int32_t* wb, const int32_t* codes, size_t n, double* acc, size_t ng) {
  // The reference adds |v| of both columns in two running doubles, two add chains that bound
  // the loop; here the largest |v| and the rows counted bound them instead: max · rows < 2^53
  // proves the reference's sum below 2^53 too (its partial sums are exact until they pass 2^53,
  // and rounding is monotonic), and the rare column that this cannot prove gets the reference's
  // own running sum in a second pass — the same flags bit for bit.
  uint64_t max_a = 0, max_b = 0;
  size_t counted = 0;
  for (size_t i = 0; i < n; i++) {
    const int32_t g = codes[i];
    if (g < 0) continue;
    if ((size_t)g >= ng) return kLoopBadIndex;
    const int64_t ia = word64(wa, i), ib = word64(wb, i);
    // (double) of the int64 rounds its exact value once, as hi · 2^32 + lo does in the reference.
    const double va = (double)ia;
    const double vb = (double)ib;
    double* a = acc + 3 * (size_t)g;
    a[0]++;
    a[1] += va;
    a[2] += vb;
    const uint64_t ua = ia < 0 ? 0 - (uint64_t)ia : (uint64_t)ia, ub = ib < 0 ? 0 - (uint64_t)ib : (uint64_t)ib;
    max_a = ua > max_a ? ua : max_a;
    max_b = ub > max_b ? ub : max_b;
    counted++;
  }
  constexpr double kTwo53 = 9007199254740992.0;
  const bool small_a = (double)max_a * (double)counted < kTwo53, small_b = (double)max_b * (double)counted < kTwo53;
  if (small_a && small_b) return 3;
  double mag_a = 0, mag_b = 0;
  for (size_t i = 0; i < n; i++) {
    if (codes[i] < 0) continue;
    const double va = word_value(wa, i), vb = word_value(wb, i);
    mag_a += va < 0 ? -va : va;
    mag_b += vb < 0 ? -vb : vb;
  }
  return (mag_a < kTwo53 ? 1 : 0) | (mag_b < kTwo53 ? 2 : 0);
}

void scan_abs(const double* x, const uint8_t* valid, const int32_t* codes, size_t n, double* out) {
  // The reference's branches (a new maximum is rare, so they predict well), with the rows
  // counted in an integer: its running double count was a 3-cycle add chain a row.
  double max = 0;
  int64_t rows = 0;
  int special = 0;
  for (size_t i = 0; i < n; i++) {
    if (codes[i] < 0 || !present(valid, i)) continue;
    rows++;
    const double a = std::fabs(x[i]);
    if (a <= std::numeric_limits<double>::max()) {
      if (a > max) max = a;
    } else {
      special = 1;
    }
  }
  out[0] = max;
  out[1] = (double)rows;
  out[2] = special;
}

int64_t extract_levels(const double* x, const uint8_t* valid, const int32_t* codes, size_t n, double s1, double s2, double s3, double* lv,
                       size_t ng) {
  // One loop, ~5 cycles a row bound by the FP add ports (eight dependent adds a row plus three
  // into the group). Measured no faster: the levels vectorized in blocks before the scalar adds
  // (equal at 100 groups, slower at 10^5), AVX-512 for that pass, a 4-double stride per group.
  int64_t left = 0;
  for (size_t i = 0; i < n; i++) {
    const int32_t g = codes[i];
    if (g < 0 || !present(valid, i)) continue;
    if ((size_t)g >= ng) return kLoopBadIndex;
    const double v = x[i];
    // volatile-free: -ffp-contract=off keeps each operation rounded as in TypeScript.
    const double q1 = s1 + v - s1;
    const double r1 = v - q1;
    const double q2 = s2 + r1 - s2;
    const double r2 = r1 - q2;
    const double q3 = s3 + r2 - s3;
    double* b = lv + 3 * (size_t)g;
    b[0] += q1;
    b[1] += q2;
    b[2] += q3;
    left += r2 != q3;
  }
  return left;
}

int64_t levels_ragged(double* lv, size_t ng, int32_t* off) {
  int64_t k = 0;
  off[0] = 0;
  for (size_t g = 0; g < ng; g++) {
    double p[4];
    int len = 0;
    for (int j = 0; j < 3; j++) {
      double x = lv[3 * g + j];
      if (x == 0) continue;
      int i = 0;
      for (int q = 0; q < len; q++) {
        double y = p[q];
        if (std::fabs(x) < std::fabs(y)) {
          const double t = x;
          x = y;
          y = t;
        }
        const double hi = x + y;
        const double lo = y - (hi - x);
        if (lo != 0) p[i++] = lo;
        x = hi;
      }
      p[i] = x;
      len = i + 1;
    }
    for (int q = 0; q < len; q++) lv[k++] = p[q];
    off[g + 1] = (int32_t)k;
  }
  return k;
}

int64_t ragged_scatter(const int32_t* codes, size_t m, const double* n, const int32_t* off, const double* p, size_t p_len, double* cnt,
                       double* sums, size_t ng) {
  // The combine of partials: random writes into the merged groups (~3 ns a row here against
  // ~11 in the TypeScript loop, db-benchmark q5's 8 × 10^5 partial rows a column). cnt null: the
  // counts are known already (another item's).
  for (size_t r = 0; r < m; r++) {
    const int32_t g = codes[r];
    if (g < 0 || (size_t)g >= ng) return kLoopBadIndex;
    if (cnt != nullptr) cnt[g] += n[r];
    if (off == nullptr) continue;
    const int32_t a = off[r], b = off[r + 1];
    if (a < 0 || b < a || (size_t)b > p_len) return kLoopBadIndex;
    for (int32_t q = a; q < b; q++) sums[g] += p[q];
  }
  return 0;
}

int64_t ragged_stream(const int32_t* codes, size_t m, const double* n, const int32_t* off, const double* p, size_t p_len, double* cnt,
                      size_t ng, double* vals, int32_t* groups, size_t out_len, int64_t k) {
  for (size_t r = 0; r < m; r++) {
    const int32_t g = codes[r];
    if (g < 0 || (size_t)g >= ng) return kLoopBadIndex;
    if (cnt != nullptr) cnt[g] += n[r];
    const int32_t a = off[r], b = off[r + 1];
    if (a < 0 || b < a || (size_t)b > p_len || (size_t)k + (size_t)(b - a) > out_len) return kLoopBadIndex;
    for (int32_t q = a; q < b; q++) {
      vals[k] = p[q];
      groups[k++] = g;
    }
  }
  return k;
}

double integer_magnitude(const double* p, size_t n) {
  // Summed in an integer (a 1-cycle add, where the reference's double sum is a 3–4 cycle chain:
  // 1.4 ns a value). Below 2^53 every prefix is exact either way, so the sums are equal; from
  // 2^53 on, the caller only needs to know that it got there: NaN then, as for a fraction.
  // The integer test without trunc (a libm call on baseline x86-64): through an int64 conversion.
  constexpr double kTwo53 = 9007199254740992.0;
  uint64_t m = 0;
  for (size_t q = 0; q < n; q++) {
    const double v = p[q];
    const double a = v < 0 ? -v : v;
    if (!(a < kTwo53) || (double)(int64_t)a != a) return std::numeric_limits<double>::quiet_NaN();  // past 2^53, a fraction, or non-finite
    m += (uint64_t)a;
    if (m >= (uint64_t)kTwo53) return std::numeric_limits<double>::quiet_NaN();
  }
  return (double)m;
}

size_t first_nan(const double* x, const uint8_t* valid, size_t n) {
  // Blocks of 64 checked for any NaN with a branch-free OR (vectorized), the block holding one
  // then scanned in order with the validity: a scan at memory speed where the TypeScript loop
  // took ~1.8 ns a value (every float column a task reads goes through it).
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    int any = 0;
    for (int k = 0; k < 64; k++) any |= x[i + k] != x[i + k];
    if (any == 0) continue;
    for (size_t k = i; k < i + 64; k++)
      if (x[k] != x[k] && present(valid, k)) return k;
  }
  for (; i < n; i++)
    if (x[i] != x[i] && present(valid, i)) return i;
  return n;
}

namespace {

// One entry of pair_codes' table: id + 1 (0: empty) and the two words, as WordTable's slots.
struct PairEntry {
  int32_t id1;
  int32_t a;
  int32_t b;
  int32_t pad;
};

inline uint32_t pair_hash(int32_t a, int32_t b) { return fmix32((uint32_t)a ^ ((uint32_t)(b ^ 0x27d4eb2f) * 0x9e3779b1u)); }

constexpr size_t kPairBatch = 32;

}  // namespace

int64_t pair_codes(const double* a, const double* b, size_t n, int32_t* codes, int32_t* first, size_t first_len) {
  // Room for every row distinct at a load of at most 1/2; past that (never, by the sizing), grown.
  size_t cap = 1024;
  while (cap < 2 * n && cap < ((size_t)1 << 28)) cap *= 2;
  std::vector<PairEntry, HugeAllocator<PairEntry>> table(cap, PairEntry{0, 0, 0, 0});
  PairEntry* tab = table.data();
  size_t mask = cap - 1;
  int64_t count = 0;
  int32_t ka[kPairBatch], kb[kPairBatch];
  uint32_t kh[kPairBatch];
  for (size_t r0 = 0; r0 < n; r0 += kPairBatch) {
    const size_t r1 = r0 + kPairBatch < n ? r0 + kPairBatch : n;
    for (size_t i = r0, q = 0; i < r1; i++, q++) {
      const double u = a[i], v = b[i];
      if (u < 0 || v < 0) {
        ka[q] = -1;
        continue;
      }
      if (!(u < 2147483648.0) || !(v < 2147483648.0)) return kLoopBadIndex;
      ka[q] = (int32_t)u;
      kb[q] = (int32_t)v;
      kh[q] = pair_hash(ka[q], kb[q]);
      __builtin_prefetch(tab + (kh[q] & mask));
    }
    for (size_t i = r0, q = 0; i < r1; i++, q++) {
      if (ka[q] < 0) {
        codes[i] = -1;
        continue;
      }
      const int32_t x = ka[q], y = kb[q];
      size_t at = kh[q] & mask;
      int32_t g = -1;
      for (;;) {
        const PairEntry& e = tab[at];
        if (e.id1 == 0) break;
        if (e.a == x && e.b == y) {
          g = e.id1 - 1;
          break;
        }
        at = (at + 1) & mask;
      }
      if (g < 0) {
        if ((size_t)count >= first_len) return kLoopBadIndex;
        g = (int32_t)count;
        first[count++] = (int32_t)i;
        tab[at] = PairEntry{g + 1, x, y, 0};
        if ((size_t)count * 2 > cap) {
          grow_table(table, cap, [](const PairEntry& o) { return (size_t)pair_hash(o.a, o.b); });
          tab = table.data();
          mask = cap - 1;
        }
      }
      codes[i] = g;
    }
  }
  return count;
}

int64_t utf8_hashes(const int32_t* offs, const uint8_t* bytes, size_t bytes_len, const uint8_t* bitmap, size_t bit_offset, size_t rows,
                    uint32_t* out, uint8_t* valid) {
  for (size_t i = 0; i < rows; i++) {
    if (bitmap != nullptr) {
      const size_t bit = bit_offset + i;
      if (((bitmap[bit >> 3] >> (bit & 7)) & 1) == 0) {
        valid[i] = 0;
        continue;
      }
    }
    const int64_t s = offs[i], e = offs[i + 1];
    if (s < 0 || e < s || (uint64_t)e > bytes_len) return kLoopBadIndex;
    uint32_t h = 0x811c9dc5u;
    for (int64_t j = s; j < e; j++) h = (h ^ bytes[j]) * 0x01000193u;
    out[i] = fmix32(h);
  }
  return 0;
}

}  // namespace tusk
