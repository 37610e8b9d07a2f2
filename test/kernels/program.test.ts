/** Fused programs: same bits as the ops one by one, generators independent of chunking, folds into reductions. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Dtype, type TypedArray } from '../../src/kernels/dtypes.js';
import { astype, binary, clip, unary, where } from '../../src/kernels/ops/elementwise.js';
import { type BinaryOp, type UnaryOp, BINARY_OPS, UNARY_OPS } from '../../src/kernels/ops/names.js';
import { type Expr, compileExpr } from '../../src/kernels/program/compile.js';
import type { Program } from '../../src/kernels/program/format.js';
import { runProgram, runProgramReduce } from '../../src/kernels/program/run.js';
import { validateProgram } from '../../src/kernels/program/validate.js';
import { reduceChunk } from '../../src/kernels/reduce/accumulate.js';
import { REDUCTIONS } from '../../src/kernels/reduce/partials.js';
import { isTuskError } from '../../src/errors.js';
import { ALL_DTYPES, arrayArb, same } from './helpers.js';

/** Evaluates an expression with the unfused kernels, one full-size temporary per node. */
function evalUnfused(e: Expr, inputs: TypedArray[], dtypes: Dtype[]): { v: TypedArray | number; d: Dtype | undefined } {
  if ('input' in e) return { v: inputs[e.input]!, d: dtypes[e.input] };
  if ('scalar' in e) return { v: e.scalar, d: undefined };
  const args = (e as { args: Expr[] }).args.map((a) => evalUnfused(a, inputs, dtypes));
  const dts = args.map((a) => a.d);
  const vals = args.map((a) => a.v);
  const compile = compileExpr(e, dtypes); // for the result dtype only
  let v: TypedArray | number;
  if (e.op === 'where') v = where(vals[0]!, vals[1]!, vals[2]!, { dtypes: dts });
  else if (e.op === 'clip') v = clip(vals[0]!, vals[1]!, vals[2]!, { dtypes: dts });
  else if (e.op === 'astype') v = astype(vals[0] as TypedArray, e.dtype, { dtypes: dts });
  else if ((UNARY_OPS as readonly string[]).includes(e.op)) v = unary(e.op as UnaryOp, vals[0]!, { dtypes: dts });
  else v = binary(e.op as BinaryOp, vals[0]!, vals[1]!, { dtypes: dts });
  return { v, d: compile.outDtype };
}

const SAFE_UNARY: UnaryOp[] = ['sin', 'cos', 'exp', 'log1p', 'sqrt', 'abs', 'square', 'floor', 'round', 'isnan', 'logicalNot', 'arctan', 'ceil'];
const SAFE_BINARY: BinaryOp[] = BINARY_OPS.filter((op) => op !== 'power' && op !== 'subtract');

function exprArb(nInputs: number): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: nInputs - 1 }).map((input): Expr => ({ input })),
      fc.record({ op: fc.constantFrom(...SAFE_UNARY), args: fc.tuple(tie('expr')) }) as fc.Arbitrary<Expr>,
      fc.record({ op: fc.constantFrom(...SAFE_BINARY), args: fc.tuple(tie('expr'), tie('expr')) }) as fc.Arbitrary<Expr>,
      fc.record({ op: fc.constantFrom(...SAFE_BINARY), args: fc.tuple(tie('expr'), fc.constantFrom(2, 0.5, 3).map((scalar): Expr => ({ scalar }))) }) as fc.Arbitrary<Expr>,
      fc.record({ op: fc.constant('where' as const), args: fc.tuple(tie('expr'), tie('expr'), tie('expr')) }) as fc.Arbitrary<Expr>,
      fc.record({ op: fc.constant('astype' as const), dtype: fc.constantFrom(...ALL_DTYPES), args: fc.tuple(tie('expr')) }) as fc.Arbitrary<Expr>,
    ),
  }));
  return expr;
}

