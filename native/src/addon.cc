// The N-API face of the kernels: unpacks typed arrays (in place — SharedArrayBuffer-backed or
// not, nothing is copied) and calls the active instruction-set build. src/kernels/native.ts is
// the only loader and src/kernels/native-backend.ts has already checked every argument; the
// checks here only keep a wrong call from touching memory it should not (a crash would take
// the worker thread and its process with it).
#include <napi.h>

#include <cstring>
#include <vector>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "api.h"
#include "dispatch.h"
#include "frame/f64_codes.h"
#include "frame/gather.h"
#include "frame/group_loops.h"
#include "frame/utf8_codes.h"
#include "ops/codes.h"

namespace tusk {
namespace {

const char* const kOpNames[] = {
#define TUSK_OP_NAME(code, name) name,
    TUSK_OPS(TUSK_OP_NAME)
#undef TUSK_OP_NAME
};

Napi::Value fail(Napi::Env env, const char* what) {
  Napi::TypeError::New(env, std::string("tusk native kernels: ") + what).ThrowAsJavaScriptException();
  return env.Undefined();
}

bool view(Napi::Env env, const Napi::Value& v, Array& out) {
  if (!v.IsTypedArray()) return false;
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok) return false;
  switch (type) {
    case napi_float64_array: out.storage = F64; break;
    case napi_float32_array: out.storage = F32; break;
    case napi_int32_array: out.storage = I32; break;
    case napi_uint8_array: out.storage = U8; break;
    default: return false;
  }
  out.data = data;
  out.length = length;
  return true;
}

bool f64view(Napi::Env env, const Napi::Value& v, double*& data, size_t& length) {
  Array a;
  if (!view(env, v, a) || a.storage != F64) return false;
  data = (double*)a.data;
  length = a.length;
  return true;
}

// Range as [offset, length, ndim, shape…, strides…].
bool read_range(Napi::Env env, const Napi::Value& v, Range& r) {
  double* d;
  size_t len;
  if (!f64view(env, v, d, len) || len < 3) return false;
  r.offset = d[0];
  r.length = (size_t)d[1];
  r.ndim = (int)d[2];
  if (r.ndim < 0 || len != 3 + 2 * (size_t)r.ndim) return false;
  r.shape = d + 3;
  r.strides = d + 3 + r.ndim;
  return true;
}

// A program's encoding, checked for what could make the interpreter read out of bounds.
bool read_program(Napi::Env env, const Napi::Value& codeV, const Napi::Value& constsV, size_t nInputs, Program& p) {
  Array code;
  double* consts;
  size_t nConsts;
  if (!view(env, codeV, code) || code.storage != I32 || code.length < (size_t)kHeaderWords) return false;
  if (!f64view(env, constsV, consts, nConsts)) return false;
  const int32_t* w = (const int32_t*)code.data;
  p = Program{w, consts, w[0], w[1], w[2], w[3]};
  if (p.nRegs < 1 || p.nRegs > 256 || p.out < 0 || p.out >= p.nRegs || p.nInstrs < 0) return false;
  if (code.length != (size_t)kHeaderWords + (size_t)p.nInstrs * kInstrWords) return false;
  for (int k = 0; k < p.nInstrs; k++) {
    const int32_t* in = w + kHeaderWords + k * kInstrWords;
    if (in[0] < 0 || in[0] >= OP_COUNT || in[1] < 0 || in[1] >= p.nRegs || in[2] < F64 || in[2] > BOOL) return false;
    for (int s = 3; s < 6; s++) if (in[s] < 0 || in[s] >= p.nRegs) return false;
    // consts end with 4 zeros of padding, so any op may read 4 from its offset
    if (in[0] == OP_INPUT ? (in[6] < 0 || (size_t)in[6] >= nInputs) : (in[6] < 0 || (size_t)in[6] + 4 > nConsts)) return false;
  }
  return true;
}

bool read_inputs(Napi::Env env, const Napi::Value& v, size_t length, Array* inputs, size_t& n) {
  if (!v.IsArray()) return false;
  Napi::Array arr = v.As<Napi::Array>();
  n = arr.Length();
  if (n > 256) return false;
  for (size_t k = 0; k < n; k++) {
    if (!view(env, arr.Get(k), inputs[k]) || inputs[k].length < length) return false;
  }
  return true;
}

// runProgram(code, consts, inputs, range, out) → 0, or 1 + the instruction this build cannot run.
Napi::Value RunProgram(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Range range;
  Array inputs[256], out;
  size_t nInputs;
  Program p;
  if (info.Length() != 5 || !read_range(env, info[3], range) || !read_inputs(env, info[2], range.length, inputs, nInputs) ||
      !read_program(env, info[0], info[1], nInputs, p) || !view(env, info[4], out) || out.length < range.length)
    return fail(env, "runProgram: bad arguments");
  return Napi::Number::New(env, active_kernels().run_program(p, inputs, range, out));
}

// runProgramReduce(code, consts, inputs, range, kind, dtype, res) → status; the partial in res.
Napi::Value RunProgramReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Range range;
  Array inputs[256];
  size_t nInputs, nRes;
  Program p;
  double* res;
  if (info.Length() != 7 || !read_range(env, info[3], range) || !read_inputs(env, info[2], range.length, inputs, nInputs) ||
      !read_program(env, info[0], info[1], nInputs, p) || !info[4].IsNumber() || !info[5].IsNumber() ||
      !f64view(env, info[6], res, nRes) || nRes < (size_t)kPartialWords)
    return fail(env, "runProgramReduce: bad arguments");
  const int kind = info[4].As<Napi::Number>().Int32Value(), dtype = info[5].As<Napi::Number>().Int32Value();
  if (kind < R_SUM || kind > R_MOMENTS || dtype < F64 || dtype > BOOL) return fail(env, "runProgramReduce: bad kind or dtype");
  return Napi::Number::New(env, active_kernels().run_program_reduce(p, inputs, range, kind, dtype, res));
}

