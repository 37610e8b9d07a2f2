/**
 * Runs of cheap float64 instructions compiled into one loop (src/kernels/program/fuse.ts): which
 * instructions are fused, and that a fused run gives the bits the instructions give one by one
 * — with registers reused in place, the output written through a view, NaN, ±Inf and −0, and
 * block lengths that are not multiples of the unrolling.
 */
import { describe, expect, it } from 'vitest';
import { type Expr, compileExpr } from '../../src/kernels/program/compile.js';
import type { Instr, Program } from '../../src/kernels/program/format.js';
import { fusedRuns } from '../../src/kernels/program/fuse.js';
import { runProgram, runProgramReduce } from '../../src/kernels/program/run.js';
import { reduceChunk } from '../../src/kernels/reduce/accumulate.js';

const X: Expr = { input: 0 };
const Y: Expr = { input: 1 };

/** The same expression evaluated element by element in plain JS doubles (float64 semantics). */
function direct(e: Expr, x: number, y: number): number {
  if ('input' in e) return e.input === 0 ? x : y;
  if ('scalar' in e) return e.scalar;
  const a = (e as { args: Expr[] }).args.map((s) => direct(s, x, y));
  switch (e.op) {
    case 'add': return a[0]! + a[1]!;
    case 'subtract': return a[0]! - a[1]!;
    case 'multiply': return a[0]! * a[1]!;
    case 'divide': return a[0]! / a[1]!;
    case 'square': return a[0]! * a[0]!;
    case 'negative': return -a[0]!;
    case 'abs': return Math.abs(a[0]!);
    case 'sqrt': return Math.sqrt(a[0]!);
    default: throw new Error(`not in this test: ${e.op}`);
  }
}

function values(n: number): Float64Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-310, -1e308, 2.5, -3.25];
  return Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? specials[(i / 5) % specials.length]! : Math.sin(i * 12.9898) * 43758.5453));
}

const EXPRS: [string, Expr][] = [
  ['x² + y', { op: 'add', args: [{ op: 'square', args: [X] }, Y] }],
  ['−|x − y| / (x·y)', { op: 'divide', args: [{ op: 'negative', args: [{ op: 'abs', args: [{ op: 'subtract', args: [X, Y] }] }] }, { op: 'multiply', args: [X, Y] }] }],
  ['√(x² + y²) − (x + y)²', { op: 'subtract', args: [{ op: 'sqrt', args: [{ op: 'add', args: [{ op: 'square', args: [X] }, { op: 'square', args: [Y] }] }] }, { op: 'square', args: [{ op: 'add', args: [X, Y] }] }] }],
  ['((x·x)·x)·x − x', { op: 'subtract', args: [{ op: 'multiply', args: [{ op: 'multiply', args: [{ op: 'multiply', args: [X, X] }, X] }, X] }, X] }],
  ['x² − 2.5·y (consts between)', { op: 'subtract', args: [{ op: 'square', args: [X] }, { op: 'multiply', args: [{ scalar: 2.5 }, Y] }] }],
  // Not fused: y's input reuses the register the product read, so it cannot be hoisted.
  ['x·2.5 + y (with a const)', { op: 'add', args: [{ op: 'multiply', args: [X, { scalar: 2.5 }] }, Y] }],
];

