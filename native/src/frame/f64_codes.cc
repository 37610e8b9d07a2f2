// Dense codes of float64 values — the same codes as FloatCoder in src/frame/ops/join.ts, the
// TypeScript reference (any correct hashing gives them: they depend only on the order rows
// first show each value). A join codes both sides' key values with it.
//
// One open-addressing table of 16-byte entries (the value's bits, code + 1), so a probe reads
// one entry, not an entry and then the value of its first occurrence. Rows go in batches: the
// hashes of a batch are worked out and their entries prefetched before any probe, so the cache
// misses of a table larger than the cache overlap instead of being waited out one a row.
#include "f64_codes.h"

#include "huge_alloc.h"
#include "open_table.h"

#include <cstring>
#include <vector>

namespace tusk {
namespace {

struct Entry {
  uint64_t bits;
  int32_t id1;  // code + 1; 0 = empty
  int32_t pad;
};
static_assert(sizeof(Entry) == 16, "four entries a cache line");

constexpr size_t kBatch = 32;
// A table past this many bytes is freed after the call rather than kept for the thread's next.
constexpr size_t kKeepBytes = 8u << 20;

inline uint64_t bits_of(double x) {
  if (x != x) return 0x7ff8000000000000ull;  // every NaN one value
  if (x == 0) return 0;                       // -0 is 0
  uint64_t b;
  std::memcpy(&b, &x, 8);
  return b;
}

inline uint32_t hash_bits(uint64_t b) {
  b ^= b >> 33;
  b *= 0xff51afd7ed558ccdull;
  b ^= b >> 33;
  b *= 0xc4ceb9fe1a85ec53ull;
  b ^= b >> 33;
  return (uint32_t)b;
}

using Table = std::vector<Entry, HugeAllocator<Entry>>;
thread_local Table tl_table;

}  // namespace

int64_t code_f64(const double* const* parts, const size_t* lens, size_t nparts, int32_t* codes, size_t codes_len) {
  size_t rows = 0;
  for (size_t k = 0; k < nparts; k++) rows += lens[k];
  if (rows > codes_len) return kF64BadOutput;
  // Room for every row distinct at a load of at most 1/2 up to 2^21 rows (64 MiB); past that, grown as needed.
  size_t cap = 1024;
  const size_t want = rows < ((size_t)1 << 21) ? rows : ((size_t)1 << 21);
  while (cap < 2 * want) cap *= 2;
  Table table;
  table.swap(tl_table);
  table.assign(cap, Entry{0, 0, 0});
  Entry* tab = table.data();
  size_t mask = cap - 1;
  int64_t count = 0;
  uint64_t bb[kBatch];
  uint32_t bh[kBatch];
  size_t at = 0;
  for (size_t k = 0; k < nparts; k++) {
    const double* x = parts[k];
    const size_t n = lens[k];
    for (size_t r0 = 0; r0 < n; r0 += kBatch) {
      const size_t r1 = r0 + kBatch < n ? r0 + kBatch : n;
      for (size_t r = r0, q = 0; r < r1; r++, q++) {
        const uint64_t b = bits_of(x[r]);
        const uint32_t h = hash_bits(b);
        bb[q] = b;
        bh[q] = h;
        __builtin_prefetch(tab + (h & mask));
      }
      for (size_t r = r0, q = 0; r < r1; r++, q++, at++) {
        const uint64_t b = bb[q];
        size_t i = bh[q] & mask;
        int32_t g = -1;
        for (;;) {
          const Entry& en = tab[i];
          if (en.id1 == 0) break;
          if (en.bits == b) {
            g = en.id1 - 1;
            break;
          }
          i = (i + 1) & mask;
        }
        if (g < 0) {
          g = (int32_t)count++;
          tab[i].bits = b;
          tab[i].id1 = g + 1;
          if ((size_t)count * 2 > cap) {
            grow_table(table, cap, [](const Entry& o) { return (size_t)hash_bits(o.bits); });
            tab = table.data();
            mask = cap - 1;
            // The rest of this batch's prefetches were for the old table: harmless.
          }
        }
        codes[at] = g;
      }
    }
  }
  if (table.size() * sizeof(Entry) <= kKeepBytes) table.swap(tl_table);
  return count;
}

}  // namespace tusk