// reduce(kind, data, dtype, res): the partial of a materialised chunk.
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Array data;
  double* res;
  size_t nRes;
  if (info.Length() != 4 || !info[0].IsNumber() || !view(env, info[1], data) || !info[2].IsNumber() ||
      !f64view(env, info[3], res, nRes) || nRes < (size_t)kPartialWords)
    return fail(env, "reduce: bad arguments");
  const int kind = info[0].As<Napi::Number>().Int32Value(), dtype = info[2].As<Napi::Number>().Int32Value();
  if (kind < R_SUM || kind > R_MOMENTS || dtype < F64 || dtype > BOOL) return fail(env, "reduce: bad kind or dtype");
  active_kernels().reduce(kind, data, dtype, res);
  return env.Undefined();
}

// random*(seed, [lo, hi,] first, n, out): stream elements first … first + n − 1 into out[0 … n).
Napi::Value Random(const Napi::CallbackInfo& info, int which) {
  Napi::Env env = info.Env();
  const size_t nArgs = which == 0 ? 4 : 6;
  if (info.Length() != nArgs) return fail(env, "random: bad arguments");
  double a[5];
  for (size_t k = 0; k + 1 < nArgs; k++) {
    if (!info[k].IsNumber()) return fail(env, "random: bad arguments");
    a[k] = info[k].As<Napi::Number>().DoubleValue();
  }
  double* out;
  size_t len;
  const double n = a[nArgs - 2];
  if (!f64view(env, info[nArgs - 1], out, len) || !(n >= 0) || (double)len < n) return fail(env, "random: bad output");
  const ArchKernels& k = active_kernels();
  if (which == 0) k.random_normal(a[0], a[1], (size_t)n, out);
  else if (which == 1) k.random_uniform(a[0], a[1], a[2], a[3], (size_t)n, out);
  else k.random_integers(a[0], a[1], a[2], a[3], (size_t)n, out);
  return env.Undefined();
}

Napi::Value RandomNormal(const Napi::CallbackInfo& info) { return Random(info, 0); }
Napi::Value RandomUniform(const Napi::CallbackInfo& info) { return Random(info, 1); }
Napi::Value RandomIntegers(const Napi::CallbackInfo& info) { return Random(info, 2); }

// triad(a, b, c, s): a = b + s·c over the common length (the bandwidth probe).
Napi::Value Triad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double *a, *b, *c;
  size_t na, nb, nc;
  if (info.Length() != 4 || !f64view(env, info[0], a, na) || !f64view(env, info[1], b, nb) || !f64view(env, info[2], c, nc) ||
      !info[3].IsNumber() || nb < na || nc < na)
    return fail(env, "triad: bad arguments");
  active_kernels().triad(a, b, c, info[3].As<Napi::Number>().DoubleValue(), na);
  return env.Undefined();
}

