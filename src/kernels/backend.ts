/**
 * Kernels: pure compute on typed arrays — element-wise ops with numpy's semantics, fused
 * element-wise programs, tree-combinable reductions and counter-based random streams. Knows
 * nothing of graphs, chunks' places in arrays, threads or I/O: buffers in, buffers out.
 *
 * Two backends sit behind `KernelBackend`: this TypeScript one, which is the reference — it
 * *defines* the results — and a native (C++ SIMD) one that must match it (bit for bit on the
 * random streams and on IEEE-exact ops). `getKernels()` picks the active backend. What does
 * not depend on the backend (dtype rules, compiling and validating programs, partial
 * combination) is exported as plain functions beside it.
 */
import type { Dtype, TypedArray } from './dtypes.js';
import type { ElementwiseOptions, Operand } from './ops/elementwise.js';
import type { BinaryOp, UnaryOp } from './ops/names.js';
import type { ChunkRange, Program } from './program/format.js';
import type { RunOptions } from './program/run.js';
import type { FinalizeOptions, ReductionKind, ReductionPartial } from './reduce/partials.js';

export interface KernelBackend {
  readonly name: 'ts' | `native-${string}`;

  unary(op: UnaryOp, x: Operand, options?: ElementwiseOptions): TypedArray | number;
  binary(op: BinaryOp, a: Operand, b: Operand, options?: ElementwiseOptions): TypedArray | number;
  where(cond: Operand, a: Operand, b: Operand, options?: ElementwiseOptions): TypedArray | number;
  clip(x: Operand, lo: Operand, hi: Operand, options?: ElementwiseOptions): TypedArray | number;
  astype(x: TypedArray, to: Dtype, options?: ElementwiseOptions): TypedArray;

  runProgram(program: Program, inputs: readonly TypedArray[], range: ChunkRange, options?: RunOptions): TypedArray;
  runProgramReduce(program: Program, inputs: readonly TypedArray[], range: ChunkRange, reduction: ReductionKind): ReductionPartial;

  /** The partial of one chunk; `offset` is the global index of data[0]. */
  reduceChunk(kind: ReductionKind, data: TypedArray, offset?: number, dtype?: Dtype): ReductionPartial;
  initPartial(kind: ReductionKind, dtype?: Dtype): ReductionPartial;
  combine(kind: ReductionKind, a: ReductionPartial, b: ReductionPartial): ReductionPartial;
  finalize(kind: ReductionKind, partial: ReductionPartial, options?: FinalizeOptions): number | boolean;

