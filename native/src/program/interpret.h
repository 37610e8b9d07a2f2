// The fused-program interpreter: src/kernels/program/run.ts's `interpret`, block for block.
// Per 2048-element block it runs each instruction as one loop over cache-resident registers;
// a float64 input is read in place and a float64 output register is the output itself.
#pragma once
#include <cstdlib>

#include "../api.h"
#include "../ops/codes.h"
#include "../ops/elementwise.h"
#include "generators.h"

namespace tusk::TUSK_ARCH {

// Widens n elements of a typed array (from element `at`) into doubles; bool reads as 0/1.
inline void load_block(const Array& a, size_t at, int n, bool asBool, double* o) {
  switch (a.storage) {
    case F64: { const double* s = (const double*)a.data + at; for (int i = 0; i < n; i++) o[i] = s[i]; return; }
    case F32: { const float* s = (const float*)a.data + at; for (int i = 0; i < n; i++) o[i] = s[i]; return; }
    case I32: { const int32_t* s = (const int32_t*)a.data + at; for (int i = 0; i < n; i++) o[i] = s[i]; return; }
    default: {
      const uint8_t* s = (const uint8_t*)a.data + at;
      if (asBool) for (int i = 0; i < n; i++) o[i] = s[i] != 0 ? 1.0 : 0.0;
      else for (int i = 0; i < n; i++) o[i] = s[i];
    }
  }
}

// Narrows n doubles (exact for the array's dtype) into it at element `at`.
inline void store_block(const double* x, int n, Array& a, size_t at) {
  switch (a.storage) {
    case F64: { double* d = (double*)a.data + at; for (int i = 0; i < n; i++) d[i] = x[i]; return; }
    case F32: { float* d = (float*)a.data + at; for (int i = 0; i < n; i++) d[i] = (float)x[i]; return; }
    case I32: { int32_t* d = (int32_t*)a.data + at; for (int i = 0; i < n; i++) d[i] = (int32_t)x[i]; return; }
    default: { uint8_t* d = (uint8_t*)a.data + at; for (int i = 0; i < n; i++) d[i] = (uint8_t)x[i]; return; }
  }
}

struct Instr {
  int op, dst, dtype, s0, s1, s2, aux;
};

inline Instr instr_at(const Program& p, int k) {
  const int32_t* w = p.code + kHeaderWords + k * kInstrWords;
  return Instr{w[0], w[1], w[2], w[3], w[4], w[5], w[6]};
}

// Runs the program over the chunk, handing each block of the result to sink(reg, b0, n, inOutput).
// Returns kOk, or 1 + the index of an instruction this build cannot run.
template <class Sink>
int interpret(const Program& p, const Array* inputs, const Range& range, double* outView, Sink sink) {
  const int bs = (int)zmin((size_t)kBlock, range.length > 0 ? range.length : 1);
  const int nRegs = p.nRegs, nInstrs = p.nInstrs;
  const size_t bytes = (sizeof(double) * (size_t)bs * nRegs + 63) & ~(size_t)63;
  double* mem = (double*)aligned_alloc(64, bytes);
  double* owned[256];
  double* cur[256];
  int writers[256] = {0};
  for (int r = 0; r < nRegs; r++) owned[r] = cur[r] = mem + (size_t)r * bs;
  for (int k = 0; k < nInstrs; k++) writers[instr_at(p, k).dst]++;
  bool* filled = (bool*)calloc((size_t)nInstrs + 1, 1);
  int status = kOk;
  for (size_t b0 = 0; b0 < range.length && status == kOk; b0 += bs) {
    const int n = (int)zmin((size_t)bs, range.length - b0);
    double* outBlock = outView ? outView + b0 : nullptr;
    for (int k = 0; k < nInstrs; k++) {
      const Instr in = instr_at(p, k);
      const int d = in.dst;
      double* target = d == p.out && outBlock ? outBlock : owned[d];
      const double* c = p.consts + in.aux;
      switch (in.op) {
        case OP_INPUT: {
          const Array& x = inputs[in.aux];
          if (x.storage == F64) { cur[d] = (double*)x.data + b0; continue; }
          load_block(x, b0, n, in.dtype == BOOL, target);
          break;
        }
        case OP_CONST:
          if (target == owned[d] && writers[d] == 1) {
            if (filled[k]) break;
            filled[k] = true;
          }
          for (int i = 0; i < n; i++) target[i] = c[0];
          break;
        case OP_ARANGE: case OP_LINSPACE: case OP_RANDOM_NORMAL: case OP_RANDOM_UNIFORM: case OP_RANDOM_INTEGERS:
          fill_generator(in.op, in.dtype, c, range, b0, n, target);
          break;
        case OP_WHERE: where_block(cur[in.s0], cur[in.s1], cur[in.s2], target, n); break;
        case OP_CLIP: clip_block(cur[in.s0], cur[in.s1], cur[in.s2], target, n); break;
        case OP_ASTYPE: astype_block(in.dtype, cur[in.s0], target, n); break;
        default:
          if (in.op >= OP_ADD && in.op <= OP_LOGICAL_XOR) {
            if (!binary_block(in.op, in.dtype, cur[in.s0], cur[in.s1], target, n)) status = k + 1;
          } else if (in.op >= OP_SIN && in.op <= OP_LOGICAL_NOT) {
            if (!unary_block(in.op, in.dtype, cur[in.s0], target, n)) status = k + 1;
          } else {
            status = k + 1;
          }
      }
      if (status != kOk) break;
      cur[d] = target;
    }
    if (status == kOk) sink(cur[p.out], b0, n, cur[p.out] == outBlock);
  }
  free(filled);
  free(mem);
  return status;
}

}  // namespace tusk::TUSK_ARCH
