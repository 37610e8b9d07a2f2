// Row loops of a group-by's chunk task (group_loops.cc), each the port of a TypeScript function
// named beside it; called by addon.cc. A negative result is an index out of range.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

constexpr int64_t kLoopBadIndex = -1;

// group-codes.ts rangeWords: widens range[0..1] by int64 words; 0 when a value is beyond ±2^53.
int32_t int64_range(const int32_t* w, const uint8_t* valid, size_t m, double* range);
// group-codes.ts lutWords: codes by lookup table; returns the new count.
int64_t int64_lut_codes(const int32_t* w, const uint8_t* valid, size_t m, double lo, int32_t* lut, size_t lut_len, int32_t* codes,
                        size_t at, int32_t* first, size_t first_len, int64_t count);
// aggregate.ts intSumsWords: count and int64 sum per group side by side (acc[2g], acc[2g + 1]);
// 1 when the magnitudes stay below 2^53, else 0 (kLoopBadIndex: a code ≥ ng).
int32_t int_sums(const int32_t* w, const uint8_t* valid, const int32_t* codes, size_t n, double* acc, size_t ng);
// group-codes.ts lutPairCodes: dense ids of (x[i], y[i]) by a lookup table (x·cb + y); count.
int64_t lut_pair_codes(const int32_t* x, const int32_t* y, int32_t cb, size_t n, int32_t* lut, size_t lut_len, int32_t* codes, int32_t* first,
                       size_t first_len);
// aggregate.ts pairSums: count and two int64 sums per group side by side; bits 1/2 when below 2^53.
int32_t pair_sums(const int32_t* wa, const int32_t* wb, const int32_t* codes, size_t n, double* acc, size_t ng);
// fsum.ts scanAbs: max |x| of the finite values counted, the rows counted, whether any is non-finite.
void scan_abs(const double* x, const uint8_t* valid, const int32_t* codes, size_t n, double* out);
// fsum.ts extractLevels with no non-finite value: the three levels per group into lv; rows left.
int64_t extract_levels(const double* x, const uint8_t* valid, const int32_t* codes, size_t n, double s1, double s2, double s3, double* lv,
                       size_t ng);

// fsum.ts levelsRagged: each group's three level sums lv[3g..3g+3) as the Shewchuk partials of
// adding them in order (zeros skipped), packed in place from lv[0]; group g's at [off[g], off[g+1]).
// Returns their number.
int64_t levels_ragged(double* lv, size_t ng, int32_t* off);
// aggregate.ts integerMagnitude: Σ|p[q]| while it stays below 2^53 (exact, so the reference's value);
// NaN when a value is not an integer or the sum reaches 2^53.
double integer_magnitude(const double* p, size_t n);
// aggregate.ts raggedScatter: for each partial row r, group codes[r] gets cnt += n[r] (cnt non-null) and, with
// off non-null, sums += p[off[r] .. off[r + 1]) in order. 0, or kLoopBadIndex for a code ≥ ng or an
// offset outside p.
int64_t ragged_scatter(const int32_t* codes, size_t m, const double* n, const int32_t* off, const double* p, size_t p_len, double* cnt,
                       double* sums, size_t ng);
// aggregate.ts raggedStream: cnt as raggedScatter; each partial p[q] of row r appended as
// (vals[k], groups[k]) = (p[q], codes[r]) from k on. Returns the new k (kLoopBadIndex: out of range).
int64_t ragged_stream(const int32_t* codes, size_t m, const double* n, const int32_t* off, const double* p, size_t p_len, double* cnt,
                      size_t ng, double* vals, int32_t* groups, size_t out_len, int64_t k);

// column.ts firstNaN: the index of the first NaN whose row is present (valid null: all), or n.
size_t first_nan(const double* x, const uint8_t* valid, size_t n);

// group-codes.ts hashPairCodes: dense ids, in order of first appearance, of the pairs (a[i], b[i])
// of non-negative int32 words (-1 in either: code -1); the first row of each id into first.
// Returns the number of ids; kLoopBadIndex for a word past 2^31 - 1 or first too short.
int64_t pair_codes(const double* a, const double* b, size_t n, int32_t* codes, int32_t* first, size_t first_len);

// shuffle.ts hashSlot on Arrow Utf8 data: FNV-1a of each string's bytes finished with fmix32 into
// out[at + i] (as uint32 bits), valid[at + i] = 0 where bit bit_offset + i of bitmap is 0 (null:
// none missing). Returns 0, or kLoopBadIndex for an offset outside the bytes.
int64_t utf8_hashes(const int32_t* offs, const uint8_t* bytes, size_t bytes_len, const uint8_t* bitmap, size_t bit_offset, size_t rows,
                    uint32_t* out, uint8_t* valid);

}  // namespace tusk
