/**
 * The TypeScript interpreter for fused programs. It walks the chunk in blocks; per block it
 * runs every instruction as one tight loop over the block's registers — and consecutive cheap
 * float64 ops as one loop together (fuse.ts) — so `sin(x) + x²` costs two passes over 16 KiB
 * that stay in cache, and no full-size temporary is ever allocated.
 *
 * Float64 inputs are read in place (a register becomes a view of the input) and a float64
 * output register is a view of the output, so the common case copies nothing at all.
 */
import { TuskError } from '../../errors.js';
import { type TypedArray, allocate, isTypedArray, storageMatches } from '../dtypes.js';
import { binaryLoop } from '../ops/binary-loops.js';
import { type BinaryOp, type UnaryOp, isBinaryOp } from '../ops/names.js';
import { castValue } from '../ops/scalar.js';
import { unaryLoop } from '../ops/unary-loops.js';
import { REDUCE_BLOCK, createAccumulator } from '../reduce/accumulate.js';
import { addLeaves, sumsByLeaves } from '../reduce/pairwise.js';
import type { ReductionKind, ReductionPartial } from '../reduce/partials.js';
import type { ChunkRange, Instr, Program } from './format.js';
import { isGenerator } from './format.js';
import { fillGenerator, globalIndex } from './generators.js';
import { fusedRuns } from './fuse.js';
import { validateProgram } from './validate.js';

/** Elements per block; equal to the reductions' block so runProgramReduce and reduceChunk fold alike. */
export const BLOCK_SIZE = REDUCE_BLOCK;

export interface RunOptions {
  /** Write into this array (of the program's outDtype, `range.length` long) instead of allocating. */
  out?: TypedArray;
  /** Allocate the output on a SharedArrayBuffer (default true). */
  shared?: boolean;
}

function checkRange(range: ChunkRange, inputs: readonly TypedArray[], p: Program): void {
  const { offset, length, shape, strides } = range;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new TuskError('InvalidArgument', `runProgram: range needs integer offset ≥ 0 and length ≥ 0, got ${JSON.stringify(range)}`);
  }
  if (shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== length || !strides || strides.length !== shape.length || strides[strides.length - 1] !== 1) {
      throw new TuskError('InvalidArgument', `runProgram: shape ${JSON.stringify(shape)} needs length ${size} and C-order strides ending in 1, got ${JSON.stringify(range)}`);
    }
  }
  if (inputs.length !== p.nInputs) {
    throw new TuskError('InvalidArgument', `runProgram: the program takes ${p.nInputs} inputs, got ${inputs.length}`);
  }
  inputs.forEach((x, k) => {
    if (!isTypedArray(x) || !storageMatches(x, p.inputDtypes[k]!) || x.length !== length) {
      throw new TuskError('ShapeMismatch', `runProgram: input ${k} must be a ${p.inputDtypes[k]} array of length ${length}, got ${isTypedArray(x) ? `${x.constructor.name}(${x.length})` : typeof x}`);
    }
  });
}

/**
 * Runs the program over [0, length) of the chunk and hands each block of the output to `sink`.
 * With `blockSum`, a block whose output comes from a fused run that ends the program is summed
 * by the run itself (`FusedRun.sumLeaves`, the pairwise order `pairwiseSum` has) and handed to
 * `blockSum` instead, without being written.
 */
