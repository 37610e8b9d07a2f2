/**
 * Checks a program before it runs: structure, data flow (no register read before it is
 * written) and dtypes (each instruction's dtype is what numpy's rules give for its sources), so
 * the block loops can trust it and a bad program fails with a message, not a wrong answer.
 */
import { TuskError } from '../../errors.js';
import { DTYPES, type Dtype, isDtype } from '../dtypes.js';
import { BINARY_OPS, UNARY_OPS, binaryResultType, clipResultType, isBinaryOp, isUnaryOp, unaryResultType, whereResultType } from '../ops/names.js';
import { hasBinaryLoop } from '../ops/binary-loops.js';
import { concrete } from '../promote.js';
import { checkIntegerBounds } from '../random/uniform.js';
import { GENERATOR_OPS, type Instr, type Program } from './format.js';

export const MAX_REGISTERS = 256;

function bad(message: string, at?: number): never {
  throw new TuskError('InvalidArgument', at === undefined ? `invalid program: ${message}` : `invalid program: instruction ${at}: ${message}`, {
    hint: 'programs are built by compileExpr; if you wrote this one by hand, compare it with the format in src/kernels/program/format.ts',
  });
}

function finite(x: unknown, what: string, at: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) bad(`${what} must be a finite number, got ${String(x)}`, at);
  return x;
}

/** Throws a TuskError describing the first problem; returns the dtype of every register at the end. */
/**
 * The names a program uses, as the literals in this code. A program that crossed to a worker
 * thread was copied by structured clone, whose strings are not internalized: V8's optimized
 * kernels compare and look up op and dtype names as internalized strings, and deoptimized on the
 * first program of each task (`--trace-deopt`: unaryLoop, every chunk). `validateProgram` swaps
 * them for these.
 */
const CANONICAL = new Map<string, string>();
for (const s of [...UNARY_OPS, ...BINARY_OPS, ...GENERATOR_OPS, ...DTYPES, 'input', 'const', 'where', 'clip', 'astype']) CANONICAL.set(s, s);
const canonical = <T>(s: T): T => (typeof s === 'string' ? ((CANONICAL.get(s) as T | undefined) ?? s) : s);

function internNames(p: Program): void {
  const q = p as { outDtype: Dtype; inputDtypes: Dtype[] };
  q.outDtype = canonical(q.outDtype);
  if (Array.isArray(q.inputDtypes) && !Object.isFrozen(q.inputDtypes)) for (let i = 0; i < q.inputDtypes.length; i++) q.inputDtypes[i] = canonical(q.inputDtypes[i]!);
  for (const ins of p.instrs) {
    const m = ins as { op: string; dtype: Dtype };
    m.op = canonical(m.op);
    m.dtype = canonical(m.dtype);
  }
}

