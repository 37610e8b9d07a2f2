/**
 * The fused-program format: a whole element-wise chain for one chunk, as plain JSON-able data,
 * shipped to worker threads and run by both backends (DESIGN decision 4).
 *
 *   { nInputs: 1, inputDtypes: ['float64'], nRegs: 2, out: 1, outDtype: 'float64',
 *     instrs: [ { op: 'input', dst: 0, input: 0, dtype: 'float64' },
 *               { op: 'sin', dst: 1, srcs: [0], dtype: 'float64' },
 *               { op: 'square', dst: 0, srcs: [0], dtype: 'float64' },
 *               { op: 'add', dst: 1, srcs: [1, 0], dtype: 'float64' } ] }
 *
 * is sin(x) + x². The program runs block by block (2048 elements by default); a register is
 * one block of float64s, reused for every block. Every instruction names the dtype of what it
 * writes, and a register always holds exact values of that dtype (an int32 register holds
 * integers in int32 range), so widening never changes a value and each op applies its
 * output dtype's semantics (wraparound, float32 rounding) as it writes.
 *
 * Generators fill a block from the element's global index (`range.offset` + position), so
 * creation fuses with what follows and any chunking produces the same values.
 */
import type { Dtype } from '../dtypes.js';
import type { BinaryOp, UnaryOp } from '../ops/names.js';

export interface InputInstr { op: 'input'; dst: number; input: number; dtype: Dtype }
/** Fills the register with `value` cast to `dtype` (non-finite values and −0 as strings, for JSON). */
export interface ConstInstr { op: 'const'; dst: number; value: number | 'NaN' | 'Infinity' | '-Infinity' | '-0'; dtype: Dtype }
/** numpy's arange: start + i·(start + step − start) — numpy's own delta — for global index i. */
export interface ArangeInstr { op: 'arange'; dst: number; start: number; step: number; dtype: Dtype }
/** numpy's linspace(start, stop, num, endpoint) element i: i·step + start, and exactly `stop` last. */
export interface LinspaceInstr { op: 'linspace'; dst: number; start: number; stop: number; num: number; endpoint: boolean; dtype: 'float64' | 'float32' }
export interface RandomNormalInstr { op: 'randomNormal'; dst: number; seed: number; dtype: 'float64' }
export interface RandomUniformInstr { op: 'randomUniform'; dst: number; seed: number; lo: number; hi: number; dtype: 'float64' }
/** Integers in [lo, hi); `dtype` int32 needs the bounds to fit int32, else use float64. */
export interface RandomIntegersInstr { op: 'randomIntegers'; dst: number; seed: number; lo: number; hi: number; dtype: 'int32' | 'float64' }
export interface UnaryInstr { op: UnaryOp; dst: number; srcs: [number]; dtype: Dtype }
export interface BinaryInstr { op: BinaryOp; dst: number; srcs: [number, number]; dtype: Dtype }
/** cond ≠ 0 ? a : b (srcs = [cond, a, b]). */
export interface WhereInstr { op: 'where'; dst: number; srcs: [number, number, number]; dtype: Dtype }
/** minimum(maximum(x, lo), hi) with NaN propagating (srcs = [x, lo, hi]). */
export interface ClipInstr { op: 'clip'; dst: number; srcs: [number, number, number]; dtype: Dtype }
export interface AstypeInstr { op: 'astype'; dst: number; srcs: [number]; dtype: Dtype }

export type GeneratorInstr = ArangeInstr | LinspaceInstr | RandomNormalInstr | RandomUniformInstr | RandomIntegersInstr;
export type Instr = InputInstr | ConstInstr | GeneratorInstr | UnaryInstr | BinaryInstr | WhereInstr | ClipInstr | AstypeInstr;

export interface Program {
  nInputs: number;
  inputDtypes: Dtype[];
  nRegs: number;
  instrs: Instr[];
  /** The register holding the result after the last instruction. */
  out: number;
  outDtype: Dtype;
}

/**
 * Which elements of the global array a chunk covers. 1-d: elements offset … offset + length − 1.
 * n-d: pass the chunk's `shape` and the global array's C-order `strides` (in elements, last one
 * 1); local element (i0, …, ik) is global element offset + Σ i_j·strides[j].
 */
export interface ChunkRange {
  offset: number;
  length: number;
  shape?: readonly number[];
  strides?: readonly number[];
}

export const GENERATOR_OPS = ['arange', 'linspace', 'randomNormal', 'randomUniform', 'randomIntegers'] as const;

export function isGenerator(instr: Instr): instr is GeneratorInstr {
  return (GENERATOR_OPS as readonly string[]).includes(instr.op);
}