// info() → { isa, available, libmvec, ops }
Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isa", active_kernels().name);
  Napi::Array avail = Napi::Array::New(env);
  uint32_t i = 0;
  for (const ArchKernels* const* k = available_kernels(); *k; k++) avail.Set(i++, (*k)->name);
  o.Set("available", avail);
  o.Set("libmvec", Napi::Boolean::New(env, TUSK_LIBMVEC != 0));
  Napi::Array ops = Napi::Array::New(env);
  for (uint32_t k = 0; k < OP_COUNT; k++) ops.Set(k, kOpNames[k]);
  o.Set("ops", ops);
  return o;
}

// addressMod64(view) → the view's data address modulo 64 (its misalignment to a cache line).
// allocate() in src/kernels/dtypes.ts uses it to start chunks on a cache line: the SIMD loops
// read 64-byte vectors, and a misaligned one spans two lines (measured: sum over memory at
// 84–88% of triad bandwidth from an address ≡ 16 mod 64, 102–118% aligned).
Napi::Value AddressMod64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsTypedArray()) return fail(env, "addressMod64: expected a typed array");
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, info[0], &type, &length, &data, nullptr, nullptr) != napi_ok) return fail(env, "addressMod64: bad view");
  return Napi::Number::New(env, (double)((uintptr_t)data % 64));
}

// useIsa(name) → whether this CPU can run that build (it is then active for the whole process).
Napi::Value UseIsa(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) return fail(env, "useIsa: expected a name");
  return Napi::Boolean::New(env, use_kernels(info[0].As<Napi::String>().Utf8Value().c_str()));
}

// trimMemory() → whether the C library was asked to return free heap memory to the system.
// glibc keeps freed blocks of up to 32 MiB in its arenas for reuse (a typed array's backing store
// is one), so a worker's resident memory stays at its high-water mark after its temporaries die;
// malloc_trim(0) hands the free pages back (madvise), leaving the blocks for reuse. Elsewhere a no-op.
Napi::Value TrimMemory(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__)
  malloc_trim(0);
  return Napi::Boolean::New(info.Env(), true);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

bool u8view(Napi::Env env, const Napi::Value& v, const uint8_t*& data, size_t& length) {
  Array a;
  if (!view(env, v, a) || a.storage != U8) return false;
  data = (const uint8_t*)a.data;
  length = a.length;
  return true;
}

bool i32view(Napi::Env env, const Napi::Value& v, int32_t*& data, size_t& length) {
  Array a;
  if (!view(env, v, a) || a.storage != I32) return false;
  data = (int32_t*)a.data;
  length = a.length;
  return true;
}

// codeUtf8(offsets[], bytes[], bitmaps[] (Uint8Array or null), shape: Float64Array [bitOffset,
// rows] per chunk, codes, first) → the number of distinct strings, or a negative error
// (frame/utf8_codes.h): group codes of Arrow Utf8 chunks in order of first appearance.
Napi::Value CodeUtf8(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 6 || !info[0].IsArray() || !info[1].IsArray() || !info[2].IsArray()) return fail(env, "codeUtf8: bad arguments");
  Napi::Array offs = info[0].As<Napi::Array>(), bytes = info[1].As<Napi::Array>(), bms = info[2].As<Napi::Array>();
  const size_t n = offs.Length();
  double* shape;
  size_t shapeLen;
  int32_t *codes, *first;
  size_t codesLen, firstLen;
  if (bytes.Length() != n || bms.Length() != n || !f64view(env, info[3], shape, shapeLen) || shapeLen != 2 * n ||
      !i32view(env, info[4], codes, codesLen) || !i32view(env, info[5], first, firstLen))
    return fail(env, "codeUtf8: bad arguments");
  std::vector<Utf8Chunk> chunks(n);
  for (size_t k = 0; k < n; k++) {
    Utf8Chunk& c = chunks[k];
    int32_t* o;
    if (!i32view(env, offs.Get(k), o, c.offsets_len) || !u8view(env, bytes.Get(k), c.bytes, c.bytes_len)) return fail(env, "codeUtf8: bad chunk");
    c.offsets = o;
    Napi::Value bm = bms.Get(k);
    if (bm.IsNull() || bm.IsUndefined()) {
      c.bitmap = nullptr;
      c.bitmap_len = 0;
    } else if (!u8view(env, bm, c.bitmap, c.bitmap_len)) {
      return fail(env, "codeUtf8: bad bitmap");
    }
    const double bitOffset = shape[2 * k], rows = shape[2 * k + 1];
    if (!(bitOffset >= 0) || !(rows >= 0) || bitOffset > 9e15 || rows > 9e15) return fail(env, "codeUtf8: bad chunk shape");
    c.bit_offset = (size_t)bitOffset;
    c.rows = (size_t)rows;
  }
  return Napi::Number::New(env, (double)code_utf8(chunks.data(), n, codes, codesLen, first, firstLen));
}