function interpret(p: Program, inputs: readonly TypedArray[], range: ChunkRange, outView: Float64Array | undefined, sink: (reg: Float64Array, b0: number, n: number, inOutput: boolean) => void, blockSum?: (s: number) => void): void {
  const bs = Math.max(1, Math.min(BLOCK_SIZE, range.length));
  const owned: Float64Array[] = Array.from({ length: p.nRegs }, () => new Float64Array(bs));
  const cur: Float64Array[] = owned.slice();
  // A const whose register nothing else writes is filled once, not once per block.
  const writers = new Array<number>(p.nRegs).fill(0);
  for (const ins of p.instrs) writers[ins.dst]!++;
  const filledOnce = new Set<number>();
  const instrs = p.instrs;
  const runs = fusedRuns(instrs);
  const args: Float64Array[] = [];
  let blockStart = 0, blockLength = 0;
  let blockOut: Float64Array | undefined;

  /** Runs instruction k over the current block. */
  const execute = (k: number): void => {
    const b0 = blockStart, n = blockLength, outBlock = blockOut; // locals: the loops below read them
    const ins: Instr = instrs[k]!;
    const d = ins.dst;
    const target = d === p.out && outBlock ? outBlock : owned[d]!;
    switch (ins.op) {
      case 'input': {
        const x = inputs[ins.input]!;
        if (x instanceof Float64Array) {
          cur[d] = x.subarray(b0, b0 + n);
          return;
        }
        if (ins.dtype === 'bool') for (let i = 0; i < n; i++) target[i] = x[b0 + i] !== 0 ? 1 : 0;
        else for (let i = 0; i < n; i++) target[i] = x[b0 + i]!;
        break;
      }
      case 'const':
        if (target === owned[d] && writers[d] === 1) {
          if (filledOnce.has(k)) break;
          filledOnce.add(k);
        }
        target.fill(castValue(Number(ins.value), ins.dtype), 0, n);
        break;
      case 'where': {
        const c = cur[ins.srcs[0]]!, a = cur[ins.srcs[1]]!, b = cur[ins.srcs[2]]!;
        for (let i = 0; i < n; i++) target[i] = c[i] !== 0 ? a[i]! : b[i]!;
        break;
      }
      case 'clip': {
        // One pass, reading all three before writing: dst may share a register with any source.
        const x = cur[ins.srcs[0]]!, lo = cur[ins.srcs[1]]!, hi = cur[ins.srcs[2]]!;
        for (let i = 0; i < n; i++) {
          const v = x[i]!, l = lo[i]!, h = hi[i]!;
          const m = v !== v || l !== l ? NaN : v > l ? v : l; // maximum(x, lo)
          target[i] = m !== m || h !== h ? NaN : m < h ? m : h; // minimum(…, hi)
        }
        break;
      }
      case 'astype': {
        const x = cur[ins.srcs[0]]!;
        const to = ins.dtype;
        if (to === 'float64') { if (x !== target) target.set(x.subarray(0, n)); }
        else for (let i = 0; i < n; i++) target[i] = castValue(x[i]!, to);
        break;
      }
      default:
        if (isGenerator(ins)) {
          fillGenerator(ins, range, b0, n, target);
        } else if (isBinaryOp(ins.op)) {
          const srcs = (ins as { srcs: [number, number] }).srcs;
          binaryLoop(ins.op as BinaryOp, ins.dtype, cur[srcs[0]]!, cur[srcs[1]]!, target, n);
        } else {
          unaryLoop(ins.op as UnaryOp, ins.dtype, cur[(ins as { srcs: [number] }).srcs[0]]!, target, n);
        }
    }
    cur[d] = target;
  };

  for (let b0 = 0; b0 < range.length; b0 += bs) {
    const n = Math.min(bs, range.length - b0);
    const outBlock = outView?.subarray(b0, b0 + n);
    blockStart = b0;
    blockLength = n;
    blockOut = outBlock;
    let summed = false;
    for (let k = 0; k < instrs.length; k++) {
      const run = runs.get(k);
      if (!run) {
        execute(k);
        continue;
      }
      // Cheap float64 ops in one pass (fuse.ts), after the inputs and consts among them: sources
      // as they are now, results to the registers' targets.
      for (const h of run.hoisted) execute(h);
      args.length = 0;
      for (const r of run.reads) args.push(cur[r]!);
      if (blockSum && run.sumLeaves && run.end === instrs.length && run.writes[0] === p.out && sumsByLeaves(n)) {
        args.push(leaves);
        run.sumLeaves(n >> 7, args);
        blockSum(addLeaves(leaves, n >> 7));
        summed = true;
        break;
      }
      for (const w of run.writes) args.push(w === p.out && outBlock ? outBlock : owned[w]!);
      run.loop(n, args);
      for (let j = 0; j < run.writes.length; j++) cur[run.writes[j]!] = args[run.reads.length + j]!;
      k = run.end - 1;
    }
    if (!summed) sink(cur[p.out]!, b0, n, cur[p.out] === outBlock);
  }
}

/** Leaf sums of a block summed inside a fused run (see `interpret`). */
const leaves = new Float64Array(64);

/**
 * Evaluates `program` for one chunk: `inputs` are the chunk's operands (each `range.length`
 * long, stored as their declared dtypes), `range` says which global elements the chunk holds
 * (generators depend on it). Returns a new array of `outDtype` (SharedArrayBuffer-backed).
 */
export function runProgram(program: Program, inputs: readonly TypedArray[], range: ChunkRange, options: RunOptions = {}): TypedArray {
  validateProgram(program);
  checkRange(range, inputs, program);
  const out = options.out ?? allocate(program.outDtype, range.length, { shared: options.shared ?? true });
  if (!storageMatches(out, program.outDtype) || out.length !== range.length) {
    throw new TuskError('ShapeMismatch', `runProgram: out must be a ${program.outDtype} array of length ${range.length}`);
  }
  const outView = out instanceof Float64Array ? out : undefined;
  interpret(program, inputs, range, outView, (reg, b0, n, inOutput) => {
    if (!inOutput) out.set(reg.subarray(0, n), b0);
  });
  return out;
}

/**
 * Evaluates `program` for one chunk and folds its output straight into a reduction partial,
 * without writing the output anywhere: `sum(sin(x) + x²)` over generated normals touches no
 * memory beyond a few registers.
 */
export function runProgramReduce(program: Program, inputs: readonly TypedArray[], range: ChunkRange, reduction: ReductionKind): ReductionPartial {
  validateProgram(program);
  checkRange(range, inputs, program);
  const acc = createAccumulator(reduction, program.outDtype);
  const blockSum = acc.addBlockSum;
  interpret(program, inputs, range, undefined, (reg, b0, n) => acc.add(reg, n, b0), blockSum);
  return acc.result((local) => globalIndex(range, local));
}
