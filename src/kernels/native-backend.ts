/**
 * The native backend: `KernelBackend` on the C++ addon (loaded by native.ts). Every argument is
 * checked here, in TypeScript, before anything crosses (the same checks and messages as the
 * TypeScript backend); then typed arrays go across in place. What the addon does not
 * accelerate — a program with an op it lacks, integer powers, scalar-only calls — runs on
 * the TypeScript backend, which defines the results either way.
 */
import { TuskError } from '../errors.js';
import type { GatherLoops, GroupLoops, KernelBackend, Utf8Parts } from './backend.js';
import { type Dtype, type TypedArray, allocate, checkDtype, dtypeOf, isTypedArray, storageMatches } from './dtypes.js';
import type { NativeAddon } from './native.js';
import { DTYPE_CODES, type EncodedProgram, encodeProgram, encodeRange } from './native-program.js';
import { type ElementwiseOptions, type Operand, toProgram } from './ops/elementwise.js';
import { type BinaryOp, type UnaryOp, isBinaryOp, isUnaryOp } from './ops/names.js';
import type { Expr } from './program/compile.js';
import type { ChunkRange, Program } from './program/format.js';
import { globalIndex } from './program/generators.js';
import type { RunOptions } from './program/run.js';
import { validateProgram } from './program/validate.js';
import { MAX_INDEX, streamKey } from './random/threefry.js';
import { checkIntegerBounds } from './random/uniform.js';
import { type ReductionKind, type ReductionPartial, checkReduction } from './reduce/partials.js';
import { tsKernels } from './ts-backend.js';

/** Reduction codes of native/src/api.h (mean, var and std share the moments partial). */
const REDUCTION_CODES: Record<ReductionKind, number> = {
  sum: 0, prod: 1, min: 2, max: 3, argmin: 4, argmax: 5, any: 6, all: 7, countNonzero: 8, mean: 9, var: 9, std: 9,
};

function checkRange(range: ChunkRange, inputs: readonly TypedArray[], p: Program): void {
  const { offset, length, shape, strides } = range ?? ({} as ChunkRange);
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new TuskError('InvalidArgument', `runProgram: range needs integer offset ≥ 0 and length ≥ 0, got ${JSON.stringify(range)}`);
  }
  if (shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== length || !strides || strides.length !== shape.length || strides[strides.length - 1] !== 1 ||
        !shape.every((s) => Number.isSafeInteger(s) && s >= 0) || !strides.every((s) => Number.isSafeInteger(s))) {
      throw new TuskError('InvalidArgument', `runProgram: shape ${JSON.stringify(shape)} needs length ${size} and C-order strides ending in 1, got ${JSON.stringify(range)}`);
    }
  }
  if (!Array.isArray(inputs) || inputs.length !== p.nInputs) {
    throw new TuskError('InvalidArgument', `runProgram: the program takes ${p.nInputs} inputs, got ${Array.isArray(inputs) ? inputs.length : typeof inputs}`);
  }
  inputs.forEach((x, k) => {
    if (!isTypedArray(x) || !storageMatches(x, p.inputDtypes[k]!) || x.length !== length) {
      throw new TuskError('ShapeMismatch', `runProgram: input ${k} must be a ${p.inputDtypes[k]} array of length ${length}, got ${isTypedArray(x) ? `${x.constructor.name}(${x.length})` : typeof x}`);
    }
  });
}

function checkStream(what: string, first: number, n: number, out: Float64Array | undefined): Float64Array {
  if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(n) || n < 0 || first + n > MAX_INDEX) {
    throw new TuskError('InvalidArgument', `${what}: need integers first ≥ 0 and n ≥ 0 with first + n ≤ 2^53, got first=${first}, n=${n}`);
  }
  if (out !== undefined && !(out instanceof Float64Array)) throw new TuskError('InvalidArgument', `${what}: out must be a Float64Array`);
  if (out && out.length < n) throw new TuskError('ShapeMismatch', `${what}: out has ${out.length} elements, need ${n}`);
  return out ?? allocate('float64', n);
}