// Optional validity (null, or a Uint8Array of at least n: 1 = present).
bool valid_view(Napi::Env env, const Napi::Value& v, size_t n, const uint8_t*& data) {
  if (v.IsNull() || v.IsUndefined()) {
    data = nullptr;
    return true;
  }
  size_t len;
  return u8view(env, v, data, len) && len >= n;
}

bool num(const Napi::Value& v, double& out) {
  if (!v.IsNumber()) return false;
  out = v.As<Napi::Number>().DoubleValue();
  return true;
}

bool count_arg(const Napi::Value& v, size_t& out) {
  double d;
  if (!num(v, d) || !(d >= 0) || d > 9e15 || d != (double)(size_t)d) return false;
  out = (size_t)d;
  return true;
}

// groupLoop(name, …): the row loops of group-by chunk tasks (frame/group_loops.h), by name:
//   'int64Range', words, valid, m, range(Float64Array 2) → 0/1
//   'int64LutCodes', words, valid, m, lo, lut, codes, at, first, count → count (< 0: bad index)
//   'pairSums', wa, wb, codes, acc → flags (< 0: bad group)
//   'intSums', w, valid, codes, acc → 1 below 2^53, else 0 (< 0: bad group)
//   'lutPairCodes', x, y, cb, n, lut, codes, first → count (< 0: bad key or first too short)
//   'scanAbs', x, valid, codes, out(Float64Array 3)
//   'firstNaN', x, valid → index of the first present NaN, or x.length
//   'extractLevels', x, valid, codes, s1, s2, s3, lv → rows left (< 0: bad group)
//   'levelsRagged', lv, ng, off → number of partials packed at the front of lv
//   'raggedScatter', codes, n, off|null, p|null, cnt|null, sums|null, ng → 0 (< 0: bad code or offset)
//   'raggedStream', codes, n, off, p, cnt|null, vals, groups, k, ng → new k (< 0: bad code, offset or room)
//   'integerMagnitude', p → Σ|p| in order, NaN when one is not an integer
//   (ragged: partial row r of n.length is group codes[r], its partials p[off[r] .. off[r + 1]))
//   'pairCodes', a, b, n, codes, first → count (< 0: a word past 2^31 - 1, or first too short)
//   'utf8Hashes', offsets, bytes, bitmap, bitOffset, rows, out (Int32Array), valid, at → 0 (< 0: bad offset)
Napi::Value GroupLoop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return fail(env, "groupLoop: bad arguments");
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  int32_t *w, *w2, *codes, *lut, *first;
  size_t wl, wl2, cl, ll, fl, m, at, rl;
  double *range, *acc, *x, *out;
  const uint8_t* valid;
  double lo, s1, s2, s3, count;
  if (name == "int64Range") {
    if (info.Length() != 5 || !i32view(env, info[1], w, wl) || !count_arg(info[3], m) || wl < 2 * m || !valid_view(env, info[2], m, valid) ||
        !f64view(env, info[4], range, rl) || rl < 2)
      return fail(env, "groupLoop int64Range: bad arguments");
    return Napi::Number::New(env, int64_range(w, valid, m, range));
  }
  if (name == "int64LutCodes") {
    if (info.Length() != 10 || !i32view(env, info[1], w, wl) || !count_arg(info[3], m) || wl < 2 * m || !valid_view(env, info[2], m, valid) ||
        !num(info[4], lo) || !i32view(env, info[5], lut, ll) || !i32view(env, info[6], codes, cl) || !count_arg(info[7], at) ||
        at + m > cl || !i32view(env, info[8], first, fl) || !num(info[9], count) || !(count >= 0) || count > (double)fl)
      return fail(env, "groupLoop int64LutCodes: bad arguments");
    return Napi::Number::New(env, (double)int64_lut_codes(w, valid, m, lo, lut, ll, codes, at, first, fl, (int64_t)count));
  }
  if (name == "pairSums") {
    if (info.Length() != 5 || !i32view(env, info[1], w, wl) || !i32view(env, info[2], w2, wl2) || !i32view(env, info[3], codes, cl) ||
        wl < 2 * cl || wl2 < 2 * cl || !f64view(env, info[4], acc, rl))
      return fail(env, "groupLoop pairSums: bad arguments");
    return Napi::Number::New(env, pair_sums(w, w2, codes, cl, acc, rl / 3));
  }
  if (name == "intSums") {
    if (info.Length() != 5 || !i32view(env, info[1], w, wl) || !i32view(env, info[3], codes, cl) || wl < 2 * cl || !valid_view(env, info[2], cl, valid) ||
        !f64view(env, info[4], acc, rl))
      return fail(env, "groupLoop intSums: bad arguments");
    return Napi::Number::New(env, int_sums(w, valid, codes, cl, acc, rl / 2));
  }
  if (name == "lutPairCodes") {
    int32_t *y, *outc;
    size_t yl, ol, cb;
    if (info.Length() != 8 || !i32view(env, info[1], w, wl) || !i32view(env, info[2], y, yl) || !count_arg(info[3], cb) || cb > 2147483647u ||
        !count_arg(info[4], m) || wl < m || yl < m || !i32view(env, info[5], lut, ll) || !i32view(env, info[6], outc, ol) || ol < m ||
        !i32view(env, info[7], first, fl))
      return fail(env, "groupLoop lutPairCodes: bad arguments");
    return Napi::Number::New(env, (double)lut_pair_codes(w, y, (int32_t)cb, m, lut, ll, outc, first, fl));
  }
  if (name == "firstNaN") {
    size_t xl;
    if (info.Length() != 3 || !f64view(env, info[1], x, xl) || !valid_view(env, info[2], xl, valid)) return fail(env, "groupLoop firstNaN: bad arguments");
    return Napi::Number::New(env, (double)first_nan(x, valid, xl));
  }
  if (name == "scanAbs" || name == "extractLevels") {
    size_t xl;
    const bool scan = name == "scanAbs";
    if (info.Length() != (scan ? 5u : 8u) || !f64view(env, info[1], x, xl) || !i32view(env, info[3], codes, cl) || xl < cl ||
        !valid_view(env, info[2], cl, valid))
      return fail(env, "groupLoop: bad arguments");
    if (scan) {
      if (!f64view(env, info[4], out, rl) || rl < 3) return fail(env, "groupLoop scanAbs: bad output");
      scan_abs(x, valid, codes, cl, out);
      return env.Undefined();
    }
    if (!num(info[4], s1) || !num(info[5], s2) || !num(info[6], s3) || !f64view(env, info[7], acc, rl))
      return fail(env, "groupLoop extractLevels: bad arguments");
    return Napi::Number::New(env, (double)extract_levels(x, valid, codes, cl, s1, s2, s3, acc, rl / 3));
  }
  if (name == "utf8Hashes") {
    const uint8_t *bytes, *bitmap;
    uint8_t* vout;
    size_t bl, bml = 0, vl, bitOffset, rows, hl, atOut;
    int32_t* hout;
    if (info.Length() != 9 || !i32view(env, info[1], w, wl) || !u8view(env, info[2], bytes, bl) || !count_arg(info[4], bitOffset) ||
        !count_arg(info[5], rows) || wl < rows + 1 || !i32view(env, info[6], hout, hl) || !count_arg(info[8], atOut) || hl < atOut + rows)
      return fail(env, "groupLoop utf8Hashes: bad arguments");
    const uint8_t* vv;
    if (!u8view(env, info[7], vv, vl) || vl < atOut + rows) return fail(env, "groupLoop utf8Hashes: bad validity");
    vout = const_cast<uint8_t*>(vv);
    if (info[3].IsNull() || info[3].IsUndefined()) {
      bitmap = nullptr;
    } else if (!u8view(env, info[3], bitmap, bml) || (bitOffset + rows + 7) / 8 > bml) {
      return fail(env, "groupLoop utf8Hashes: bad bitmap");
    }
    return Napi::Number::New(env, (double)utf8_hashes(w, bytes, bl, bitmap, bitOffset, rows, reinterpret_cast<uint32_t*>(hout) + atOut, vout + atOut));
  }
  if (name == "levelsRagged") {
    size_t ng;
    if (info.Length() != 4 || !f64view(env, info[1], acc, rl) || !count_arg(info[2], ng) || rl < 3 * ng || 3 * ng > 2147483647u ||
        !i32view(env, info[3], codes, cl) || cl < ng + 1)
      return fail(env, "groupLoop levelsRagged: bad arguments");
    return Napi::Number::New(env, (double)levels_ragged(acc, ng, codes));
  }
  if (name == "raggedScatter" || name == "raggedStream") {
    const bool stream = name == "raggedStream";
    double *n, *p = nullptr, *cnt = nullptr, *sums = nullptr;
    int32_t* off = nullptr;
    size_t nl, ol = 0, pl = 0, cntl = 0, sl = 0, ng;
    if (info.Length() != (stream ? 10u : 8u) || !i32view(env, info[1], codes, cl) || !f64view(env, info[2], n, nl) || cl < nl ||
        !count_arg(info[stream ? 9 : 7], ng))
      return fail(env, "groupLoop raggedScatter/raggedStream: bad arguments");
    const bool hasCnt = !(info[5].IsNull() || info[5].IsUndefined());
    if (hasCnt && (!f64view(env, info[5], cnt, cntl) || cntl < ng)) return fail(env, "groupLoop raggedScatter/raggedStream: bad counts");
    const bool hasOff = !(info[3].IsNull() || info[3].IsUndefined());
    if (hasOff && (!i32view(env, info[3], off, ol) || ol < nl + 1 || !f64view(env, info[4], p, pl)))
      return fail(env, "groupLoop raggedScatter/raggedStream: bad offsets or partials");
    if (!stream) {
      if (hasOff && (!f64view(env, info[6], sums, sl) || sl < ng)) return fail(env, "groupLoop raggedScatter: bad sums");
      return Napi::Number::New(env, (double)ragged_scatter(codes, nl, n, off, p, pl, cnt, sums, ng));
    }
    double* vals;
    int32_t* groups;
    size_t vl, gl;
    if (!hasOff || !f64view(env, info[6], vals, vl) || !i32view(env, info[7], groups, gl) || gl < vl || !num(info[8], count) || !(count >= 0) ||
        count > (double)vl)
      return fail(env, "groupLoop raggedStream: bad output");
    return Napi::Number::New(env, (double)ragged_stream(codes, nl, n, off, p, pl, cnt, ng, vals, groups, vl, (int64_t)count));
  }
  if (name == "integerMagnitude") {
    size_t xl;
    if (info.Length() != 2 || !f64view(env, info[1], x, xl)) return fail(env, "groupLoop integerMagnitude: bad arguments");
    return Napi::Number::New(env, integer_magnitude(x, xl));
  }
  if (name == "pairCodes") {
    double *pa, *pb;
    size_t la, lb;
    if (info.Length() != 6 || !f64view(env, info[1], pa, la) || !f64view(env, info[2], pb, lb) || !count_arg(info[3], m) || la < m || lb < m ||
        !i32view(env, info[4], codes, cl) || cl < m || !i32view(env, info[5], first, fl))
      return fail(env, "groupLoop pairCodes: bad arguments");
    return Napi::Number::New(env, (double)pair_codes(pa, pb, m, codes, first, fl));
  }
  return fail(env, "groupLoop: unknown loop");
}