export function validateProgram(p: Program): Dtype[] {
  if (typeof p !== 'object' || p === null || !Array.isArray(p.instrs)) bad('expected { nInputs, inputDtypes, nRegs, instrs, out, outDtype }');
  if (!Number.isInteger(p.nRegs) || p.nRegs < 1 || p.nRegs > MAX_REGISTERS) bad(`nRegs must be an integer in [1, ${MAX_REGISTERS}], got ${p.nRegs}`);
  if (!Number.isInteger(p.nInputs) || p.nInputs < 0) bad(`nInputs must be a non-negative integer, got ${p.nInputs}`);
  if (!Array.isArray(p.inputDtypes) || p.inputDtypes.length !== p.nInputs || !p.inputDtypes.every(isDtype)) {
    bad(`inputDtypes must list ${p.nInputs} dtypes, got ${JSON.stringify(p.inputDtypes)}`);
  }
  if (!Object.isFrozen(p) && p.instrs.every((ins) => !Object.isFrozen(ins))) internNames(p);
  const reg: (Dtype | undefined)[] = new Array(p.nRegs).fill(undefined);
  const src = (r: unknown, at: number): Dtype => {
    if (!Number.isInteger(r) || (r as number) < 0 || (r as number) >= p.nRegs) bad(`register ${String(r)} out of range`, at);
    const d = reg[r as number];
    if (d === undefined) bad(`register ${String(r)} is read before it is written`, at);
    return d;
  };
  p.instrs.forEach((ins: Instr, at) => {
    if (!Number.isInteger(ins.dst) || ins.dst < 0 || ins.dst >= p.nRegs) bad(`dst ${ins.dst} out of range`, at);
    if (!isDtype(ins.dtype)) bad(`unknown dtype ${JSON.stringify(ins.dtype)}`, at);
    const srcs = 'srcs' in ins ? ins.srcs : [];
    if (!Array.isArray(srcs)) bad('srcs must be an array', at);
    let want: Dtype | undefined;
    switch (ins.op) {
      case 'input':
        if (!Number.isInteger(ins.input) || ins.input < 0 || ins.input >= p.nInputs) bad(`input ${ins.input} out of range`, at);
        want = p.inputDtypes[ins.input];
        break;
      case 'const':
        if (typeof ins.value !== 'number' && !['NaN', 'Infinity', '-Infinity', '-0'].includes(ins.value)) {
          bad(`const value must be a number or one of "NaN", "Infinity", "-Infinity", "-0", got ${JSON.stringify(ins.value)}`, at);
        }
        break;
      case 'arange':
        finite(ins.start, 'start', at);
        finite(ins.step, 'step', at);
        break;
      case 'linspace':
        finite(ins.start, 'start', at);
        finite(ins.stop, 'stop', at);
        if (!Number.isSafeInteger(ins.num) || ins.num < 0) bad('num must be a non-negative integer', at);
        if ((ins.dtype as string) !== 'float64' && (ins.dtype as string) !== 'float32') bad('linspace gives float64 or float32', at);
        break;
      case 'randomNormal':
      case 'randomUniform':
      case 'randomIntegers':
        if (!Number.isSafeInteger(ins.seed) || ins.seed < 0) bad(`seed must be an integer in [0, 2^53), got ${ins.seed}`, at);
        if (ins.op === 'randomUniform') {
          finite(ins.lo, 'lo', at);
          finite(ins.hi, 'hi', at);
        }
        if (ins.op === 'randomIntegers') {
          checkIntegerBounds(ins.lo, ins.hi);
          if (ins.dtype === 'int32' && (ins.lo < -2147483648 || ins.hi - 1 > 2147483647)) bad('randomIntegers bounds do not fit int32; use dtype float64', at);
          if ((ins.dtype as string) !== 'int32' && (ins.dtype as string) !== 'float64') bad('randomIntegers gives int32 or float64', at);
        } else if ((ins.dtype as string) !== 'float64') bad(`${ins.op} gives float64`, at);
        break;
      case 'astype':
        src(ins.srcs[0], at);
        break;
      case 'where':
        if (srcs.length !== 3) bad('where takes [cond, a, b]', at);
        src(ins.srcs[0], at);
        want = concrete(whereResultType(src(ins.srcs[1], at), src(ins.srcs[2], at)));
        break;
      case 'clip':
        if (srcs.length !== 3) bad('clip takes [x, lo, hi]', at);
        want = concrete(clipResultType(src(ins.srcs[0], at), src(ins.srcs[1], at), src(ins.srcs[2], at)));
        break;
      default: {
        const op: string = (ins as unknown as { op: string }).op;
        if (isUnaryOp(op)) {
          if (srcs.length !== 1) bad(`${op} takes one source`, at);
          want = concrete(unaryResultType(op, src(srcs[0], at)));
        } else if (isBinaryOp(op)) {
          if (srcs.length !== 2) bad(`${op} takes two sources`, at);
          want = concrete(binaryResultType(op, src(srcs[0], at), src(srcs[1], at)));
          if (!hasBinaryLoop(op, want)) bad(`${op} cannot produce ${want}`, at);
        } else {
          bad(`unknown op ${JSON.stringify(op)}`, at);
        }
      }
    }
    if (want !== undefined && ins.dtype !== want) bad(`${ins.op} of these sources gives ${want}, not ${ins.dtype}`, at);
    reg[ins.dst] = ins.dtype;
  });
  const outD = src(p.out, p.instrs.length);
  if (outD !== p.outDtype) bad(`out register ${p.out} holds ${outD} but outDtype is ${p.outDtype}`);
  return reg.map((d) => d ?? 'float64');
}
