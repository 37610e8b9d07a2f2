// An allocator for the coders' hash tables: a table of 4 MiB or more is allocated on 2 MiB
// boundaries and advised for transparent huge pages (Linux madvise MADV_HUGEPAGE) before it is
// first touched, so it faults in 2 MiB at a time and its random probes miss the TLB far less
// (see src/kernels/alloc.ts for the same on the JavaScript side, and the figures).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tusk {

template <class T>
struct HugeAllocator {
  using value_type = T;
  static constexpr size_t kHuge = (size_t)2 << 20;
  HugeAllocator() = default;
  template <class U>
  HugeAllocator(const HugeAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    void* p;
    if (bytes >= 2 * kHuge) {
      const size_t rounded = (bytes + kHuge - 1) & ~(kHuge - 1);
      p = std::aligned_alloc(kHuge, rounded);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      if (p != nullptr) madvise(p, rounded, MADV_HUGEPAGE);
#endif
    } else {
      p = std::malloc(bytes > 0 ? bytes : 1);
    }
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
};

template <class T, class U>
bool operator==(const HugeAllocator<T>&, const HugeAllocator<U>&) { return true; }
template <class T, class U>
bool operator!=(const HugeAllocator<T>&, const HugeAllocator<U>&) { return false; }

}  // namespace tusk
