/**
 * Fused programs (program/format.ts) encoded for the native interpreter: a header
 * [nRegs, out, nInstrs, outDtype] and 8 int32 per instruction [op, dst, dtype, src0, src1,
 * src2, aux, 0], where aux is the input number or the offset of the instruction's numbers in
 * `consts`. Op codes are positions in the addon's own op list, so an op the addon lacks (or an
 * (op, dtype) it has no loop for) makes `encodeProgram` say no and the TypeScript interpreter
 * runs that program instead.
 */
import type { Dtype } from './dtypes.js';
import { castValue } from './ops/scalar.js';
import type { ChunkRange, Instr, Program } from './program/format.js';

export const DTYPE_CODES: Record<Dtype, number> = { float64: 0, float32: 1, int32: 2, uint8: 3, bool: 4 };

/** Ops the addon runs only for float outputs (integer powers stay in TypeScript: they can throw). */
const FLOAT_ONLY = new Set(['power']);

export interface EncodedProgram {
  code: Int32Array;
  consts: Float64Array;
}

function numbersOf(ins: Instr): number[] | undefined {
  switch (ins.op) {
    case 'const': return [castValue(Number(ins.value), ins.dtype)];
    case 'arange': return [ins.start, ins.step];
    case 'linspace': return [ins.start, ins.stop, ins.num, ins.endpoint ? 1 : 0];
    case 'randomNormal': return [ins.seed];
    case 'randomUniform': return [ins.seed, ins.lo, ins.hi];
    case 'randomIntegers': return [ins.seed, ins.lo, ins.hi];
    default: return undefined;
  }
}

/** The encoding of an already validated program, or undefined if the addon cannot run all of it. */
export function encodeProgram(p: Program, opCodes: ReadonlyMap<string, number>): EncodedProgram | undefined {
  const code = new Int32Array(4 + 8 * p.instrs.length);
  code[0] = p.nRegs;
  code[1] = p.out;
  code[2] = p.instrs.length;
  code[3] = DTYPE_CODES[p.outDtype];
  const consts: number[] = [];
  for (let k = 0; k < p.instrs.length; k++) {
    const ins = p.instrs[k]!;
    const op = opCodes.get(ins.op);
    if (op === undefined) return undefined;
    if (FLOAT_ONLY.has(ins.op) && ins.dtype !== 'float64' && ins.dtype !== 'float32') return undefined;
    const w = 4 + 8 * k;
    code[w] = op;
    code[w + 1] = ins.dst;
    code[w + 2] = DTYPE_CODES[ins.dtype];
    const srcs = 'srcs' in ins ? ins.srcs : [];
    for (let s = 0; s < 3; s++) code[w + 3 + s] = srcs[s] ?? 0;
    if (ins.op === 'input') {
      code[w + 6] = ins.input;
    } else {
      const nums = numbersOf(ins);
      code[w + 6] = consts.length;
      if (nums) consts.push(...nums);
    }
  }
  consts.push(0, 0, 0, 0); // padding: the addon lets any op read four numbers from its offset
  return { code, consts: Float64Array.from(consts) };
}

/** A chunk range as [offset, length, ndim, shape…, strides…] (ndim 0 for a contiguous run). */
export function encodeRange(range: ChunkRange): Float64Array {
  const shape = range.shape && range.shape.length > 1 ? range.shape : undefined;
  if (!shape) return Float64Array.of(range.offset, range.length, 0);
  return Float64Array.from([range.offset, range.length, shape.length, ...shape, ...range.strides!]);
}