// gatherLoop(name, …): row gathers of Arrow buffers (frame/gather.h), by name; valid is a
// Uint8Array of at least idx.length (1 = output row present) or null:
//   'utf8Offsets', offs, idx, valid, outOffs → total bytes (< 0: bad index, or too long)
//   'utf8Bytes', offs, src, idx, valid, outOffs, out → 0 (< 0: bad index or offset)
//   'words64', src (Float64Array view of the 8-byte values), idx, valid, out → 0 (< 0: bad index)
//   'utf8OffsetsLocated', offs[], piece, local, valid, outOffs → total bytes
//   'utf8BytesLocated', offs[], bytes[], piece, local, valid, outOffs, out → 0
//   'words64Located', srcs[] (Float64Array views), piece, local, valid, out → 0
//   (located: output row k is row local[k] of chunk piece[k]; valid is then of piece's length)
Napi::Value GatherLoop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return fail(env, "gatherLoop: bad arguments");
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  int32_t *offs, *idx, *outOffs;
  size_t ol, n, ool, sl, outl;
  const uint8_t *valid, *src;
  if (name == "utf8Offsets") {
    if (info.Length() != 5 || !i32view(env, info[1], offs, ol) || ol < 1 || !i32view(env, info[2], idx, n) || !valid_view(env, info[3], n, valid) ||
        !i32view(env, info[4], outOffs, ool) || ool < n + 1)
      return fail(env, "gatherLoop utf8Offsets: bad arguments");
    return Napi::Number::New(env, (double)gather_utf8_offsets(offs, ol - 1, idx, valid, n, outOffs));
  }
  if (name == "utf8Bytes") {
    const uint8_t* outc;
    if (info.Length() != 7 || !i32view(env, info[1], offs, ol) || ol < 1 || !u8view(env, info[2], src, sl) || !i32view(env, info[3], idx, n) ||
        !valid_view(env, info[4], n, valid) || !i32view(env, info[5], outOffs, ool) || ool < n + 1 || !u8view(env, info[6], outc, outl))
      return fail(env, "gatherLoop utf8Bytes: bad arguments");
    return Napi::Number::New(env, (double)gather_utf8_bytes(offs, ol - 1, src, sl, idx, valid, n, outOffs, const_cast<uint8_t*>(outc), outl));
  }
  if (name == "words64") {
    double *x, *out;
    size_t xl, outl64;
    if (info.Length() != 5 || !f64view(env, info[1], x, xl) || !i32view(env, info[2], idx, n) || !valid_view(env, info[3], n, valid) ||
        !f64view(env, info[4], out, outl64) || outl64 < n)
      return fail(env, "gatherLoop words64: bad arguments");
    return Napi::Number::New(env, (double)gather_words64(reinterpret_cast<const uint64_t*>(x), xl, idx, valid, n, reinterpret_cast<uint64_t*>(out)));
  }
  if (name == "utf8OffsetsLocated" || name == "utf8BytesLocated") {
    const bool bytesToo = name == "utf8BytesLocated";
    const size_t argc = bytesToo ? 8 : 6;
    if (info.Length() != argc || !info[1].IsArray() || (bytesToo && !info[2].IsArray())) return fail(env, "gatherLoop located: bad arguments");
    Napi::Array offsList = info[1].As<Napi::Array>();
    const size_t nchunks = offsList.Length();
    const size_t a = bytesToo ? 3 : 2;  // first argument after the chunk lists
    std::vector<GatherUtf8Chunk> chunks(nchunks);
    for (size_t j = 0; j < nchunks; j++) {
      int32_t* o;
      size_t olen;
      if (!i32view(env, offsList.Get(j), o, olen) || olen < 1) return fail(env, "gatherLoop located: bad offsets");
      chunks[j].offs = o;
      chunks[j].rows = olen - 1;
      chunks[j].bytes = nullptr;
      chunks[j].bytes_len = 0;
      if (bytesToo) {
        Napi::Array bytesList = info[2].As<Napi::Array>();
        if (bytesList.Length() != nchunks || !u8view(env, bytesList.Get(j), chunks[j].bytes, chunks[j].bytes_len))
          return fail(env, "gatherLoop located: bad bytes");
      }
    }
    int32_t *piece, *local;
    size_t pl, ll2;
    if (!i32view(env, info[a], piece, pl) || !i32view(env, info[a + 1], local, ll2) || ll2 < pl || !valid_view(env, info[a + 2], pl, valid) ||
        !i32view(env, info[a + 3], outOffs, ool) || ool < pl + 1)
      return fail(env, "gatherLoop located: bad arguments");
    if (!bytesToo) return Napi::Number::New(env, (double)gather_utf8_offsets_located(chunks.data(), nchunks, piece, local, valid, pl, outOffs));
    const uint8_t* outc;
    if (!u8view(env, info[a + 4], outc, outl)) return fail(env, "gatherLoop located: bad output");
    return Napi::Number::New(env, (double)gather_utf8_bytes_located(chunks.data(), nchunks, piece, local, valid, pl, outOffs, const_cast<uint8_t*>(outc), outl));
  }
  if (name == "words64Located") {
    if (info.Length() != 6 || !info[1].IsArray()) return fail(env, "gatherLoop words64Located: bad arguments");
    Napi::Array list = info[1].As<Napi::Array>();
    const size_t nchunks = list.Length();
    std::vector<const uint64_t*> srcs(nchunks);
    std::vector<size_t> rows(nchunks);
    for (size_t j = 0; j < nchunks; j++) {
      double* d;
      if (!f64view(env, list.Get(j), d, rows[j])) return fail(env, "gatherLoop words64Located: bad chunk");
      srcs[j] = reinterpret_cast<const uint64_t*>(d);
    }
    int32_t *piece, *local;
    size_t pl, ll2, outl64;
    double* out;
    if (!i32view(env, info[2], piece, pl) || !i32view(env, info[3], local, ll2) || ll2 < pl || !valid_view(env, info[4], pl, valid) ||
        !f64view(env, info[5], out, outl64) || outl64 < pl)
      return fail(env, "gatherLoop words64Located: bad arguments");
    return Napi::Number::New(env, (double)gather_words64_located(srcs.data(), rows.data(), nchunks, piece, local, valid, pl, reinterpret_cast<uint64_t*>(out)));
  }
  return fail(env, "gatherLoop: unknown loop");
}

