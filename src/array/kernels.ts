/**
 * The one place the array layer reaches into the kernels: names from `src/kernels/index.ts`,
 * and the active backend's program runners (native when it is built, else TypeScript).
 */
import { getKernels } from '../kernels/index.js';
import type { ChunkRange, Dtype, Program, ReductionKind, ReductionPartial, RunOptions, TypedArray } from '../kernels/index.js';

export {
  type ChunkRange, type Dtype, type Expr as KernelExpr, type Program, type ReductionKind, type ReductionPartial, type TypedArray,
  allocate, checkDtype, combine, compileExpr, dtypeOf, finalize, itemSize, reductionResultType, resultTypeOf,
} from '../kernels/index.js';

export function runProgram(program: Program, inputs: readonly TypedArray[], range: ChunkRange, options?: RunOptions): TypedArray {
  return getKernels().runProgram(program, inputs, range, options);
}

export function runProgramReduce(program: Program, inputs: readonly TypedArray[], range: ChunkRange, kind: ReductionKind): ReductionPartial {
  return getKernels().runProgramReduce(program, inputs, range, kind);
}

/** The partial of a run of values (held in float64) of `dtype`; argmin/argmax report `offset` + position. */
export function reduceValues(kind: ReductionKind, values: Float64Array, offset: number, dtype: Dtype): ReductionPartial {
  return getKernels().reduceChunk(kind, values, offset, dtype);
}
