// Group codes of UTF-8 strings held as Arrow Utf8 data (offsets + bytes + validity bitmap): each
// distinct string gets the next code in order of first appearance, a missing one -1 — the same
// codes as codeUtf8 in src/frame/ops/group-codes.ts, the TypeScript reference (any correct
// hashing gives them: they depend only on the order rows first show each value).
//
// One open-addressing table of 32-byte entries (code + 1, hash, byte length, the first 16 bytes
// zero-padded); a string of up to 16 bytes is found by reading its entry alone, a longer one is
// compared against the bytes of its first occurrence. Rows go in batches: the hashes of a batch
// are worked out and their entries prefetched before any probe, so the cache misses of a table
// larger than the cache overlap instead of being waited out one a row.
#include "utf8_codes.h"

#include "huge_alloc.h"
#include "open_table.h"

#include <cstring>
#include <vector>

namespace tusk {
namespace {

struct Entry {
  int32_t id1;  // code + 1; 0 = empty
  uint32_t hash;
  uint64_t w0, w1;  // the first 16 bytes, zero-padded
  int32_t len;
  int32_t pad;
};
static_assert(sizeof(Entry) == 32, "one entry, half a cache line");

constexpr int kInline = 16;
constexpr int kBatch = 32;

inline uint32_t hash_inline(uint64_t a, uint64_t b, int32_t len) {
  uint64_t h = (a * 0x9e3779b97f4a7c15ull) ^ ((b ^ (uint64_t)len) * 0xc2b2ae3d27d4eb4full);
  h ^= h >> 31;
  h *= 0xff51afd7ed558ccdull;
  return (uint32_t)(h >> 32);
}

// Bytes [0, n) of a little-endian word, n ≤ 8.
inline uint64_t low_bytes(uint64_t v, int32_t n) { return n >= 8 ? v : v & ((1ull << (8 * n)) - 1); }

inline uint32_t hash_long(const uint8_t* p, int32_t len) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
  int32_t j = 0;
  for (; j + 8 <= len; j += 8) {
    uint64_t v;
    std::memcpy(&v, p + j, 8);
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p + j, (size_t)(len - j));
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return fmix32((uint32_t)h ^ (uint32_t)(h >> 32));
}

// Per thread: a worker codes one column at a time. The table's size follows the last call's
// number of distinct values, as in the TypeScript coder.
using Table = std::vector<Entry, HugeAllocator<Entry>>;
thread_local Table tl_table;
thread_local size_t tl_last_distinct = 0;

struct Distinct {
  int32_t chunk;
  int32_t start;
};

}  // namespace

