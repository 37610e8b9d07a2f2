// One block of an element-wise op, in the semantics of its output dtype — the C++ twin of
// src/kernels/ops/unary-loops.ts and binary-loops.ts. Registers hold float64 values that are
// exact for their dtype, so integer ops wrap through int64/uint32 and float32 results are the
// float64 result rounded once. Loops are `ivdep`: a destination may be one of its sources
// (same index only), never a shifted view of it.
#pragma once
#include "../api.h"
#include "codes.h"
#include "vmath.h"

namespace tusk::TUSK_ARCH {

inline double f32(double x) { return (double)(float)x; }
inline double wrap32(double x) { return (double)(int32_t)(uint32_t)(int64_t)x; }
inline double wrap8(double x) { return (double)(uint8_t)(int64_t)x; }
inline double nan_() { return __builtin_nan(""); }

#define TUSK_LOOP1(expr)                            \
  do {                                              \
    TUSK_IVDEP for (int i = 0; i < n; i++) {        \
      const double v = x[i];                        \
      o[i] = (expr);                                \
    }                                               \
  } while (0)

#define TUSK_LOOP2(expr)                            \
  do {                                              \
    TUSK_IVDEP for (int i = 0; i < n; i++) {        \
      const double a = x[i], b = y[i];              \
      o[i] = (expr);                                \
    }                                               \
  } while (0)

inline void round_f32(double* o, int n) { TUSK_IVDEP for (int i = 0; i < n; i++) o[i] = f32(o[i]); }

inline void copy_block(const double* x, double* o, int n) {
  if (x != o) for (int i = 0; i < n; i++) o[i] = x[i];
}

// Returns false for an (op, dtype) this build has no loop for (the caller reports it).
inline bool unary_block(int op, int dt, const double* x, double* o, int n) {
  const bool flt = dt == F64 || dt == F32;
  switch (op) {
    case OP_SIN: v_sin(x, o, n); break;
    case OP_COS: v_cos(x, o, n); break;
    case OP_TAN: v_tan(x, o, n); break;
    case OP_EXP: v_exp(x, o, n); break;
    case OP_EXPM1: v_expm1(x, o, n); break;
    case OP_LOG: v_log(x, o, n); break;
    case OP_LOG1P: v_log1p(x, o, n); break;
    case OP_SQRT: TUSK_LOOP1(__builtin_sqrt(v)); break;
    case OP_ABS:
      if (flt) TUSK_LOOP1(__builtin_fabs(v));
      else if (dt == I32) TUSK_LOOP1(v < 0 ? wrap32(-v) : v);
      else copy_block(x, o, n);  // uint8, bool
      return true;
    case OP_SQUARE:
      if (flt) TUSK_LOOP1(v * v);
      else if (dt == I32) TUSK_LOOP1((double)(int32_t)((uint32_t)(int32_t)v * (uint32_t)(int32_t)v));
      else if (dt == U8) TUSK_LOOP1(wrap8(v * v));
      else return false;
      break;
    case OP_NEGATIVE:
      if (flt) TUSK_LOOP1(-v);
      else if (dt == I32) TUSK_LOOP1(wrap32(-v));
      else if (dt == U8) TUSK_LOOP1(wrap8(-v));
      else return false;
      return true;
    case OP_SIGN:
      if (flt) TUSK_LOOP1(v > 0 ? 1.0 : v < 0 ? -1.0 : v == 0 ? 0.0 : v);
      else TUSK_LOOP1(v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0);
      return true;
    case OP_FLOOR:
      if (flt) TUSK_LOOP1(__builtin_floor(v)); else copy_block(x, o, n);
      return true;
    case OP_CEIL:
      if (flt) TUSK_LOOP1(__builtin_ceil(v)); else copy_block(x, o, n);
      return true;
    case OP_ROUND:
      if (flt) TUSK_LOOP1(__builtin_rint(v)); else copy_block(x, o, n);
      return true;
    case OP_ISNAN: TUSK_LOOP1(v != v ? 1.0 : 0.0); return true;
    case OP_ISFINITE: TUSK_LOOP1(v - v == 0 ? 1.0 : 0.0); return true;
    case OP_LOGICAL_NOT: TUSK_LOOP1(v == 0 ? 1.0 : 0.0); return true;
    default: return false;
  }
  if (dt == F32) round_f32(o, n);
  return true;
}

inline bool binary_block(int op, int dt, const double* x, const double* y, double* o, int n) {
  switch (op) {
    case OP_ADD:
      switch (dt) {
        case F64: TUSK_LOOP2(a + b); return true;
        case F32: TUSK_LOOP2(f32(a + b)); return true;
        case I32: TUSK_LOOP2(wrap32(a + b)); return true;
        case U8: TUSK_LOOP2(wrap8(a + b)); return true;
        case BOOL: TUSK_LOOP2((a != 0) | (b != 0) ? 1.0 : 0.0); return true;
      }
      return false;
    case OP_SUBTRACT:
      switch (dt) {
        case F64: TUSK_LOOP2(a - b); return true;
        case F32: TUSK_LOOP2(f32(a - b)); return true;
        case I32: TUSK_LOOP2(wrap32(a - b)); return true;
        case U8: TUSK_LOOP2(wrap8(a - b)); return true;
      }
      return false;
    case OP_MULTIPLY:
      switch (dt) {
        case F64: TUSK_LOOP2(a * b); return true;
        case F32: TUSK_LOOP2(f32(a * b)); return true;
        case I32: TUSK_LOOP2((double)(int32_t)((uint32_t)(int32_t)a * (uint32_t)(int32_t)b)); return true;
        case U8: TUSK_LOOP2(wrap8(a * b)); return true;
        case BOOL: TUSK_LOOP2((a != 0) & (b != 0) ? 1.0 : 0.0); return true;
      }
      return false;
    case OP_DIVIDE:
      if (dt == F64) { TUSK_LOOP2(a / b); return true; }
      if (dt == F32) { TUSK_LOOP2(f32(a / b)); return true; }
      return false;
    case OP_POWER:
      if (dt != F64 && dt != F32) return false;  // integer powers stay in TypeScript (negative exponents throw)
      v_pow(x, y, o, n);
      // C pow already gives pow(1, y) = 1 and pow(-1, ±Inf) = 1 (numpy's answers, where JS ** differs).
      TUSK_IVDEP for (int i = 0; i < n; i++) if (x[i] == 1) o[i] = 1;
      if (dt == F32) round_f32(o, n);
      return true;
    // minimum/maximum propagate NaN; on ties they give b (x86 minpd/maxpd, as numpy).
    case OP_MINIMUM:
      if (dt == BOOL) TUSK_LOOP2((a != 0) & (b != 0) ? 1.0 : 0.0);
      else TUSK_LOOP2(a != a || b != b ? nan_() : a < b ? a : b);
      return true;
    case OP_MAXIMUM:
      if (dt == BOOL) TUSK_LOOP2((a != 0) | (b != 0) ? 1.0 : 0.0);
      else TUSK_LOOP2(a != a || b != b ? nan_() : a > b ? a : b);
      return true;
    case OP_EQUAL: TUSK_LOOP2(a == b ? 1.0 : 0.0); return true;
    case OP_NOT_EQUAL: TUSK_LOOP2(a != b ? 1.0 : 0.0); return true;
    case OP_LESS: TUSK_LOOP2(a < b ? 1.0 : 0.0); return true;
    case OP_LESS_EQUAL: TUSK_LOOP2(a <= b ? 1.0 : 0.0); return true;
    case OP_GREATER: TUSK_LOOP2(a > b ? 1.0 : 0.0); return true;
    case OP_GREATER_EQUAL: TUSK_LOOP2(a >= b ? 1.0 : 0.0); return true;
    case OP_LOGICAL_AND: TUSK_LOOP2((a != 0) & (b != 0) ? 1.0 : 0.0); return true;
    case OP_LOGICAL_OR: TUSK_LOOP2((a != 0) | (b != 0) ? 1.0 : 0.0); return true;
    case OP_LOGICAL_XOR: TUSK_LOOP2((a != 0) != (b != 0) ? 1.0 : 0.0); return true;
    default: return false;
  }
}

// numpy's cast as x86 gives it (castValue in src/kernels/ops/scalar.ts).
inline double cast_value(double x, int to) {
  switch (to) {
    case F32: return f32(x);
    case I32: return x >= -2147483648.0 && x < 2147483648.0 ? (double)(int32_t)x : -2147483648.0;
    case U8: return (double)(uint8_t)(x >= -2147483648.0 && x < 2147483648.0 ? (int32_t)x : INT32_MIN);
    case BOOL: return x != 0 ? 1.0 : 0.0;
    default: return x;
  }
}

inline void astype_block(int to, const double* x, double* o, int n) {
  switch (to) {
    case F64: copy_block(x, o, n); return;
    case F32: TUSK_LOOP1(f32(v)); return;
    default: TUSK_LOOP1(cast_value(v, to)); return;
  }
}

inline void where_block(const double* c, const double* x, const double* y, double* o, int n) {
  TUSK_IVDEP for (int i = 0; i < n; i++) o[i] = c[i] != 0 ? x[i] : y[i];
}

// minimum(maximum(x, lo), hi), NaN propagating; reads all three before writing.
inline void clip_block(const double* x, const double* lo, const double* hi, double* o, int n) {
  TUSK_IVDEP for (int i = 0; i < n; i++) {
    const double v = x[i], l = lo[i], h = hi[i];
    const double m = v != v || l != l ? nan_() : v > l ? v : l;
    o[i] = m != m || h != h ? nan_() : m < h ? m : h;
  }
}

#undef TUSK_LOOP1
#undef TUSK_LOOP2
}  // namespace tusk::TUSK_ARCH