// codeF64(parts: Float64Array[], codes: Int32Array) → the number of distinct values, or -1 when
// codes is shorter than the parts (frame/f64_codes.h): dense codes in order of first appearance.
Napi::Value CodeF64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsArray()) return fail(env, "codeF64: bad arguments");
  Napi::Array parts = info[0].As<Napi::Array>();
  const size_t n = parts.Length();
  std::vector<const double*> data(n);
  std::vector<size_t> lens(n);
  for (size_t k = 0; k < n; k++) {
    double* d;
    if (!f64view(env, parts.Get(k), d, lens[k])) return fail(env, "codeF64: parts must be Float64Arrays");
    data[k] = d;
  }
  int32_t* codes;
  size_t cl;
  if (!i32view(env, info[1], codes, cl)) return fail(env, "codeF64: codes must be an Int32Array");
  return Napi::Number::New(env, (double)code_f64(data.data(), lens.data(), n, codes, cl));
}

// adviseHugePages(view) → bytes advised: asks the kernel to back the 2 MiB-aligned part of the
// view's memory with transparent huge pages (madvise MADV_HUGEPAGE; Linux, where THP is in
// "madvise" or "always" mode). Called on a large buffer before anything touches it, its pages
// then fault in 2 MiB at a time — hundreds of times fewer page faults, each costly on a virtual
// machine — and random reads across it miss the TLB far less. Elsewhere, or on failure, 0.
Napi::Value AdviseHugePages(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsTypedArray()) return fail(env, "adviseHugePages: expected a typed array");
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_value buf;
  size_t offset;
  if (napi_get_typedarray_info(env, info[0], &type, &length, &data, &buf, &offset) != napi_ok || data == nullptr)
    return Napi::Number::New(env, 0);
  const size_t bytes = info[0].As<Napi::TypedArray>().ByteLength();
  constexpr uintptr_t kHuge = (uintptr_t)2 << 20;
  const uintptr_t start = ((uintptr_t)data + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = ((uintptr_t)data + bytes) & ~(kHuge - 1);
  if (end <= start || madvise((void*)start, end - start, MADV_HUGEPAGE) != 0) return Napi::Number::New(env, 0);
  return Napi::Number::New(env, (double)(end - start));
#else
  return Napi::Number::New(env, 0);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("adviseHugePages", Napi::Function::New(env, AdviseHugePages));
  exports.Set("codeF64", Napi::Function::New(env, CodeF64));
  exports.Set("gatherLoop", Napi::Function::New(env, GatherLoop));
  exports.Set("codeUtf8", Napi::Function::New(env, CodeUtf8));
  exports.Set("groupLoop", Napi::Function::New(env, GroupLoop));
  exports.Set("runProgram", Napi::Function::New(env, RunProgram));
  exports.Set("runProgramReduce", Napi::Function::New(env, RunProgramReduce));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("randomNormal", Napi::Function::New(env, RandomNormal));
  exports.Set("randomUniform", Napi::Function::New(env, RandomUniform));
  exports.Set("randomIntegers", Napi::Function::New(env, RandomIntegers));
  exports.Set("triad", Napi::Function::New(env, Triad));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("useIsa", Napi::Function::New(env, UseIsa));
  exports.Set("addressMod64", Napi::Function::New(env, AddressMod64));
  exports.Set("trimMemory", Napi::Function::New(env, TrimMemory));
  return exports;
}

}  // namespace
}  // namespace tusk

static Napi::Object InitTusk(Napi::Env env, Napi::Object exports) { return tusk::Init(env, exports); }
NODE_API_MODULE(tusk_kernels, InitTusk)
