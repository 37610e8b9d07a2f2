// Row gathers of Arrow buffers (gather.cc): out[k] = source row idx[k], for the joins', shuffles'
// and sorts' output columns. Each the port of a TypeScript loop of src/frame/ops/gather.ts
// (gatherStringOffsets, gatherStringBytes, gatherWords / gatherF64), which stays the reference.
// `valid` (null: every row present) is 1 where output row k is present; a row not present is
// skipped (zero length, value left as it was). A negative result is bad input: an index or an
// offset out of range, or strings past 2^31 - 1 bytes.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

constexpr int64_t kGatherBadIndex = -1;
constexpr int64_t kGatherTooLong = -2;

// out_offs[0] = 0, out_offs[k + 1] = out_offs[k] + length of source string idx[k] (0 where not
// present); returns the total bytes. `rows` source strings: offs holds rows + 1 offsets.
int64_t gather_utf8_offsets(const int32_t* offs, size_t rows, const int32_t* idx, const uint8_t* valid, size_t n, int32_t* out_offs);

// The bytes of the strings at out_offs (from gather_utf8_offsets) into out (out_len bytes); 0.
int64_t gather_utf8_bytes(const int32_t* offs, size_t rows, const uint8_t* src, size_t src_len, const int32_t* idx, const uint8_t* valid,
                          size_t n, const int32_t* out_offs, uint8_t* out, size_t out_len);

// out[k] = src[idx[k]] as 8-byte words (int64 or float64 bits, copied, never converted); 0.
int64_t gather_words64(const uint64_t* src, size_t rows, const int32_t* idx, const uint8_t* valid, size_t n, uint64_t* out);

// The same gathers from several chunks (a column held in pieces, not concatenated): output row k
// takes row local[k] of chunk piece[k] (piece -1: not present, as where valid[k] is 0).
struct GatherUtf8Chunk {
  const int32_t* offs;  // rows + 1 offsets into bytes
  size_t rows;
  const uint8_t* bytes;
  size_t bytes_len;
};
int64_t gather_utf8_offsets_located(const GatherUtf8Chunk* chunks, size_t nchunks, const int32_t* piece, const int32_t* local, const uint8_t* valid,
                                    size_t n, int32_t* out_offs);
int64_t gather_utf8_bytes_located(const GatherUtf8Chunk* chunks, size_t nchunks, const int32_t* piece, const int32_t* local, const uint8_t* valid,
                                  size_t n, const int32_t* out_offs, uint8_t* out, size_t out_len);
int64_t gather_words64_located(const uint64_t* const* srcs, const size_t* rows, size_t nchunks, const int32_t* piece, const int32_t* local,
                               const uint8_t* valid, size_t n, uint64_t* out);

}  // namespace tusk
