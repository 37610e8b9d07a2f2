// One instruction-set build of every kernel, gathered into the table addon.cc dispatches to.
// binding.gyp compiles this file three times: baseline x86-64 (generic), -mavx2 -mfma (avx2)
// and -mavx512f… (avx512), each with TUSK_ARCH naming its namespace; all with -O3
// -ffp-contract=off so no build fuses a multiply-add, which keeps every build's results equal
// to the TypeScript reference wherever that is specified to the bit.
#include <cstdint>
#include <cstdlib>

#include "api.h"
#include "arch.h"
#include "bench/triad.h"
#include "program/interpret.h"
#include "reduce/accumulators.h"
#include "random/normal.h"
#include "random/uniform.h"

namespace tusk::TUSK_ARCH {
namespace {

int run_program(const Program& p, const Array* inputs, const Range& range, Array out) {
  double* outView = out.storage == F64 ? (double*)out.data : nullptr;
  return interpret(p, inputs, range, outView, [&](const double* reg, size_t b0, int n, bool inOutput) {
    if (!inOutput) store_block(reg, n, out, b0);
  });
}

int run_program_reduce(const Program& p, const Array* inputs, const Range& range, int kind, int dtype, double* res) {
  Accumulator acc(kind, dtype);
  const int status = interpret(p, inputs, range, nullptr, [&](const double* reg, size_t b0, int n, bool) { acc.add(reg, n, b0); });
  acc.result(res);
  return status;
}

void reduce(int kind, Array data, int dtype, double* res) {
  Accumulator acc(kind, dtype);
  const size_t n = data.length;
  if (data.storage == F64) {
    const double* x = (const double*)data.data;
    size_t s = 0;
    const size_t half = n / kBlock / 2;
    double* sums = kind == R_SUM && half >= 2 ? (double*)malloc(2 * half * sizeof(double)) : nullptr;
    if (sums) {
      // Full blocks summed two at a time, one from each half of the data (one core reading two
      // streams keeps more cache-line fills in flight), then merged in block order: the same
      // block sums in the same order as one block at a time, so the same bits.
      for (size_t j = 0; j < half; j++) pairwise_block2048_x2(x + j * kBlock, x + (half + j) * kBlock, &sums[j], &sums[half + j]);
      for (size_t j = 0; j < 2 * half; j++) acc.add_block_sum(sums[j]);
      free(sums);
      s = 2 * half * kBlock;
    }
    for (; s < n; s += kBlock) acc.add(x + s, (int)zmin(kBlock, n - s), s);
  } else {
    alignas(64) double block[kBlock];
    for (size_t s = 0; s < n; s += kBlock) {
      const int m = (int)zmin(kBlock, n - s);
      load_block(data, s, m, dtype == BOOL, block);
      acc.add(block, m, s);
    }
  }
  acc.result(res);
}

void random_normal(double seed, double first, size_t n, double* out) { fill_normal(seed, (uint64_t)first, n, out); }
void random_uniform(double seed, double lo, double hi, double first, size_t n, double* out) { fill_uniform(seed, lo, hi, (uint64_t)first, n, out); }
void random_integers(double seed, double lo, double hi, double first, size_t n, double* out) { fill_integers(seed, lo, hi, (uint64_t)first, n, out); }

}  // namespace
}  // namespace tusk::TUSK_ARCH

#define TUSK_TABLE2(a) kernels_##a
#define TUSK_TABLE(a) TUSK_TABLE2(a)

namespace tusk {
extern const ArchKernels TUSK_TABLE(TUSK_ARCH);
const ArchKernels TUSK_TABLE(TUSK_ARCH) = {
    TUSK_STR(TUSK_ARCH),
    TUSK_ARCH::run_program,
    TUSK_ARCH::run_program_reduce,
    TUSK_ARCH::reduce,
    TUSK_ARCH::random_normal,
    TUSK_ARCH::random_uniform,
    TUSK_ARCH::random_integers,
    TUSK_ARCH::triad,
};
}  // namespace tusk