test('a fused program gives the same bits as the ops one by one, for every dtype', () => {
  const arb = fc.tuple(fc.constantFrom(...ALL_DTYPES), fc.constantFrom(...ALL_DTYPES), fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(2047, 2049, 5000)))
    .chain(([d0, d1, n]) => fc.tuple(fc.constant([d0, d1] as Dtype[]), arrayArb(d0, fc.constant(n)), arrayArb(d1, fc.constant(n)), exprArb(2)));
  let checked = 0;
  fc.assert(fc.property(arb, ([dtypes, x0, x1, e]) => {
    let program: Program;
    try {
      program = compileExpr(e, dtypes);
    } catch (err) {
      expect(isTuskError(err)).toBe(true); // e.g. a weak scalar that does not fit, a bool negative
      return;
    }
    const fused = runProgram(program, [x0, x1], { offset: 0, length: x0.length });
    const { v } = evalUnfused(e, [x0, x1], dtypes);
    const ref = typeof v === 'number' ? new Float64Array(x0.length).fill(v) : v;
    expect(fused.constructor).toBe(typeof v === 'number' ? fused.constructor : ref.constructor);
    for (let i = 0; i < fused.length; i++) if (!same(fused[i]!, ref[i]!)) expect.fail(`element ${i}: fused ${fused[i]} vs unfused ${ref[i]} for ${JSON.stringify(e)}`);
    checked++;
  }), { numRuns: 150 });
  expect(checked).toBeGreaterThan(50);
});

test('sin(x) + x² compiles to one read of x and two registers; long chains stay small', () => {
  const p = compileExpr({ op: 'add', args: [{ op: 'sin', args: [{ input: 0 }] }, { op: 'square', args: [{ input: 0 }] }] }, ['float64']);
  expect(p.instrs.filter((i) => i.op === 'input')).toHaveLength(1);
  expect(p.nRegs).toBe(2);
  let e: Expr = { input: 0 };
  for (let k = 0; k < 60; k++) e = { op: k % 2 ? 'sin' : 'add', args: k % 2 ? [e] : [e, { scalar: k }] } as Expr;
  expect(compileExpr(e, ['float64']).nRegs).toBeLessThanOrEqual(3);
});

test('programs are plain data: JSON and structured clone round-trip', () => {
  const p = compileExpr({ op: 'multiply', args: [{ op: 'randomNormal', seed: 3 }, { op: 'add', args: [{ scalar: 2 }, { scalar: 3 }] }] }, []);
  expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  expect(structuredClone(p)).toEqual(p);
  // 2 + 3 was folded into one const.
  expect(p.instrs.filter((i) => i.op === 'const').map((i) => (i as { value: number }).value)).toEqual([5]);
  // Non-finite constants and −0 survive JSON too.
  const q = compileExpr({ op: 'where', args: [{ input: 0 }, { scalar: NaN, kind: 'float' }, { op: 'multiply', args: [{ input: 0 }, { scalar: -0, kind: 'float' }] }] }, ['float64']);
  const viaJson = JSON.parse(JSON.stringify(q)) as Program;
  const x = Float64Array.of(0, 2, -3);
  const r = runProgram(viaJson, [x], { offset: 0, length: 3 });
  expect([...r].map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(['-0', NaN, NaN]);
});

describe('generators do not depend on the chunking', () => {
  const gens: Expr[] = [
    { op: 'randomNormal', seed: 11 },
    { op: 'randomUniform', seed: 12, lo: -2, hi: 5 },
    { op: 'randomIntegers', seed: 13, lo: -5, hi: 1000 },
    { op: 'arange', start: 0.5, step: 0.1 },
    { op: 'arange', start: -3, step: 2 },
    { op: 'linspace', start: 0, stop: 1, num: 9000 },
    { op: 'add', args: [{ op: 'sin', args: [{ op: 'randomNormal', seed: 5 }] }, { op: 'randomUniform', seed: 5 }] },
  ];
  for (const g of gens) {
    test(JSON.stringify(g), () => {
      const p = compileExpr(g, []);
      const N = 9000;
      const whole = runProgram(p, [], { offset: 0, length: N });
      fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: N - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), N];
        for (let k = 0; k + 1 < points.length; k++) {
          const part = runProgram(p, [], { offset: points[k]!, length: points[k + 1]! - points[k]! });
          for (let i = 0; i < part.length; i++) if (!same(part[i]!, whole[points[k]! + i]!)) expect.fail(`chunk at ${points[k]} differs at ${i}`);
        }
      }), { numRuns: 20 });
    });
  }

  test('n-d chunks take their elements from the global C-order index', () => {
    const R = 37, C = 53;
    const p = compileExpr({ op: 'randomNormal', seed: 9 }, []);
    const whole = runProgram(p, [], { offset: 0, length: R * C });
    const [r0, r1, c0, c1] = [5, 30, 7, 50];
    const chunk = runProgram(p, [], { offset: r0 * C + c0, length: (r1 - r0) * (c1 - c0), shape: [r1 - r0, c1 - c0], strides: [C, 1] });
    for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) expect(chunk[(r - r0) * (c1 - c0) + (c - c0)]).toBe(whole[r * C + c]);
    const am = runProgramReduce(p, [], { offset: r0 * C + c0, length: (r1 - r0) * (c1 - c0), shape: [r1 - r0, c1 - c0], strides: [C, 1] }, 'argmax');
    let best = -Infinity, at = -1;
    for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) if (whole[r * C + c]! > best) { best = whole[r * C + c]!; at = r * C + c; }
    expect(am).toMatchObject({ kind: 'argmax', index: at });
  });
});