  randomNormal(seed: number, first: number, n: number, out?: Float64Array): Float64Array;
  randomUniform(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array;
  randomIntegers(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array;

  /**
   * Group codes of strings held as Arrow Utf8 parts, in order of first appearance (-1: missing),
   * into `codes`; the first row of each code into `first`; returns the number of codes. Only the
   * native backend has it: the frame layer's TypeScript coder (`codeUtf8` in
   * src/frame/ops/group-codes.ts) is the reference it must match, and runs where it is absent.
   */
  codeUtf8?(parts: readonly Utf8Parts[], codes: Int32Array, first: Int32Array): number;

  /**
   * Dense codes of float64 values (-0 is 0, every NaN one value), in order of first appearance,
   * of `parts` one after another into `codes`; returns the number of codes. Only the native
   * backend has it: a join's `FloatCoder` (src/frame/ops/join.ts) is the reference it must match.
   */
  codeF64?(parts: readonly Float64Array[], codes: Int32Array): number;

  /**
   * The row loops of a group-by's chunk task, each the port of the frame layer's TypeScript
   * function of the same name (the reference: same results bit for bit). Only the native backend
   * has them; where absent the TypeScript functions run.
   */
  readonly groupLoops?: GroupLoops;

  /**
   * Row gathers of Arrow buffers, each the port of a loop of src/frame/ops/gather.ts (the
   * reference: the same bytes). Only the native backend has them; where absent the TypeScript
   * loops run.
   */
  readonly gatherLoops?: GatherLoops;
}

/**
 * See `KernelBackend.gatherLoops`. Output row k takes source row `idx[k]`; `valid` (null: all) is
 * 1 where output row k is present — a row not present is skipped (no bytes, value untouched).
 */
export interface GatherLoops {
  /** gatherStringOffsets: `out[k + 1] = out[k] + length of string idx[k]`; returns the total bytes. */
  utf8Offsets(offs: Int32Array, idx: Int32Array, valid: Uint8Array | null, out: Int32Array): number;
  /** gatherStringBytes: the strings' bytes at the offsets `utf8Offsets` gave. */
  utf8Bytes(offs: Int32Array, src: Uint8Array, idx: Int32Array, valid: Uint8Array | null, outOffsets: Int32Array, out: Uint8Array): void;
  /** gatherWords / gatherF64: 8-byte values (int64 or float64 bits, copied as they are). */
  words64(src: Float64Array, idx: Int32Array, valid: Uint8Array | null, out: Float64Array): void;
  /** The same from chunks (a column in pieces): output row k is row `local[k]` of chunk `piece[k]`. */
  utf8OffsetsLocated(offs: readonly Int32Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, out: Int32Array): number;
  utf8BytesLocated(offs: readonly Int32Array[], srcs: readonly Uint8Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, outOffsets: Int32Array, out: Uint8Array): void;
  words64Located(srcs: readonly Float64Array[], piece: Int32Array, local: Int32Array, valid: Uint8Array | null, out: Float64Array): void;
}

/** See `KernelBackend.groupLoops`; `valid` is 1 where a row is present (null: all). */
export interface GroupLoops {
  /** rangeWords (group-codes.ts): widens `range[0..1]` by int64 words; false when one is beyond ±2^53. */
  int64Range(w: Int32Array, valid: Uint8Array | null, m: number, range: Float64Array): boolean;
  /** lutWords (group-codes.ts): codes by lookup table (value − lo) from `codes[at]` on; returns the new count. */
  int64LutCodes(w: Int32Array, valid: Uint8Array | null, m: number, lo: number, lut: Int32Array, codes: Int32Array, at: number, first: Int32Array, count: number): number;
  /** intSumsWords (aggregate.ts): count and sum per group into acc[2g], acc[2g + 1]; 1 when the magnitudes stay below 2^53, else 0. */
  intSums(w: Int32Array, valid: Uint8Array | null, codes: Int32Array, acc: Float64Array): number;
  /** lutPairCodes (group-codes.ts): dense ids of the pairs (x[i], y[i]) of `n` rows by the lookup table x·cb + y; first rows into `first`; returns the count. */
  lutPairCodes(x: Int32Array, y: Int32Array, cb: number, n: number, lut: Int32Array, codes: Int32Array, first: Int32Array): number;
  /** pairSums (aggregate.ts): count and both sums per group into `acc`; bits 1 / 2 when a column's magnitudes stay below 2^53. */
  pairSums(wa: Int32Array, wb: Int32Array, codes: Int32Array, acc: Float64Array): number;
  /** scanAbs (fsum.ts): [max |x| over finite values counted, rows counted, 1 if any non-finite]. */
  scanAbs(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, out: Float64Array): void;
  /** extractLevels (fsum.ts) when no counted value is non-finite: the three levels per group into `lv`; rows with a remainder. */
  extractLevels(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, s1: number, s2: number, s3: number, lv: Float64Array): number;
  /** firstNaN (frame/core/column.ts): the index of the first NaN whose row is present, or x.length. */
  firstNaN(x: Float64Array, valid: Uint8Array | null): number;
  /** levelsRagged (fsum.ts): each group's three level sums as its exact-sum partials, packed in place from lv[0]; offsets into `off`; returns their number. */
  levelsRagged(lv: Float64Array, ng: number, off: Int32Array): number;
  /** raggedScatter (aggregate.ts): partial row r adds n[r] to cnt[codes[r]] (cnt non-null) and (off non-null) its partials p[off[r]..off[r+1]) to sums[codes[r]]; codes below ng. */
  raggedScatter(codes: Int32Array, n: Float64Array, off: Int32Array | null, p: Float64Array | null, cnt: Float64Array | null, sums: Float64Array | null, ng: number): void;
  /** raggedStream (aggregate.ts): counts as raggedScatter; each partial appended as (vals[k], groups[k]) from k on; returns the new k. */
  raggedStream(codes: Int32Array, n: Float64Array, off: Int32Array, p: Float64Array, cnt: Float64Array | null, vals: Float64Array, groups: Int32Array, k: number, ng: number): number;
  /** integerMagnitude (aggregate.ts): Σ|p| while below 2^53 (exact: the reference's value); NaN for a fraction or from 2^53 on. */
  integerMagnitude(p: Float64Array): number;
  /** hashPairCodes (group-codes.ts): dense ids in order of first appearance of the word pairs (a[i], b[i]) of `n` rows (-1 in either: -1); first rows into `first`; returns the count. */
  pairCodes(a: Float64Array, b: Float64Array, n: number, codes: Int32Array, first: Int32Array): number;
  /** hashUtf8 (shuffle.ts) of each of `rows` Arrow Utf8 strings into out[at + i] (uint32 bits); valid[at + i] = 0 where bit `bitOffset + i` of `bitmap` is 0. */
  utf8Hashes(offsets: Int32Array, bytes: Uint8Array, bitmap: Uint8Array | null, bitOffset: number, rows: number, out: Int32Array, valid: Uint8Array, at: number): void;
}

/** One Arrow Utf8 data: value i is `bytes[offsets[i] .. offsets[i + 1])`, missing where bit `bitOffset + i` of `bitmap` is 0. */
export interface Utf8Parts {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  /** null: no value missing. */
  readonly bitmap: Uint8Array | null;
  readonly bitOffset: number;
  readonly rows: number;
}
