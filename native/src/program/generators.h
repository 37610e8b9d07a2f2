// Generator instructions (src/kernels/program/generators.ts): fill a block of a register from
// each element's global index, so created arrays do not depend on the chunking.
#pragma once
#include "../api.h"
#include "../ops/codes.h"
#include "../ops/elementwise.h"
#include "../random/normal.h"
#include "../random/uniform.h"

namespace tusk::TUSK_ARCH {

// Fills out[0 … n) for the contiguous global indices first … first + n − 1.
inline void fill_run(int op, int dtype, const double* c, double first, int n, double* out) {
  switch (op) {
    case OP_RANDOM_NORMAL: fill_normal(c[0], (uint64_t)first, n, out); return;
    case OP_RANDOM_UNIFORM: fill_uniform(c[0], c[1], c[2], (uint64_t)first, n, out); return;
    case OP_RANDOM_INTEGERS: fill_integers(c[0], c[1], c[2], (uint64_t)first, n, out); return;
    case OP_ARANGE: {
      const double start = c[0];
      const double delta = start + c[1] - start;  // numpy fills from its first two values
      if (dtype == F64) {
        for (int j = 0; j < n; j++) out[j] = start + (first + j) * delta;
      } else {
        for (int j = 0; j < n; j++) out[j] = cast_value(start + (first + j) * delta, dtype);
      }
      return;
    }
    case OP_LINSPACE: {
      const double start = c[0], stop = c[1], num = c[2];
      const bool endpoint = c[3] != 0;
      const double div = endpoint ? num - 1 : num;
      const double delta = stop - start;
      const double step = delta / div;
      const double last = endpoint && num > 1 ? num - 1 : -1;
      for (int j = 0; j < n; j++) {
        const double i = first + j;
        const double v = i == last ? stop : div <= 0 ? i * delta + start : step == 0 ? (i / div) * delta + start : i * step + start;
        out[j] = dtype == F32 ? f32(v) : v;
      }
      return;
    }
  }
}

// The global index of local element j of a chunk (globalIndex in generators.ts).
inline double global_index(const Range& r, double j) {
  if (r.ndim <= 1) return r.offset + j;
  double rem = j, g = r.offset;
  for (int k = r.ndim - 1; k >= 0; k--) {
    const double s = r.shape[k];
    const double ik = __builtin_fmod(rem, s);
    rem = (rem - ik) / s;
    g += ik * r.strides[k];
  }
  return g;
}

// Fills local elements b0 … b0 + n − 1 by runs of contiguous global indices (one per row in n-d).
inline void fill_generator(int op, int dtype, const double* c, const Range& r, size_t b0, int n, double* out) {
  if (r.ndim <= 1) return fill_run(op, dtype, c, r.offset + (double)b0, n, out);
  const size_t last = (size_t)r.shape[r.ndim - 1];
  int done = 0;
  while (done < n) {
    const size_t local = b0 + done;
    const double g = global_index(r, (double)local);
    const int m = (int)zmin(last - local % last, (size_t)(n - done));
    fill_run(op, dtype, c, g, m, out + done);
    done += m;
  }
}

}  // namespace tusk::TUSK_ARCH
