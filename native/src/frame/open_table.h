// Pieces shared by the coders' open-addressing tables (utf8_codes.cc, f64_codes.cc,
// group_loops.cc): murmur3's 32-bit finisher, and doubling a table of entries that hold
// `id1` (code + 1; 0 = empty), each moved to the slot its hash gives in the larger table.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// Doubles `table` (`cap` slots, linear probing) in place; `hash(entry)` gives an entry's hash.
template <class Table, class Hash>
void grow_table(Table& table, size_t& cap, Hash hash) {
  Table next(cap * 2, typename Table::value_type{});
  const size_t m2 = cap * 2 - 1;
  for (const auto& o : table) {
    if (o.id1 == 0) continue;
    size_t t = hash(o) & m2;
    while (next[t].id1 != 0) t = (t + 1) & m2;
    next[t] = o;
  }
  table.swap(next);
  cap *= 2;
}

}  // namespace tusk