export interface NativeBackend extends KernelBackend {
  /** Switches the addon's instruction-set build (for tests); false if this CPU cannot run it. */
  _useIsa(isa: string): boolean;
  /** Whether the addon (not the TypeScript fallback) would run this program. */
  _runsNatively(program: Program): boolean;
}

export function createNativeBackend(addon: NativeAddon): NativeBackend {
  const info = addon.info();
  const opCodes = new Map(info.ops.map((op, i) => [op, i] as const));
  let name = `native-${info.isa}` as const;
  const encoded = new WeakMap<Program, EncodedProgram | null>();
  const res = new Float64Array(4);

  function encode(p: Program): EncodedProgram | undefined {
    let e = encoded.get(p);
    if (e === undefined) {
      e = encodeProgram(p, opCodes) ?? null;
      encoded.set(p, e);
    }
    return e ?? undefined;
  }

  function runProgram(program: Program, inputs: readonly TypedArray[], range: ChunkRange, options: RunOptions = {}): TypedArray {
    validateProgram(program);
    checkRange(range, inputs, program);
    const out = options.out ?? allocate(program.outDtype, range.length, { shared: options.shared ?? true });
    if (!isTypedArray(out) || !storageMatches(out, program.outDtype) || out.length !== range.length) {
      throw new TuskError('ShapeMismatch', `runProgram: out must be a ${program.outDtype} array of length ${range.length}`);
    }
    const e = encode(program);
    if (e && addon.runProgram(e.code, e.consts, inputs, encodeRange(range), out) === 0) return out;
    return tsKernels.runProgram(program, inputs, range, { out });
  }

  function partialFrom(kind: ReductionKind, dtype: Dtype, toGlobal: (local: number) => number): ReductionPartial {
    switch (kind) {
      case 'sum': return { kind, dtype, value: res[0]!, err: res[1]! };
      case 'prod': return { kind, dtype, value: res[0]! };
      case 'min': case 'max': return { kind, dtype, value: res[0]!, empty: res[1] === 1 };
      case 'argmin': case 'argmax': return { kind, dtype, value: res[0]!, index: res[1]! < 0 ? -1 : toGlobal(res[1]!) };
      case 'any': case 'all': return { kind, value: res[0] !== 0 };
      case 'countNonzero': return { kind, value: res[0]! };
      default: return { kind: 'moments', dtype, count: res[0]!, mean: res[1]!, m2: res[2]! };
    }
  }

  function runProgramReduce(program: Program, inputs: readonly TypedArray[], range: ChunkRange, reduction: ReductionKind): ReductionPartial {
    validateProgram(program);
    checkRange(range, inputs, program);
    const kind = checkReduction(reduction);
    const e = encode(program);
    if (!e || addon.runProgramReduce(e.code, e.consts, inputs, encodeRange(range), REDUCTION_CODES[kind], DTYPE_CODES[program.outDtype], res) !== 0) {
      return tsKernels.runProgramReduce(program, inputs, range, kind);
    }
    return partialFrom(kind, program.outDtype, (local) => globalIndex(range, local));
  }

  function reduceChunk(kind: ReductionKind, data: TypedArray, offset = 0, dtype?: Dtype): ReductionPartial {
    const k = checkReduction(kind);
    if (!isTypedArray(data)) throw new TuskError('InvalidArgument', `reduceChunk: data must be a typed array, got ${typeof data}`);
    const d = dtype === undefined ? dtypeOf(data) : checkDtype(dtype);
    if (!Number.isFinite(offset)) throw new TuskError('InvalidArgument', `reduceChunk: offset must be a number, got ${offset}`);
    addon.reduce(REDUCTION_CODES[k], data, DTYPE_CODES[d], res);
    return partialFrom(k, d, (local) => offset + local);
  }

  /** Element-wise calls are one-op programs, as in ops/elementwise.ts; all-scalar calls stay in TypeScript. */
  function apply(name: string, build: (args: Expr[]) => Expr, operands: readonly Operand[], options: ElementwiseOptions, ts: () => TypedArray | number): TypedArray | number {
    if (!operands.some(isTypedArray)) return ts();
    const { program, arrays, length } = toProgram(name, build, operands, options);
    return runProgram(program, arrays, { offset: 0, length }, { out: options.out, shared: options.shared });
  }

  const backend: NativeBackend = {
    get name() { return name; },
    unary(op: UnaryOp, x: Operand, options: ElementwiseOptions = {}) {
      if (!isUnaryOp(op)) throw new TuskError('InvalidArgument', `unknown unary op ${JSON.stringify(op)}`);
      return apply(op, ([a]) => ({ op, args: [a!] }), [x], options, () => tsKernels.unary(op, x, options));
    },
    binary(op: BinaryOp, a: Operand, b: Operand, options: ElementwiseOptions = {}) {
      if (!isBinaryOp(op)) throw new TuskError('InvalidArgument', `unknown binary op ${JSON.stringify(op)}`);
      return apply(op, ([x, y]) => ({ op, args: [x!, y!] }), [a, b], options, () => tsKernels.binary(op, a, b, options));
    },
    where(cond: Operand, a: Operand, b: Operand, options: ElementwiseOptions = {}) {
      return apply('where', ([c, x, y]) => ({ op: 'where', args: [c!, x!, y!] }), [cond, a, b], options, () => tsKernels.where(cond, a, b, options));
    },
    clip(x: Operand, lo: Operand, hi: Operand, options: ElementwiseOptions = {}) {
      return apply('clip', ([v, l, h]) => ({ op: 'clip', args: [v!, l!, h!] }), [x, lo, hi], options, () => tsKernels.clip(x, lo, hi, options));
    },
    astype(x: TypedArray, to: Dtype, options: ElementwiseOptions = {}) {
      const d = checkDtype(to);
      return apply('astype', ([v]) => ({ op: 'astype', dtype: d, args: [v!] }), [x], options, () => tsKernels.astype(x, d, options)) as TypedArray;
    },
    runProgram,
    runProgramReduce,
    reduceChunk,
    initPartial: tsKernels.initPartial,
    combine: tsKernels.combine,
    finalize: tsKernels.finalize,
    randomNormal(seed: number, first: number, n: number, out?: Float64Array): Float64Array {
      streamKey(seed, 1); // checks the seed
      const o = checkStream('randomNormal', first, n, out);
      addon.randomNormal(seed, first, n, o);
      return o;
    },
    randomUniform(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array {
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new TuskError('InvalidArgument', `randomUniform: bounds must be finite, got [${lo}, ${hi})`);
      streamKey(seed, 2);
      const o = checkStream('randomUniform', first, n, out);
      addon.randomUniform(seed, lo, hi, first, n, o);
      return o;
    },
    randomIntegers(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array {
      checkIntegerBounds(lo, hi);
      streamKey(seed, 3);
      const o = checkStream('randomIntegers', first, n, out);
      addon.randomIntegers(seed, lo, hi, first, n, o);
      return o;
    },
    ...(addon.groupLoop === undefined ? {} : { groupLoops: groupLoopsOf(addon.groupLoop.bind(addon)) }),
    ...(addon.codeF64 === undefined ? {} : { codeF64: (parts: readonly Float64Array[], codes: Int32Array) => codeF64(addon.codeF64!, parts, codes) }),
    ...(addon.gatherLoop === undefined ? {} : { gatherLoops: gatherLoopsOf(addon.gatherLoop.bind(addon)) }),
    ...(addon.codeUtf8 === undefined ? {} : { codeUtf8: (parts: readonly Utf8Parts[], codes: Int32Array, first: Int32Array) => codeUtf8(addon.codeUtf8!, parts, codes, first) }),
    _useIsa(isa: string): boolean {
      if (!addon.useIsa(isa)) return false;
      name = `native-${addon.info().isa}` as const;
      return true;
    },
    _runsNatively(program: Program): boolean {
      validateProgram(program);
      return encode(program) !== undefined;
    },
  };
  return Object.freeze(backend);
}

/**
 * The addon's string coder, its arguments checked first: shapes and lengths here; each offset
 * against its bytes and the bitmap against the rows in C++ (one compare a row, in the loop that
 * reads them), which reports a bad part as a negative count.
 */
function codeUtf8(native: NonNullable<NativeAddon['codeUtf8']>, parts: readonly Utf8Parts[], codes: Int32Array, first: Int32Array): number {
  let rows = 0;
  const shape = new Float64Array(2 * parts.length);
  parts.forEach((p, k) => {
    if (!(p.offsets instanceof Int32Array) || !(p.bytes instanceof Uint8Array) || (p.bitmap !== null && !(p.bitmap instanceof Uint8Array))) {
      throw new TuskError('InvalidArgument', `codeUtf8: part ${k} must be Int32Array offsets, Uint8Array bytes and a Uint8Array bitmap or null`);
    }
    if (!Number.isInteger(p.rows) || p.rows < 0 || p.offsets.length < p.rows + 1 || !Number.isInteger(p.bitOffset) || p.bitOffset < 0) {
      throw new TuskError('ShapeMismatch', `codeUtf8: part ${k} has ${p.offsets.length} offsets for ${p.rows} rows (bit offset ${p.bitOffset})`);
    }
    shape[2 * k] = p.bitOffset;
    shape[2 * k + 1] = p.rows;
    rows += p.rows;
  });
  if (!(codes instanceof Int32Array) || !(first instanceof Int32Array) || codes.length < rows || first.length < rows) {
    throw new TuskError('ShapeMismatch', `codeUtf8: codes and first must be Int32Arrays of at least ${rows} elements`);
  }
  const count = native(parts.map((p) => p.offsets), parts.map((p) => p.bytes), parts.map((p) => p.bitmap), shape, codes, first);
  if (count < 0) {
    const k = -2 - count;
    throw new TuskError('InvalidArgument', count === -1 ? 'codeUtf8: output too short' : `codeUtf8: part ${k}'s offsets or validity bitmap reach past its buffers`);
  }
  return count;
}

/** The addon's float64 coder, its arguments checked first. */
function codeF64(native: NonNullable<NativeAddon['codeF64']>, parts: readonly Float64Array[], codes: Int32Array): number {
  if (!parts.every((p) => p instanceof Float64Array) || !(codes instanceof Int32Array)) throw new TuskError('InvalidArgument', 'codeF64: parts must be Float64Arrays and codes an Int32Array');
  const rows = parts.reduce((n, p) => n + p.length, 0);
  if (codes.length < rows) throw new TuskError('ShapeMismatch', `codeF64: codes holds ${codes.length} elements for ${rows} values`);
  return native([...parts], codes);
}

/**
 * The addon's row gathers. Buffer lengths are checked in C++ before the loop (a wrong call is a
 * TypeError); indexes and offsets read from the data are checked in the loop, and one out of
 * range comes back negative: an error here, never a read or write out of bounds.
 */
function gatherLoopsOf(loop: NonNullable<NativeAddon['gatherLoop']>): GatherLoops {
  const checked = (what: string, r: number): number => {
    if (r === -2) throw new TuskError('InvalidArgument', `gatherLoop ${what}: the gathered strings pass 2 GiB, Arrow's limit for one string column`, { hint: 'use smaller partitions (repartition)' });
    if (r < 0) throw new TuskError('InvalidArgument', `gatherLoop ${what}: a row index or string offset is out of range for its column`);
    return r;
  };
  return Object.freeze({
    utf8Offsets: (offs: Int32Array, idx: Int32Array, valid: Uint8Array | null, out: Int32Array) => checked('utf8Offsets', loop('utf8Offsets', offs, idx, valid, out)),
    utf8Bytes: (offs: Int32Array, src: Uint8Array, idx: Int32Array, valid: Uint8Array | null, outOffsets: Int32Array, out: Uint8Array) =>
      void checked('utf8Bytes', loop('utf8Bytes', offs, src, idx, valid, outOffsets, out)),
    words64: (src: Float64Array, idx: Int32Array, valid: Uint8Array | null, out: Float64Array) => void checked('words64', loop('words64', src, idx, valid, out)),
    utf8OffsetsLocated: (offs: readonly Int32Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, out: Int32Array) =>
      checked('utf8OffsetsLocated', loop('utf8OffsetsLocated', [...offs], piece, local, valid, out)),
    utf8BytesLocated: (offs: readonly Int32Array[], srcs: readonly Uint8Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, outOffsets: Int32Array, out: Uint8Array) =>
      void checked('utf8BytesLocated', loop('utf8BytesLocated', [...offs], [...srcs], piece, local, valid, outOffsets, out)),
    words64Located: (srcs: readonly Float64Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, out: Float64Array) =>
      void checked('words64Located', loop('words64Located', [...srcs], piece, local, valid, out)),
  });
}

/**
 * The addon's group-by row loops. Lengths are checked in C++ before the loop (a wrong call is a
 * TypeError); group codes and lookup keys read from the data are checked in the loop, and one out of
 * range comes back negative: an error here, never a write out of bounds.
 */
function groupLoopsOf(loop: NonNullable<NativeAddon['groupLoop']>): GroupLoops {
  const checked = (what: string, r: number | undefined): number => {
    if (r === undefined || r < 0) throw new TuskError('InvalidArgument', `groupLoop ${what}: a group code or key is out of range for its table`);
    return r;
  };
  return Object.freeze({
    int64Range: (w: Int32Array, valid: Uint8Array | null, m: number, range: Float64Array) => loop('int64Range', w, valid, m, range) === 1,
    int64LutCodes: (w: Int32Array, valid: Uint8Array | null, m: number, lo: number, lut: Int32Array, codes: Int32Array, at: number, first: Int32Array, count: number) =>
      checked('int64LutCodes', loop('int64LutCodes', w, valid, m, lo, lut, codes, at, first, count)),
    intSums: (w: Int32Array, valid: Uint8Array | null, codes: Int32Array, acc: Float64Array) => checked('intSums', loop('intSums', w, valid, codes, acc)),
    lutPairCodes: (x: Int32Array, y: Int32Array, cb: number, n: number, lut: Int32Array, codes: Int32Array, first: Int32Array) =>
      checked('lutPairCodes', loop('lutPairCodes', x, y, cb, n, lut, codes, first)),
    pairSums: (wa: Int32Array, wb: Int32Array, codes: Int32Array, acc: Float64Array) => checked('pairSums', loop('pairSums', wa, wb, codes, acc)),
    scanAbs: (x: Float64Array, valid: Uint8Array | null, codes: Int32Array, out: Float64Array) => void loop('scanAbs', x, valid, codes, out),
    firstNaN: (x: Float64Array, valid: Uint8Array | null) => {
      if (valid !== null && valid.length < x.length) throw new TuskError('ShapeMismatch', `groupLoop firstNaN: ${valid.length} validity bytes for ${x.length} values`);
      return loop('firstNaN', x, valid) ?? x.length;
    },
    extractLevels: (x: Float64Array, valid: Uint8Array | null, codes: Int32Array, s1: number, s2: number, s3: number, lv: Float64Array) =>
      checked('extractLevels', loop('extractLevels', x, valid, codes, s1, s2, s3, lv)),
    levelsRagged: (lv: Float64Array, ng: number, off: Int32Array) => checked('levelsRagged', loop('levelsRagged', lv, ng, off)),
    raggedScatter: (codes: Int32Array, n: Float64Array, off: Int32Array | null, p: Float64Array | null, cnt: Float64Array | null, sums: Float64Array | null, ng: number) =>
      void checked('raggedScatter', loop('raggedScatter', codes, n, off, p, cnt, sums, ng)),
    raggedStream: (codes: Int32Array, n: Float64Array, off: Int32Array, p: Float64Array, cnt: Float64Array | null, vals: Float64Array, groups: Int32Array, k: number, ng: number) =>
      checked('raggedStream', loop('raggedStream', codes, n, off, p, cnt, vals, groups, k, ng)),
    integerMagnitude: (p: Float64Array) => loop('integerMagnitude', p) ?? NaN,
    pairCodes: (a: Float64Array, b: Float64Array, n: number, codes: Int32Array, first: Int32Array) => checked('pairCodes', loop('pairCodes', a, b, n, codes, first)),
    utf8Hashes: (offsets: Int32Array, bytes: Uint8Array, bitmap: Uint8Array | null, bitOffset: number, rows: number, out: Int32Array, valid: Uint8Array, at: number) =>
      void checked('utf8Hashes', loop('utf8Hashes', offsets, bytes, bitmap, bitOffset, rows, out, valid, at)),
  });
}
