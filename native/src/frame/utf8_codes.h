// Group codes of Arrow Utf8 strings (utf8_codes.cc); called by addon.cc's codeUtf8.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

// One Arrow Utf8 data: value i is bytes[offsets[i] .. offsets[i + 1]); missing where bit
// (bit_offset + i) of the validity bitmap is 0 (bitmap null: none missing).
struct Utf8Chunk {
  const int32_t* offsets;
  size_t offsets_len;
  const uint8_t* bytes;
  size_t bytes_len;
  const uint8_t* bitmap;
  size_t bitmap_len;
  size_t bit_offset;
  size_t rows;
};

// Errors (negative results): an output shorter than the rows, or chunk k's offsets or bitmap out
// of bounds (kUtf8BadChunk - k).
constexpr int64_t kUtf8BadOutput = -1;
constexpr int64_t kUtf8BadChunk = -2;

// Codes of every row of the chunks in turn into codes[0 .. rows), the first row of each code
// into first[]; returns the number of codes, or an error above.
int64_t code_utf8(const Utf8Chunk* chunks, size_t nchunks, int32_t* codes, size_t codes_len, int32_t* first, size_t first_len);

}  // namespace tusk
