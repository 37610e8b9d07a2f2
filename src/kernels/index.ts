/**
 * Kernels: pure compute on typed arrays, behind one backend interface (see backend.ts for
 * what this layer owns). Re-exports only.
 */
export type { GroupLoops, KernelBackend, Utf8Parts } from './backend.js';
export { getKernels } from './select.js';
export { tsKernels } from './ts-backend.js';

export type { Dtype, TypedArray, TypedArrayFor, AllocateOptions } from './dtypes.js';
export { DTYPES, allocate, checkDtype, dtypeOf, isDtype, isTypedArray, itemSize, typedArrayFor } from './dtypes.js';
export type { DtypeLike, WeakKind } from './promote.js';
export { checkWeakIntFits, concrete, resultType, resultTypeOf, weakKindOf } from './promote.js';

export type { BinaryOp, UnaryOp } from './ops/names.js';
export {
  BINARY_OPS, UNARY_OPS, binaryResultType, clipResultType, isBinaryOp, isUnaryOp, unaryResultType, whereResultType,
} from './ops/names.js';
export type { ElementwiseOptions, Operand } from './ops/elementwise.js';
export { astype, binary, clip, unary, where } from './ops/elementwise.js';
export type { MapInput } from './map.js';
export { mapBinary, mapUnary } from './map.js';

export type { ChunkRange, Instr, Program } from './program/format.js';
export type { Expr } from './program/compile.js';
export { compileExpr } from './program/compile.js';
export { validateProgram } from './program/validate.js';
export type { RunOptions } from './program/run.js';
export { BLOCK_SIZE, runProgram, runProgramReduce } from './program/run.js';

export type { FinalizeOptions, ReductionKind, ReductionPartial } from './reduce/partials.js';
export { REDUCTIONS, combine, finalize, initPartial, reductionResultType } from './reduce/partials.js';
export { reduceChunk } from './reduce/accumulate.js';

export { randomIntegers, randomNormal, randomUniform } from './random/streams.js';
