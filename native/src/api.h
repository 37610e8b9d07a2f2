// What every architecture-specific build of the kernels exposes, as one table of plain
// function pointers. addon.cc picks a table at load time (dispatch.cc) and the N-API glue
// only ever calls through it, so the rest of the addon never sees which ISA runs.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tusk {

// Dtype codes shared with src/kernels/native-program.ts (the order of DTYPE_CODES there).
enum Dtype : int32_t { F64 = 0, F32 = 1, I32 = 2, U8 = 3, BOOL = 4 };

// Reduction codes shared with src/kernels/native-backend.ts (NATIVE_REDUCTIONS there).
enum Reduction : int32_t { R_SUM = 0, R_PROD, R_MIN, R_MAX, R_ARGMIN, R_ARGMAX, R_ANY, R_ALL, R_COUNT, R_MOMENTS };

// A typed array seen from C++: its storage type and elements, read or written in place.
struct Array {
  void* data;
  int32_t storage;  // F64, F32, I32 or U8 (bool is stored as U8)
  size_t length;
};

// Which global elements a chunk covers (ChunkRange in src/kernels/program/format.ts).
struct Range {
  double offset;
  size_t length;
  int ndim;               // 0 or 1: contiguous; else shape/strides below
  const double* shape;    // ndim entries
  const double* strides;  // ndim entries, C order, last one 1
};

// A program as encoded by src/kernels/native-program.ts: a header then 8 int32 per instruction.
struct Program {
  const int32_t* code;
  const double* consts;
  int32_t nRegs, out, nInstrs, outDtype;
};
constexpr int kHeaderWords = 4;
constexpr int kInstrWords = 8;

// Reduction results travel as four doubles; native-backend.ts turns them into a partial:
//   sum: value, err · prod/any/all/count: value · min/max: value, empty · arg: value, local index
//   moments: count, mean, m2
constexpr int kPartialWords = 4;

// Status codes from run_program*: 0 ok, else the instruction that could not run.
constexpr int kOk = 0;
constexpr int kUnsupported = -1;

struct ArchKernels {
  const char* name;  // "avx512", "avx2", "generic"
  int (*run_program)(const Program& p, const Array* inputs, const Range& range, Array out);
  int (*run_program_reduce)(const Program& p, const Array* inputs, const Range& range, int kind, int dtype, double* res);
  void (*reduce)(int kind, Array data, int dtype, double* res);
  void (*random_normal)(double seed, double first, size_t n, double* out);
  void (*random_uniform)(double seed, double lo, double hi, double first, size_t n, double* out);
  void (*random_integers)(double seed, double lo, double hi, double first, size_t n, double* out);
  void (*triad)(double* a, const double* b, const double* c, double s, size_t n);
};

extern const ArchKernels kernels_generic;
#if defined(__x86_64__)
extern const ArchKernels kernels_avx2;
extern const ArchKernels kernels_avx512;
#endif

}  // namespace tusk