describe('fused runs', () => {
  it('fuses consecutive cheap float64 ops, and nothing else', () => {
    const p = compileExpr({ op: 'add', args: [{ op: 'sin', args: [X] }, { op: 'square', args: [X] }] }, ['float64']);
    const kinds = p.instrs.map((i) => i.op);
    const runs = fusedRuns(p.instrs);
    // input, sin, square, add: square and add form the run.
    expect(kinds).toEqual(['input', 'sin', 'square', 'add']);
    expect([...runs.keys()]).toEqual([2]);
    expect(runs.get(2)!.end).toBe(4);
    const ints: Instr[] = [
      { op: 'input', dst: 0, input: 0, dtype: 'int32' },
      { op: 'square', dst: 1, srcs: [0], dtype: 'int32' },
      { op: 'add', dst: 1, srcs: [1, 0], dtype: 'int32' },
    ];
    expect(fusedRuns(ints).size).toBe(0); // int32 wraps: its own loops
    const single: Instr[] = [{ op: 'input', dst: 0, input: 0, dtype: 'float64' }, { op: 'negative', dst: 0, srcs: [0], dtype: 'float64' }];
    expect(fusedRuns(single).size).toBe(0); // one op: nothing to gain
  });

  for (const [name, e] of EXPRS) {
    for (const n of [1, 3, 4, 7, 2048, 2051, 5000]) {
      it(`${name}, ${n} elements: the same bits as element by element`, () => {
        const x = values(n), y = values(n + 3).subarray(3);
        const p: Program = compileExpr(e, ['float64', 'float64']);
        expect(fusedRuns(p.instrs).size > 0).toBe(!name.includes('with a const'));
        const got = runProgram(p, [x, y], { offset: 0, length: n }, { shared: false }) as Float64Array;
        const into = new Float64Array(n);
        runProgram(p, [x, y], { offset: 0, length: n }, { out: into }); // output register is a view of `into`
        for (let i = 0; i < n; i++) {
          const want = direct(e, x[i]!, y[i]!);
          if (!Object.is(got[i], want) || !Object.is(into[i], want)) expect.fail(`element ${i}: x=${x[i]}, y=${y[i]}: ${got[i]}, ${into[i]} vs ${want}`);
        }
      });
    }
  }

  it('in place: the output may be an input', () => {
    const n = 3001;
    const x = values(n), y = values(n).reverse();
    const e = EXPRS[0]![1];
    const want = Float64Array.from(x, (v, i) => direct(e, v, y[i]!));
    runProgram(compileExpr(e, ['float64', 'float64']), [x, y], { offset: 0, length: n }, { out: x });
    for (let i = 0; i < n; i++) expect(Object.is(x[i], want[i])).toBe(true);
  });

  // A sum over a fused run that ends the program is summed inside the run (FusedRun.sumLeaves):
  // the partial must be the one the written-out values give, to the bit — full blocks, a ragged
  // last block, the specials (NaN, ±Inf, −0) and sums of −0 only.
  for (const [name, e] of [...EXPRS, ['sin(x) + x² (the benchmark)', { op: 'add', args: [{ op: 'sin', args: [X] }, { op: 'square', args: [X] }] }] as [string, Expr]]) {
    for (const n of [0, 5, 2048, 4096, 6000, 20_480 + 77]) {
      it(`sum of ${name}, ${n} elements: the partial the written-out values give, to the bit`, () => {
        // Finite values here (x·1e-3 keeps squares finite), and the specials in a second run.
        for (const x0 of [values(n).map((v) => (Number.isFinite(v) ? v * 1e-3 : 1)), values(n)]) {
          const y = values(n + 3).subarray(3);
          const p: Program = compileExpr(e, ['float64', 'float64']);
          const out = runProgram(p, [x0, y], { offset: 0, length: n }, { shared: false }) as Float64Array;
          const want = reduceChunk('sum', out, 0, 'float64') as { value: number; err: number };
          const got = runProgramReduce(p, [x0, y], { offset: 0, length: n }, 'sum') as { value: number; err: number };
          expect(Object.is(got.value, want.value)).toBe(true);
          expect(Object.is(got.err, want.err)).toBe(true);
        }
      });
    }
  }

  it('a sum of −0s stays −0 when summed inside the run', () => {
    const n = 4096;
    const x = new Float64Array(n).fill(-0), y = new Float64Array(n).fill(-0);
    const p = compileExpr({ op: 'add', args: [{ op: 'negative', args: [{ op: 'abs', args: [X] }] }, Y] }, ['float64', 'float64']);
    expect(fusedRuns(p.instrs).size).toBe(1);
    const got = runProgramReduce(p, [x, y], { offset: 0, length: n }, 'sum') as { value: number };
    expect(Object.is(got.value, -0)).toBe(true);
  });

  it('folds into a reduction as the unfused ops would (sum of x² + y)', () => {
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i)), y = Float64Array.from({ length: n }, (_, i) => i % 7);
    const p = compileExpr(EXPRS[0]![1], ['float64', 'float64']);
    const materialised = runProgram(p, [x, y], { offset: 0, length: n }, { shared: false }) as Float64Array;
    const direct0 = Float64Array.from(x, (v, i) => v * v + y[i]!);
    expect(materialised).toEqual(direct0);
    const partial = runProgramReduce(p, [x, y], { offset: 0, length: n }, 'sum') as { value: number };
    expect(partial.value).toBeCloseTo(direct0.reduce((a, b) => a + b, 0), 6);
  });
});
