// See dispatch.h. __builtin_cpu_supports reads CPUID and, for AVX and AVX-512, checks that
// the OS saves the wide registers (XGETBV), so a listed build is safe to call.
#include "dispatch.h"

#include <cstring>

namespace tusk {
namespace {

struct Registry {
  const ArchKernels* list[4] = {nullptr, nullptr, nullptr, nullptr};
  const ArchKernels* active = nullptr;
  Registry() {
    int n = 0;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      list[n++] = &kernels_avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) list[n++] = &kernels_avx2;
#endif
    list[n++] = &kernels_generic;
    active = list[0];
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

const ArchKernels* const* available_kernels() { return registry().list; }

const ArchKernels& active_kernels() { return *registry().active; }

bool use_kernels(const char* name) {
  Registry& r = registry();
  for (const ArchKernels* const* k = r.list; *k; k++) {
    if (std::strcmp((*k)->name, name) == 0) {
      r.active = *k;
      return true;
    }
  }
  return false;
}

}  // namespace tusk
