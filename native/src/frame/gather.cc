// Row gathers (gather.h), with software prefetch: an output row's source is a random row of a
// table of tens of MB, so each loop asks for the lines it will read some rows ahead (the offset
// of row k + 2D, the bytes of row k + D), and the cache misses of consecutive rows overlap
// instead of following one another. Strings of up to 16 bytes are copied as one 16-byte block
// where both buffers have room: the bytes written past a string belong to the strings after it,
// written later (rows go in ascending output position). Every index and offset read from the
// data is checked before it is used.
#include "gather.h"

#include <cstring>

namespace tusk {
namespace {

constexpr size_t kAhead = 16;

inline bool present(const uint8_t* valid, size_t k) { return valid == nullptr || valid[k] != 0; }

}  // namespace

int64_t gather_utf8_offsets(const int32_t* offs, size_t rows, const int32_t* idx, const uint8_t* valid, size_t n, int32_t* out_offs) {
  int64_t total = 0;
  out_offs[0] = 0;
  for (size_t k = 0; k < n; k++) {
    if (k + kAhead < n) {
      const int32_t a = idx[k + kAhead];
      if (a >= 0 && (size_t)a < rows) __builtin_prefetch(offs + a);
    }
    if (present(valid, k)) {
      const int32_t i = idx[k];
      if (i < 0 || (size_t)i >= rows) return kGatherBadIndex;
      const int64_t len = (int64_t)offs[i + 1] - offs[i];
      if (len < 0) return kGatherBadIndex;
      total += len;
      if (total > 0x7fffffff) return kGatherTooLong;
    }
    out_offs[k + 1] = (int32_t)total;
  }
  return total;
}

int64_t gather_utf8_bytes(const int32_t* offs, size_t rows, const uint8_t* src, size_t src_len, const int32_t* idx, const uint8_t* valid,
                          size_t n, const int32_t* out_offs, uint8_t* out, size_t out_len) {
  for (size_t k = 0; k < n; k++) {
    if (k + 2 * kAhead < n) {
      const int32_t a = idx[k + 2 * kAhead];
      if (a >= 0 && (size_t)a < rows) __builtin_prefetch(offs + a);
    }
    if (k + kAhead < n) {
      const int32_t a = idx[k + kAhead];
      if (a >= 0 && (size_t)a < rows) {
        const int32_t s = offs[a];
        if (s >= 0 && (size_t)s < src_len) __builtin_prefetch(src + s);
      }
    }
    if (!present(valid, k)) continue;
    const int32_t i = idx[k];
    if (i < 0 || (size_t)i >= rows) return kGatherBadIndex;
    const int64_t at = out_offs[k];
    const int64_t len = (int64_t)out_offs[k + 1] - at;
    const int64_t s = offs[i];
    if (len != (int64_t)offs[i + 1] - s || len < 0 || s < 0 || at < 0 || (uint64_t)(s + len) > src_len || (uint64_t)(at + len) > out_len)
      return kGatherBadIndex;
    if (len <= 16 && (uint64_t)s + 16 <= src_len && (uint64_t)at + 16 <= out_len)
      std::memcpy(out + at, src + s, 16);
    else
      std::memcpy(out + at, src + s, (size_t)len);
  }
  return 0;
}

int64_t gather_words64(const uint64_t* src, size_t rows, const int32_t* idx, const uint8_t* valid, size_t n, uint64_t* out) {
  for (size_t k = 0; k < n; k++) {
    if (k + kAhead < n) {
      const int32_t a = idx[k + kAhead];
      if (a >= 0 && (size_t)a < rows) __builtin_prefetch(src + a);
    }
    if (!present(valid, k)) continue;
    const int32_t i = idx[k];
    if (i < 0 || (size_t)i >= rows) return kGatherBadIndex;
    out[k] = src[i];
  }
  return 0;
}

namespace {

// Row local[k] of chunk piece[k], checked: nullptr when either is out of range.
inline const GatherUtf8Chunk* chunk_of(const GatherUtf8Chunk* chunks, size_t nchunks, int32_t j, int32_t i) {
  if (j < 0 || (size_t)j >= nchunks || i < 0 || (size_t)i >= chunks[j].rows) return nullptr;
  return chunks + j;
}

}  // namespace

int64_t gather_utf8_offsets_located(const GatherUtf8Chunk* chunks, size_t nchunks, const int32_t* piece, const int32_t* local, const uint8_t* valid,
                                    size_t n, int32_t* out_offs) {
  int64_t total = 0;
  out_offs[0] = 0;
  for (size_t k = 0; k < n; k++) {
    if (k + kAhead < n) {
      const GatherUtf8Chunk* c = chunk_of(chunks, nchunks, piece[k + kAhead], local[k + kAhead]);
      if (c != nullptr) __builtin_prefetch(c->offs + local[k + kAhead]);
    }
    if (present(valid, k)) {
      const GatherUtf8Chunk* c = chunk_of(chunks, nchunks, piece[k], local[k]);
      if (c == nullptr) return kGatherBadIndex;
      const int64_t len = (int64_t)c->offs[local[k] + 1] - c->offs[local[k]];
      if (len < 0) return kGatherBadIndex;
      total += len;
      if (total > 0x7fffffff) return kGatherTooLong;
    }
    out_offs[k + 1] = (int32_t)total;
  }
  return total;
}

int64_t gather_utf8_bytes_located(const GatherUtf8Chunk* chunks, size_t nchunks, const int32_t* piece, const int32_t* local, const uint8_t* valid,
                                  size_t n, const int32_t* out_offs, uint8_t* out, size_t out_len) {
  for (size_t k = 0; k < n; k++) {
    if (k + 2 * kAhead < n) {
      const GatherUtf8Chunk* c = chunk_of(chunks, nchunks, piece[k + 2 * kAhead], local[k + 2 * kAhead]);
      if (c != nullptr) __builtin_prefetch(c->offs + local[k + 2 * kAhead]);
    }
    if (k + kAhead < n) {
      const GatherUtf8Chunk* c = chunk_of(chunks, nchunks, piece[k + kAhead], local[k + kAhead]);
      if (c != nullptr) {
        const int32_t s = c->offs[local[k + kAhead]];
        if (s >= 0 && (size_t)s < c->bytes_len) __builtin_prefetch(c->bytes + s);
      }
    }
    if (!present(valid, k)) continue;
    const GatherUtf8Chunk* c = chunk_of(chunks, nchunks, piece[k], local[k]);
    if (c == nullptr) return kGatherBadIndex;
    const int64_t at = out_offs[k];
    const int64_t len = (int64_t)out_offs[k + 1] - at;
    const int64_t s = c->offs[local[k]];
    if (len != (int64_t)c->offs[local[k] + 1] - s || len < 0 || s < 0 || at < 0 || (uint64_t)(s + len) > c->bytes_len ||
        (uint64_t)(at + len) > out_len)
      return kGatherBadIndex;
    if (len <= 16 && (uint64_t)s + 16 <= c->bytes_len && (uint64_t)at + 16 <= out_len)
      std::memcpy(out + at, c->bytes + s, 16);
    else
      std::memcpy(out + at, c->bytes + s, (size_t)len);
  }
  return 0;
}

int64_t gather_words64_located(const uint64_t* const* srcs, const size_t* rows, size_t nchunks, const int32_t* piece, const int32_t* local,
                               const uint8_t* valid, size_t n, uint64_t* out) {
  for (size_t k = 0; k < n; k++) {
    if (k + kAhead < n) {
      const int32_t j = piece[k + kAhead], i = local[k + kAhead];
      if (j >= 0 && (size_t)j < nchunks && i >= 0 && (size_t)i < rows[j]) __builtin_prefetch(srcs[j] + i);
    }
    if (!present(valid, k)) continue;
    const int32_t j = piece[k], i = local[k];
    if (j < 0 || (size_t)j >= nchunks || i < 0 || (size_t)i >= rows[j]) return kGatherBadIndex;
    out[k] = srcs[j][i];
  }
  return 0;
}

}  // namespace tusk
