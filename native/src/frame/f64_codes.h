// Dense codes of float64 values (f64_codes.cc); called by addon.cc's codeF64.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

constexpr int64_t kF64BadOutput = -1;

// Codes of the values of parts[0], parts[1], … in turn into codes[0 .. total): each distinct
// value gets the next code in order of first appearance; -0 is 0 and every NaN one value.
// Returns the number of codes, or kF64BadOutput when codes is shorter than the values.
int64_t code_f64(const double* const* parts, const size_t* lens, size_t nparts, int32_t* codes, size_t codes_len);

}  // namespace tusk