test('linspace and arange follow numpy to the bit', () => {
  // np.linspace(0, 1, 7) and np.arange(0.5, 2, 0.3), printed with repr() by numpy 2.
  const lin = runProgram(compileExpr({ op: 'linspace', start: 0, stop: 1, num: 7 }, []), [], { offset: 0, length: 7 });
  expect([...lin]).toEqual([0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1]);
  const ar = runProgram(compileExpr({ op: 'arange', start: 0.5, step: 0.3 }, []), [], { offset: 0, length: 5 });
  expect([...ar]).toEqual([0.5, 0.8, 1.1, 1.4000000000000001, 1.7000000000000002]);
});

test('runProgramReduce gives the same partial as reducing the materialised output', () => {
  const p = compileExpr({ op: 'add', args: [{ op: 'sin', args: [{ input: 0 }] }, { op: 'square', args: [{ op: 'randomNormal', seed: 1 }] }] }, ['float32']);
  fc.assert(fc.property(arrayArb('float32'), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...REDUCTIONS), (x, offset, kind) => {
    const range = { offset, length: x.length };
    const out = runProgram(p, [x], range);
    expect(runProgramReduce(p, [x], range, kind)).toEqual(reduceChunk(kind, out, offset));
  }), { numRuns: 60 });
});

test('bad programs fail validation with a message', () => {
  const ok = compileExpr({ op: 'sin', args: [{ input: 0 }] }, ['float64']);
  const broken = (patch: (p: Program) => void) => {
    const p = structuredClone(ok);
    patch(p);
    return () => validateProgram(p);
  };
  expect(broken((p) => { (p.instrs[1] as { srcs: number[] }).srcs = [5]; })).toThrow(/out of range/);
  expect(broken((p) => { p.instrs.shift(); })).toThrow(/read before it is written/);
  expect(broken((p) => { (p.instrs[1] as { op: string }).op = 'frobnicate'; })).toThrow(/unknown op/);
  expect(broken((p) => { (p.instrs[1] as { dtype: string }).dtype = 'int32'; })).toThrow(/gives float64, not int32/);
  expect(broken((p) => { p.outDtype = 'float32'; })).toThrow(/outDtype/);
  expect(() => runProgram(ok, [new Float32Array(3)], { offset: 0, length: 3 })).toThrow(/input 0 must be a float64 array of length 3/);
});
