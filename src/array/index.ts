/**
 * `tusk/array`: n-d arrays larger than memory, split into chunks, built lazily, fused and run
 * chunk-wise on a cluster. Re-exports only.
 */
export { ChunkedArray } from './chunked-array.js';
export type { ChunkSpec, Chunks } from './chunks.js';
export { type ArrayConfig, type ComputeOptions, type ComputeResult, type NdResult, config } from './compute.js';
export { type CreateOptions, type FromTypedArrayOptions, type LinspaceOptions, type ShapeLike, arange, full, fromTypedArray, linspace, ones, zeros } from './creation.js';
export {
  type ArrayOrScalar, abs, add, arccos, arcsin, arctan, astype, ceil, clip, cos, divide, equal, exp, expm1, floor, floorDivide, greater,
  greaterEqual, isfinite, isnan, less, lessEqual, log, log10, log1p, log2, logicalAnd, logicalNot, logicalOr, logicalXor, maximum, minimum,
  mod, multiply, negative, notEqual, power, round, sign, sin, sqrt, square, subtract, tan, where,
} from './elementwise.js';
export { type RandomOptions, random } from './random.js';
export { rechunk } from './rechunk.js';
export { type SliceSpec, slice } from './slicing.js';
export { compress, take } from './take.js';
export { reshape } from './reshape.js';
export { transpose } from './transpose.js';
export { concatenate, stack } from './join.js';
export { cumprod, cumsum } from './cumulative.js';
export { dot, matmul } from './matmul.js';
export { type BlockFn, type MapBlocksOptions, mapBlocks } from './map-blocks.js';
export {
  type ReduceOptions, type VarOptions, all, any, argmax, argmin, countNonzero, max, mean, min, prod, std, sum, variance, variance as var,
} from './reduce.js';
export type { Dtype } from './kernels.js';
export { type FromNpyOptions, fromNpy, toNpy } from './io/npy.js';
export { type FromRawOptions, fromRaw, toRaw } from './io/raw.js';
export { type FromArrowIPCOptions, fromArrowIPC } from './io/arrow-read.js';
export { toArrowIPC } from './io/arrow-write.js';
export type { WriteOptions } from './io/write-blocks.js';
