/**
 * Runs of consecutive cheap float64 instructions (add, subtract, multiply, divide, square,
 * negative, abs, sqrt) compiled into one loop, so that `sin(x) + x²` makes one pass over the
 * block for `+ x²` instead of one per op. In the code V8 makes for a loop over typed arrays,
 * every access checks the array's map and reloads its length and data pointer, so for ops this
 * cheap the passes, not the arithmetic, are the cost (measured on sum(sin(x) + x²) of normals:
 * about 1 ns per element less, 6% of the whole). The loop is unrolled four times, so the
 * checks are shared by four elements.
 *
 * Within a run, element i's instructions are evaluated in order with locals for the values
 * written so far, and each written register gets its last value stored, which is what running
 * the instructions one block-wide loop at a time gives: every op reads and writes element i
 * only. Reads of a register before the run writes it come from its array as it was when the
 * run started (it may be the array the run writes: element i is read before it is written).
 * Each op computes exactly what its loop in ops/ computes for a float64 output: the same IEEE
 * operation on the same doubles.
 *
 * The loop is built with `new Function` from a template per op and register numbers only —
 * nothing from the program but validated integers goes into the source — and cached by the
 * run's shape, so programs of the same shape share one compiled loop. Where code generation is
 * disallowed (node --disallow-code-generation-from-strings), nothing is fused.
 */
import type { Instr } from './format.js';

