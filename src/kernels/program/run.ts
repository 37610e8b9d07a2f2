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
import { type Accumulator, REDUCE_BLOCK, createAccumulator } from '../reduce/accumulate.js';
import { addLeaves, sumsByLeaves } from '../reduce/pairwise.js';
import { type ReductionKind, type ReductionPartial, isIntLike } from '../reduce/partials.js';
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

/** Where the interpreter hands each block of the program's output. */
interface BlockSink {
  /** Block [b0, b0 + n) of the output, in `reg` (which is the output's own memory when `inOutput`). */
  block(reg: Float64Array, b0: number, n: number, inOutput: boolean): void;
  /**
   * Float sums only (`sumsInRuns`): the pairwise sum of a block whose output came from a fused
   * run that ends the program, summed inside the run (`FusedRun.sumLeaves`) instead of written.
   */
  readonly sumsInRuns: boolean;
  blockSum(s: number): void;
}

/** Copies blocks into the chunk's output (runProgram). */
class OutputSink implements BlockSink {
  readonly sumsInRuns = false;
  constructor(private readonly out: TypedArray) {}
  blockSum(): void {
    throw new Error('OutputSink: blocks are written, not summed');
  }
  block(reg: Float64Array, b0: number, n: number, inOutput: boolean): void {
    if (!inOutput) this.out.set(reg.subarray(0, n), b0);
  }
}

/** Folds blocks into a reduction partial (runProgramReduce). */
class ReduceSink implements BlockSink {
  readonly sumsInRuns: boolean;
  constructor(private readonly acc: Accumulator, floatSum: boolean) {
    this.sumsInRuns = floatSum && acc.addBlockSum !== undefined;
  }
  blockSum(s: number): void {
    this.acc.addBlockSum!(s);
  }
  block(reg: Float64Array, b0: number, n: number): void {
    this.acc.add(reg, n, b0);
  }
}

/**
 * One evaluation of a program over a chunk, block by block. A class, so that what the block
 * loop calls (`execute`, the sink's methods) is the same function for every chunk: closures
 * made per chunk were new call targets each time, and V8 threw the optimized loop away on each
 * ("wrong call target") — ten recompilations in a worker's first 2e8 elements.
 */
class Interpreter {
  private readonly owned: Float64Array[];
  private readonly cur: Float64Array[];
  /** How many instructions write each register (a const with one writer is filled once). */
  private readonly writers: number[];
  private readonly filledOnce = new Set<number>();
  private blockStart = 0;
  private blockLength = 0;
  private blockOut: Float64Array | undefined = undefined;

  constructor(
    private readonly p: Program,
    private readonly inputs: readonly TypedArray[],
    private readonly range: ChunkRange,
    private readonly outView: Float64Array | undefined,
  ) {
    const bs = Math.max(1, Math.min(BLOCK_SIZE, range.length));
    this.owned = Array.from({ length: p.nRegs }, () => new Float64Array(bs));
    this.cur = this.owned.slice();
    this.writers = new Array<number>(p.nRegs).fill(0);
    for (const ins of p.instrs) this.writers[ins.dst]!++;
  }

  /** Runs instruction k over the current block. */
  private execute(k: number): void {
    const b0 = this.blockStart, n = this.blockLength, outBlock = this.blockOut; // locals: the loops below read them
    const p = this.p, cur = this.cur, owned = this.owned;
    const ins: Instr = p.instrs[k]!;
    const d = ins.dst;
    const target = d === p.out && outBlock ? outBlock : owned[d]!;
    switch (ins.op) {
      case 'input': {
        const x = this.inputs[ins.input]!;
        if (x instanceof Float64Array) {
          cur[d] = x.subarray(b0, b0 + n);
          return;
        }
        if (ins.dtype === 'bool') for (let i = 0; i < n; i++) target[i] = x[b0 + i] !== 0 ? 1 : 0;
        else for (let i = 0; i < n; i++) target[i] = x[b0 + i]!;
        break;
      }
      case 'const':
        if (target === owned[d] && this.writers[d] === 1) {
          if (this.filledOnce.has(k)) break;
          this.filledOnce.add(k);
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
          fillGenerator(ins, this.range, b0, n, target);
        } else if (isBinaryOp(ins.op)) {
          const srcs = (ins as { srcs: [number, number] }).srcs;
          binaryLoop(ins.op as BinaryOp, ins.dtype, cur[srcs[0]]!, cur[srcs[1]]!, target, n);
        } else {
          unaryLoop(ins.op as UnaryOp, ins.dtype, cur[(ins as { srcs: [number] }).srcs[0]]!, target, n);
        }
    }
    cur[d] = target;
  }

  /** Runs the program over [0, length) of the chunk and hands each block of the output to `sink`. */
  run(sink: BlockSink): void {
    const p = this.p, instrs = p.instrs, cur = this.cur, owned = this.owned, args = RUN_ARGS;
    const runs = fusedRuns(instrs);
    const bs = this.owned.length > 0 ? this.owned[0]!.length : Math.max(1, Math.min(BLOCK_SIZE, this.range.length));
    const length = this.range.length;
    const sumsInRuns = sink.sumsInRuns;
    for (let b0 = 0; b0 < length; b0 += bs) {
      const n = Math.min(bs, length - b0);
      const outBlock = this.outView?.subarray(b0, b0 + n);
      this.blockStart = b0;
      this.blockLength = n;
      this.blockOut = outBlock;
      let summed = false;
      for (let k = 0; k < instrs.length; k++) {
        const run = runs.get(k);
        if (!run) {
          this.execute(k);
          continue;
        }
        // Cheap float64 ops in one pass (fuse.ts), after the inputs and consts among them: sources
        // as they are now, results to the registers' targets.
        for (const h of run.hoisted) this.execute(h);
        args.length = 0;
        for (const r of run.reads) args.push(cur[r]!);
        if (sumsInRuns && run.sumLeaves !== undefined && run.end === instrs.length && run.writes[0] === p.out && sumsByLeaves(n)) {
          args.push(leaves);
          run.sumLeaves(n >> 7, args);
          sink.blockSum(addLeaves(leaves, n >> 7));
          summed = true;
          break;
        }
        for (const w of run.writes) args.push(w === p.out && outBlock ? outBlock : owned[w]!);
        run.loop(n, args);
        for (let j = 0; j < run.writes.length; j++) cur[run.writes[j]!] = args[run.reads.length + j]!;
        k = run.end - 1;
      }
      if (!summed) sink.block(cur[p.out]!, b0, n, cur[p.out] === outBlock);
    }
  }
}

/** The arrays handed to a fused run's loop: one list for every run (the interpreter is not reentrant), so its elements kind never starts over. */
const RUN_ARGS: Float64Array[] = [];

/** Leaf sums of a block summed inside a fused run (see `Interpreter.run`). */
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
  new Interpreter(program, inputs, range, outView).run(new OutputSink(out));
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
  const floatSum = reduction === 'sum' && !isIntLike(program.outDtype);
  new Interpreter(program, inputs, range, undefined).run(new ReduceSink(acc, floatSum));
  return acc.result((local) => globalIndex(range, local));
}