int64_t code_utf8(const Utf8Chunk* chunks, size_t nchunks, int32_t* codes, size_t codes_len, int32_t* first, size_t first_len) {
  size_t rows = 0;
  for (size_t k = 0; k < nchunks; k++) rows += chunks[k].rows;
  if (rows > codes_len || rows > first_len) return kUtf8BadOutput;
  size_t cap = 1024;
  const size_t want = rows < tl_last_distinct ? rows : tl_last_distinct;
  while (cap < 2 * want) cap *= 2;
  // Taken out of the thread-local slot for the call: every access to a thread_local in a shared
  // library goes through __tls_get_addr, which the loop paid per row.
  Table table;
  table.swap(tl_table);
  table.assign(cap, Entry{});
  Entry* tab = table.data();
  size_t mask = cap - 1;
  std::vector<Distinct> distinct;
  distinct.reserve(want > 256 ? want : 256);

  uint32_t bh[kBatch];
  int32_t bl[kBatch];
  int32_t bs[kBatch];
  uint64_t bw0[kBatch], bw1[kBatch];
  size_t at = 0;
  for (size_t k = 0; k < nchunks; k++) {
    const Utf8Chunk& c = chunks[k];
    if (c.offsets_len < c.rows + 1 || (c.bitmap != nullptr && (c.bit_offset + c.rows + 7) / 8 > c.bitmap_len)) return kUtf8BadChunk - (int64_t)k;
    const int32_t* offs = c.offsets;
    const uint8_t* bytes = c.bytes;
    const int64_t nbytes = (int64_t)c.bytes_len;
    for (size_t r0 = 0; r0 < c.rows; r0 += kBatch) {
      const size_t r1 = r0 + kBatch < c.rows ? r0 + kBatch : c.rows;
      // Pass 1: hash the batch and prefetch each string's first entry.
      for (size_t r = r0, q = 0; r < r1; r++, q++) {
        if (c.bitmap != nullptr) {
          const size_t b = c.bit_offset + r;
          if (((c.bitmap[b >> 3] >> (b & 7)) & 1) == 0) {
            bl[q] = -1;
            continue;
          }
        }
        const int64_t s = offs[r], e = offs[r + 1];
        if (s < 0 || e < s || e > nbytes) {
          table.swap(tl_table);
          return kUtf8BadChunk - (int64_t)k;
        }
        const int32_t l = (int32_t)(e - s);
        uint64_t a = 0, b = 0;
        uint32_t h;
        if (l <= kInline) {
          if (s + 16 <= nbytes) {
            // Two fixed-size loads, the bytes past the string masked off.
            std::memcpy(&a, bytes + s, 8);
            std::memcpy(&b, bytes + s + 8, 8);
            if (l <= 8) {
              a = low_bytes(a, l);
              b = 0;
            } else {
              b = low_bytes(b, l - 8);
            }
          } else {
            for (int32_t j = 0; j < l; j++) {
              const uint64_t v = (uint64_t)bytes[s + j] << (8 * (j & 7));
              if (j < 8) a |= v;
              else b |= v;
            }
          }
          h = hash_inline(a, b, l);
        } else {
          h = hash_long(bytes + s, l);
        }
        bw0[q] = a;
        bw1[q] = b;
        bh[q] = h;
        bl[q] = l;
        bs[q] = (int32_t)s;
        __builtin_prefetch(tab + (h & mask));
      }
      // Pass 2: probe and insert.
      for (size_t r = r0, q = 0; r < r1; r++, q++, at++) {
        const int32_t l = bl[q];
        if (l < 0) {
          codes[at] = -1;
          continue;
        }
        const uint32_t h = bh[q];
        const uint64_t a = bw0[q], b = bw1[q];
        size_t idx = h & mask;
        int32_t g = -1;
        for (;;) {
          const Entry& en = tab[idx];
          if (en.id1 == 0) break;
          if (en.hash == h && en.len == l) {
            if (l <= kInline) {
              if (en.w0 == a && en.w1 == b) {
                g = en.id1 - 1;
                break;
              }
            } else {
              const Distinct& d = distinct[(size_t)(en.id1 - 1)];
              if (std::memcmp(chunks[d.chunk].bytes + d.start, bytes + bs[q], (size_t)l) == 0) {
                g = en.id1 - 1;
                break;
              }
            }
          }
          idx = (idx + 1) & mask;
        }
        if (g < 0) {
          g = (int32_t)distinct.size();
          distinct.push_back(Distinct{(int32_t)k, bs[q]});
          first[g] = (int32_t)at;
          Entry& en = tab[idx];
          en.id1 = g + 1;
          en.hash = h;
          en.len = l;
          en.w0 = a;
          en.w1 = b;
          if (distinct.size() * 2 > cap) {
            // Grow: entries hold their hash, so they move without reading a string.
            grow_table(table, cap, [](const Entry& o) { return (size_t)o.hash; });
            tab = table.data();
            mask = cap - 1;
          }
        }
        codes[at] = g;
      }
    }
  }
  tl_last_distinct = distinct.size();
  if (cap <= (size_t)1 << 18) table.swap(tl_table);  // kept for the next call, up to 8 MiB a thread (1e5 distinct)
  return (int64_t)distinct.size();
}

}  // namespace tusk