/** Per-element expressions of the ops fused, for float64 outputs, over operands a and b. */
const UNARY: Record<string, (a: string) => string> = {
  square: (a) => `${a} * ${a}`,
  negative: (a) => `-${a}`,
  abs: (a) => `Math.abs(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
};
const BINARY: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `${a} + ${b}`,
  subtract: (a, b) => `${a} - ${b}`,
  multiply: (a, b) => `${a} * ${b}`,
  divide: (a, b) => `${a} / ${b}`,
};

function fusable(ins: Instr): boolean {
  if (ins.dtype !== 'float64' || !('srcs' in ins)) return false;
  return (ins.srcs.length === 1 && UNARY[ins.op] !== undefined) || (ins.srcs.length === 2 && BINARY[ins.op] !== undefined);
}

/**
 * A compiled run: the fusable instructions among [start, end) of the program. The others in
 * that range are inputs and consts (`hoisted`), which read no register: the interpreter runs
 * them first, which changes nothing since no fused instruction before them touches their
 * register. (compileExpr emits each input just before its first use, so `x² + y` is
 * input, square, input, add.)
 */
export interface FusedRun {
  start: number;
  end: number;
  hoisted: number[];
  /** Registers read before the run writes them: their arrays come first in the loop's `arrays`… */
  reads: number[];
  /** …then the registers the run writes, whose arrays receive their last values. */
  writes: number[];
  loop: (n: number, arrays: Float64Array[]) => void;
  /**
   * For a run that writes one register: the same values, not stored but summed as
   * `pairwiseSum` sums a block of 128·2^k elements (8 accumulators over each leaf of 128, the
   * leaves' sums into `arrays[reads.length]`, which the caller adds pairwise). The interpreter
   * uses it when that register is the program's output and the last thing computed, so
   * `sum(f(x))` does not write f(x) and read it back. Undefined where the run writes several.
   */
  sumLeaves?: (nLeaves: number, arrays: Float64Array[]) => void;
}

const cache = new Map<string, FusedRun['loop']>();
const sumCache = new Map<string, NonNullable<FusedRun['sumLeaves']>>();

/** Unrolled this many times: V8's checks on each array are then made once per iteration. */
const UNROLL = 4;

function compileRun(instrs: readonly Instr[], start: number, end: number, hoisted: number[]): FusedRun {
  const fused: number[] = [];
  for (let k = start; k < end; k++) if (!hoisted.includes(k)) fused.push(k);
  const reads: number[] = [];
  const writes: number[] = [];
  for (const k of fused) {
    const ins = instrs[k] as Instr & { srcs: number[] };
    for (const r of ins.srcs) if (!writes.includes(r) && !reads.includes(r)) reads.push(r);
    if (!writes.includes(ins.dst)) writes.push(ins.dst);
  }
  /** The statements for element i + u, with locals suffixed by u (stored unless `store` is false). */
  const element = (u: number, store = true): string[] => {
    const idx = u === 0 ? 'i' : `i + ${u}`;
    const value = new Map<number, string>(); // register → the local holding its value
    const body: string[] = [];
    const operand = (r: number): string => {
      let v = value.get(r);
      if (v === undefined) {
        const j = reads.indexOf(r);
        v = `r${j}_${u}`;
        body.push(`const ${v} = R${j}[${idx}];`);
        value.set(r, v);
      }
      return v;
    };
    for (const k of fused) {
      const ins = instrs[k] as Instr & { srcs: number[] };
      const args = ins.srcs.map(operand);
      const expr = args.length === 1 ? UNARY[ins.op]!(args[0]!) : BINARY[ins.op]!(args[0]!, args[1]!);
      const v = `v${k - start}_${u}`;
      body.push(`const ${v} = ${expr};`);
      value.set(ins.dst, v);
    }
    if (store) writes.forEach((w, j) => body.push(`W${j}[${idx}] = ${value.get(w)};`));
    else body.push(`s${u} += ${value.get(writes[0]!)};`);
    return body;
  };
  const unrolled = Array.from({ length: UNROLL }, (_, u) => element(u)).flat();
  const source = [
    '"use strict";',
    ...reads.map((_, j) => `const R${j} = arrays[${j}];`),
    ...writes.map((_, j) => `const W${j} = arrays[${reads.length + j}];`),
    'let i = 0;',
    `for (; i + ${UNROLL - 1} < n; i += ${UNROLL}) {`,
    ...unrolled.map((line) => `  ${line}`),
    '}',
    'for (; i < n; i++) {',
    ...element(0).map((line) => `  ${line}`),
    '}',
  ].join('\n');
  let loop = cache.get(source);
  const fresh = !loop;
  if (!loop) {
    if (cache.size >= 512) cache.clear();
    loop = new Function('n', 'arrays', source) as FusedRun['loop'];
    cache.set(source, loop);
  }
  const run: FusedRun = { start, end, hoisted, reads, writes, loop };
  if (fresh) primeLoop(loop, reads.length + writes.length);
  if (writes.length === 1) {
    // Eight elements an iteration, element u into accumulator u: pairwiseSum's leaf loop. The
    // accumulators start at −0, and −0 + x is x for every x, so this is its sum to the bit.
    const sumSource = [
      '"use strict";',
      ...reads.map((_, j) => `const R${j} = arrays[${j}];`),
      `const LEAVES = arrays[${reads.length}];`,
      'for (let l = 0; l < nLeaves; l++) {',
      '  let s0 = -0, s1 = -0, s2 = -0, s3 = -0, s4 = -0, s5 = -0, s6 = -0, s7 = -0;',
      '  const e = (l + 1) * 128;',
      '  for (let i = l * 128; i < e; i += 8) {',
      ...Array.from({ length: 8 }, (_, u) => element(u, false)).flat().map((line) => `    ${line}`),
      '  }',
      '  LEAVES[l] = (s0 + s1 + (s2 + s3)) + (s4 + s5 + (s6 + s7));',
      '}',
    ].join('\n');
    let sumLoop = sumCache.get(sumSource);
    if (!sumLoop) {
      if (sumCache.size >= 512) sumCache.clear();
      sumLoop = new Function('nLeaves', 'arrays', sumSource) as NonNullable<FusedRun['sumLeaves']>;
      sumCache.set(sumSource, sumLoop);
      const primer = [...Array.from({ length: reads.length }, () => new Float64Array(128)), new Float64Array(64)];
      for (let k = 0; k < PRIME_CALLS; k++) sumLoop(1, primer); // type feedback, as primeLoop
    }
    run.sumLeaves = sumLoop;
  }
  return run;
}

/**
 * Runs a fresh loop once on scratch arrays (both the unrolled part and the remainder), so that
 * it has type feedback before V8 optimizes the interpreter around it: the interpreter calls a
 * run's loop only for a chunk's ragged last block when the run is summed in place, and the
 * optimized interpreter deoptimized on the first such call of every chunk for want of feedback.
 */
function primeLoop(loop: FusedRun['loop'], nArrays: number): void {
  // V8 allocates a function's feedback only after a few calls (lazy feedback allocation).
  const arrays = Array.from({ length: nArrays }, () => new Float64Array(8));
  for (let k = 0; k < PRIME_CALLS; k++) loop(7, arrays);
}
const PRIME_CALLS = 16;

let codegen = true;

/**
 * The runs of two or more fusable instructions in a program, by start index: consecutive but
 * for inputs and consts between them whose register no fused instruction before them reads or
 * writes.
 */
export function fusedRuns(instrs: readonly Instr[]): Map<number, FusedRun> {
  const runs = new Map<number, FusedRun>();
  for (let k = 0; k < instrs.length;) {
    if (!fusable(instrs[k]!)) {
      k++;
      continue;
    }
    const touched = new Set<number>();
    const hoisted: number[] = [];
    let end = k, count = 0;
    for (let j = k; j < instrs.length; j++) {
      const ins = instrs[j]!;
      if (fusable(ins)) {
        for (const r of (ins as { srcs: number[] }).srcs) touched.add(r);
        touched.add(ins.dst);
        end = j + 1;
        count++;
      } else if ((ins.op === 'input' || ins.op === 'const') && !touched.has(ins.dst)) {
        hoisted.push(j);
      } else {
        break;
      }
    }
    if (count >= 2 && codegen) {
      try {
        runs.set(k, compileRun(instrs, k, end, hoisted.filter((h) => h < end)));
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        codegen = false; // the instructions run one by one instead
      }
    }
    k = end;
  }
  return runs;
}
