/**
 * The conformance table: every kernel, as rows that run on any backend. Each row says how
 * two backends' answers must agree ('exact': same bits, NaN equal to NaN; { ulp }: within that
 * many units in the last place; { rel }: relative error) and, where an independent reference
 * exists, what it is: correctly rounded mpmath values for the transcendental functions
 * (fixtures/transcendental-fixtures.json), numpy's element semantics written out slowly
 * (reference.ts) for the rest, compensated sums for reductions. Random streams have no other
 * reference than the TypeScript backend, which defines them: those rows demand equal bits.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KernelBackend } from '../../src/kernels/backend.js';
import { type Dtype, type TypedArray, allocate } from '../../src/kernels/dtypes.js';
import { BINARY_OPS, UNARY_OPS, type BinaryOp, type UnaryOp, binaryResultType, unaryResultType } from '../../src/kernels/ops/names.js';
import { concrete } from '../../src/kernels/promote.js';
import { type Expr, compileExpr } from '../../src/kernels/program/compile.js';
import type { ChunkRange } from '../../src/kernels/program/format.js';
import { REDUCTIONS, type ReductionKind } from '../../src/kernels/reduce/partials.js';
import { tsKernels } from '../../src/kernels/ts-backend.js';
import { decode } from './helpers.js';
import { compensatedSum, refBinary, refUnary } from './reference.js';

/** abs: |a − b| ≤ abs·max(1, |a|, |b|) — for sums of inexact terms that may cancel. */
export type Agreement = 'exact' | { ulp: number } | { rel: number } | { abs: number };

export interface Row {
  kernel: string;
  run: (k: KernelBackend) => unknown;
  agree: Agreement;
  /** Independent expected values (flat numbers) and the bound the result must meet against them. */
  reference?: { values: () => number[]; agree: Agreement; flatten?: (result: unknown) => number[] };
}

/** Deterministic inputs from the reference backend's own streams. */
const uniform = (seed: number, lo: number, hi: number, n: number) => tsKernels.randomUniform(seed, lo, hi, 0, n);
const ints = (seed: number, lo: number, hi: number, n: number) => tsKernels.randomIntegers(seed, lo, hi, 0, n);

const ADVERSARIAL = [
  0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5,
  1e10, -1e10, 1.5e10, 1e22, -1e300, 1e300, 1.7976931348623157e308, -1.7976931348623157e308, 2 ** 52, 2 ** 53, 2 ** 31, -(2 ** 31),
  2 ** 31 - 0.5, 255.5, 256, -1.5, 3.7, -3.7, 1e-300, 4503599627370497, 709.8, -745.2, 0.1,
];

/** n float64s: random normals ×10^U(-3, 3), the adversarial values sprinkled through (and in the tail). */
function f64Values(n: number, seed: number): Float64Array {
  const x = tsKernels.randomNormal(seed, 0, n);
  const e = uniform(seed + 1, -3, 3, n);
  for (let i = 0; i < n; i++) x[i] = x[i]! * 10 ** e[i]!;
  for (let i = 0; i < n; i += 37) x[i] = ADVERSARIAL[(i / 37) % ADVERSARIAL.length]!;
  for (let k = 0; k < Math.min(n, 9); k++) x[n - 1 - k] = ADVERSARIAL[(k * 5) % ADVERSARIAL.length]!;
  return x;
}

function valuesOf(dtype: Dtype, n: number, seed: number): TypedArray {
  const out = allocate(dtype, n, { shared: true });
  const f = f64Values(n, seed);
  switch (dtype) {
    case 'float64': out.set(f); break;
    case 'float32': for (let i = 0; i < n; i++) out[i] = Math.fround(f[i]!); break;
    case 'int32': {
      const r = ints(seed, -(2 ** 31), 2 ** 31, n);
      const small = ints(seed + 7, -100, 100, n);
      for (let i = 0; i < n; i++) out[i] = i % 3 === 0 ? small[i]! : r[i]!;
      if (n > 4) { out[0] = -(2 ** 31); out[1] = 2 ** 31 - 1; out[2] = 0; out[3] = -1; }
      break;
    }
    case 'uint8': out.set(ints(seed, 0, 256, n)); break;
    case 'bool': out.set(ints(seed, 0, 2, n)); break;
  }
  return out;
}

const N = 5003; // spans two 2048-element blocks and a ragged tail

function flat(r: unknown): number[] {
  return typeof r === 'number' ? [r] : Array.from(r as ArrayLike<number>);
}

// ---- transcendental fixtures (mpmath) -------------------------------------------------------

interface Fixture { op: string; x?: (number | string)[]; a?: (number | string)[]; b?: (number | string)[]; expected: (number | string)[] }
const FIX: Fixture[] = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/transcendental-fixtures.json'), 'utf8')).cases;

function fixtureRows(): Row[] {
  return FIX.map((c) => {
    const expected = c.expected.map(decode);
    if (c.op === 'power') {
      const a = Float64Array.from(c.a!.map(decode)), b = Float64Array.from(c.b!.map(decode));
      return { kernel: `power float64 vs mpmath (${a.length} pairs)`, run: (k) => k.binary('power', a, b), agree: { ulp: 4 }, reference: { values: () => expected, agree: { ulp: 4 } } };
    }
    const x = Float64Array.from(c.x!.map(decode));
    const op = c.op as UnaryOp;
    return { kernel: `${op} float64 vs mpmath (${x.length} inputs)`, run: (k) => k.unary(op, x), agree: { ulp: 4 }, reference: { values: () => expected, agree: { ulp: 4 } } };
  });
}

// ---- element-wise ---------------------------------------------------------------------------

const TRANSCENDENTAL = new Set(['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10']);

function unaryRows(): Row[] {
  const rows: Row[] = [];
  for (const dtype of ['float64', 'float32', 'int32', 'uint8', 'bool'] as Dtype[]) {
    const x = valuesOf(dtype, N, 11);
    for (const op of UNARY_OPS) {
      let out: Dtype;
      try { out = concrete(unaryResultType(op, dtype)); } catch { continue; } // numpy has no loop (e.g. negative of bool)
      const trans = TRANSCENDENTAL.has(op);
      const agree: Agreement = !trans ? 'exact' : out === 'float32' ? { ulp: 1 } : { ulp: 4 };
      rows.push({
        kernel: `unary ${op} ${dtype}`,
        run: (k) => k.unary(op, x, { dtypes: [dtype] }),
        agree,
        reference: trans ? undefined : { values: () => Array.from(x, (v) => refUnary(op, out, v)), agree: 'exact' },
      });
    }
  }
  return rows;
}

const PAIRS: Array<[Dtype, Dtype]> = [['float64', 'float64'], ['float32', 'float32'], ['int32', 'int32'], ['uint8', 'uint8'], ['bool', 'bool'], ['int32', 'float64'], ['uint8', 'float32'], ['bool', 'int32']];

function binaryRows(): Row[] {
  const rows: Row[] = [];
  for (const [da, db] of PAIRS) {
    const a = valuesOf(da, N, 21), b = valuesOf(db, N, 22);
    // Small non-negative exponents for integer powers (negative ones throw, as in numpy).
    const bPow = db === 'int32' || db === 'uint8' ? (() => { const c = valuesOf(db, N, 23); for (let i = 0; i < N; i++) c[i] = Math.abs(c[i]! % 7); return c; })() : b;
    for (const op of BINARY_OPS) {
      let out: Dtype;
      try { out = concrete(binaryResultType(op, da, db)); } catch { continue; }
      const y = op === 'power' ? bPow : b;
      const agree: Agreement = op === 'power' && (out === 'float64') ? { ulp: 4 } : op === 'power' && out === 'float32' ? { ulp: 1 } : 'exact';
      rows.push({
        kernel: `binary ${op} ${da},${db}`,
        run: (k) => k.binary(op, a, y, { dtypes: [da, db] }),
        agree,
        reference: op === 'power' ? undefined : { values: () => Array.from(a, (v, i) => refBinary(op, out, v, y[i]!)), agree: 'exact' },
      });
    }
  }
  const x = valuesOf('float64', N, 31);
  for (const op of ['add', 'multiply', 'power', 'maximum', 'less', 'divide'] as BinaryOp[]) {
    rows.push({ kernel: `binary ${op} float64,scalar 2.5`, run: (k) => k.binary(op, x, 2.5), agree: op === 'power' ? { ulp: 4 } : 'exact' });
    if (op !== 'power') rows.push({ kernel: `binary ${op} scalar 3,int32`, run: (k) => k.binary(op, 3, valuesOf('int32', N, 32), { dtypes: [undefined, 'int32'] }), agree: 'exact' });
  }
  rows.push({ kernel: 'binary add of two scalars', run: (k) => k.binary('add', 2, 0.5), agree: 'exact' });
  return rows;
}

function otherElementwiseRows(): Row[] {
  const rows: Row[] = [];
  const c = valuesOf('bool', N, 41), f = valuesOf('float64', N, 42), g = valuesOf('float32', N, 43), i = valuesOf('int32', N, 44), u = valuesOf('uint8', N, 45);
  const byDtype: Record<Dtype, TypedArray> = { float64: f, float32: g, int32: i, uint8: u, bool: c };
  rows.push({ kernel: 'where bool,float64,int32', run: (k) => k.where(c, f, i, { dtypes: ['bool'] }), agree: 'exact' });
  rows.push({ kernel: 'where float64,float32,float32 (NaN cond is true)', run: (k) => k.where(f, g, g), agree: 'exact' });
  rows.push({ kernel: 'where int32,uint8,scalar', run: (k) => k.where(i, u, 7), agree: 'exact' });
  rows.push({ kernel: 'clip float64,-1,1', run: (k) => k.clip(f, -1, 1), agree: 'exact' });
  rows.push({ kernel: 'clip float64,float64,NaN', run: (k) => k.clip(f, valuesOf('float64', N, 46), NaN), agree: 'exact' });
  rows.push({ kernel: 'clip int32,uint8,int32', run: (k) => k.clip(i, u, valuesOf('int32', N, 47)), agree: 'exact' });
  for (const from of Object.keys(byDtype) as Dtype[]) {
    for (const to of Object.keys(byDtype) as Dtype[]) {
      rows.push({ kernel: `astype ${from} → ${to}`, run: (k) => k.astype(byDtype[from], to, { dtypes: [from] }), agree: 'exact' });
    }
  }
  return rows;
}

// ---- fused programs -------------------------------------------------------------------------

const X: Expr = { input: 0 };
const SIN_SQ: Expr = { op: 'add', args: [{ op: 'sin', args: [X] }, { op: 'square', args: [X] }] };
const NORMAL_SIN_SQ: Expr = { op: 'add', args: [{ op: 'sin', args: [{ op: 'randomNormal', seed: 42 }] }, { op: 'square', args: [{ op: 'randomNormal', seed: 42 }] }] };

interface ProgramCase { name: string; expr: Expr; inputs: Dtype[]; agree: Agreement }
const PROGRAMS: ProgramCase[] = [
  { name: 'sin(x)+x² float64', expr: SIN_SQ, inputs: ['float64'], agree: { abs: 2e-15 } },
  { name: 'sin(normal)+normal² generated', expr: NORMAL_SIN_SQ, inputs: [], agree: { abs: 2e-15 } },
  { name: 'x+y, x·y, x/y chain float64', expr: { op: 'divide', args: [{ op: 'add', args: [X, { input: 1 }] }, { op: 'multiply', args: [X, { scalar: 3 }] }] }, inputs: ['float64', 'float64'], agree: 'exact' },
  { name: 'sqrt(abs(x))−negative(x) float32', expr: { op: 'subtract', args: [{ op: 'sqrt', args: [{ op: 'abs', args: [X] }] }, { op: 'negative', args: [X] }] }, inputs: ['float32'], agree: 'exact' },
  { name: '(int32 + uint8)·3 wraps', expr: { op: 'multiply', args: [{ op: 'add', args: [X, { input: 1 }] }, { scalar: 3 }] }, inputs: ['int32', 'uint8'], agree: 'exact' },
  { name: 'where(x > 0, x, −x) with clip', expr: { op: 'clip', args: [{ op: 'where', args: [{ op: 'greater', args: [X, { scalar: 0 }] }, X, { op: 'negative', args: [X] }] }, { scalar: 0.25 }, { scalar: 4 }] }, inputs: ['float64'], agree: 'exact' },
  { name: 'astype(x, float32) then exp (float32)', expr: { op: 'exp', args: [{ op: 'astype', dtype: 'float32', args: [X] }] }, inputs: ['float64'], agree: { ulp: 1 } },
  { name: 'bool and/or/not of comparisons', expr: { op: 'logicalOr', args: [{ op: 'logicalNot', args: [{ op: 'isnan', args: [X] }] }, { op: 'less', args: [X, { scalar: -1 }] }] }, inputs: ['float64'], agree: 'exact' },
  { name: 'arange float64 + linspace', expr: { op: 'add', args: [{ op: 'arange', start: 0.5, step: 0.1 }, { op: 'linspace', start: -3, stop: 7, num: 90001, endpoint: true }] }, inputs: [], agree: 'exact' },
  { name: 'arange int32, linspace float32 without endpoint', expr: { op: 'multiply', args: [{ op: 'arange', start: -7, step: 3, dtype: 'int32' }, { op: 'linspace', start: 1, stop: 2, num: 90000, endpoint: false, dtype: 'float32' }] }, inputs: [], agree: 'exact' },
  { name: 'randomUniform·randomIntegers(int32)', expr: { op: 'multiply', args: [{ op: 'randomUniform', seed: 5, lo: -2, hi: 3 }, { op: 'randomIntegers', seed: 6, lo: -1000, hi: 1000, dtype: 'int32' }] }, inputs: [], agree: 'exact' },
  { name: 'randomIntegers float64 over 2^40', expr: { op: 'randomIntegers', seed: 7, lo: -(2 ** 40), hi: 2 ** 40 + 12345, dtype: 'float64' }, inputs: [], agree: 'exact' },
  { name: 'delegated ops: mod, arcsin, floorDivide', expr: { op: 'add', args: [{ op: 'mod', args: [X, { scalar: 1.5 }] }, { op: 'floorDivide', args: [{ op: 'arcsin', args: [{ op: 'clip', args: [X, { scalar: -1 }, { scalar: 1 }] }] }, { scalar: 0.3 }] }] }, inputs: ['float64'], agree: 'exact' },
  { name: 'int32 power (delegated)', expr: { op: 'power', args: [X, { scalar: 3 }] }, inputs: ['int32'], agree: 'exact' },
];

const RANGES: Array<[string, (n: number) => ChunkRange]> = [
  ['1-d at 123456', (n) => ({ offset: 123456, length: n })],
  ['2-d rows of 300 in a 1000-wide array', (n) => ({ offset: 5 * 1000 + 17, length: n, shape: [n / 300, 300], strides: [1000, 1] })],
];

function programRows(): Row[] {
  const rows: Row[] = [];
  for (const pc of PROGRAMS) {
    const program = compileExpr(pc.expr, pc.inputs);
    for (const n of [0, 1, 2047, 2049, 6000]) {
      for (const [rname, mk] of RANGES) {
        if (rname.startsWith('2-d') && n % 300 !== 0) continue;
        const range = mk(n);
        const inputs = pc.inputs.map((d, k) => valuesOf(d, n, 50 + k));
        rows.push({ kernel: `runProgram ${pc.name}, n=${n}, ${rname}`, run: (k) => k.runProgram(program, inputs, range), agree: pc.agree });
      }
    }
    // Into a caller's output array (written in place).
    const n = 4099;
    const inputs = pc.inputs.map((d, k) => valuesOf(d, n, 60 + k));
    rows.push({
      kernel: `runProgram ${pc.name} into out`,
      run: (k) => { const out = allocate(program.outDtype, n); k.runProgram(program, inputs, { offset: 9, length: n }, { out }); return out; },
      agree: pc.agree,
    });
  }
  return rows;
}

// ---- reductions -----------------------------------------------------------------------------

/** Neumaier's compensated sum: the reference a pairwise sum must be close to. */

function reduceData(): Array<[string, TypedArray, Dtype]> {
  const out: Array<[string, TypedArray, Dtype]> = [];
  for (const n of [0, 1, 7, 2049, 10000]) {
    const normals = tsKernels.randomNormal(70, 0, n);
    out.push([`normals n=${n}`, normals, 'float64']);
    if (n > 0) {
      const withNaN = normals.slice(); withNaN[Math.floor(n / 2)] = NaN; if (n > 3) withNaN[n - 2] = NaN;
      out.push([`normals with NaN n=${n}`, withNaN, 'float64']);
      const zeros = new Float64Array(n); for (let i = 0; i < n; i++) zeros[i] = i % 3 === 1 ? -0 : 0;
      out.push([`±0 ties n=${n}`, zeros, 'float64']);
      const infs = normals.slice(); infs[0] = Infinity; if (n > 2) infs[n - 1] = -Infinity;
      out.push([`with ±Inf n=${n}`, infs, 'float64']);
    }
    out.push([`adversarial n=${n}`, f64Values(n, 71).map((v) => (Math.abs(v) > 1e200 ? 1 : v)), 'float64']);
    out.push([`float32 n=${n}`, valuesOf('float32', n, 72), 'float32']);
    out.push([`int32 n=${n}`, valuesOf('int32', n, 73), 'int32']);
    out.push([`uint8 n=${n}`, valuesOf('uint8', n, 74), 'uint8']);
    out.push([`bool n=${n}`, valuesOf('bool', n, 75), 'bool']);
    out.push([`float64 values of a bool array n=${n}`, Float64Array.from(valuesOf('uint8', n, 76), (v) => v % 2), 'bool']);
  }
  return out;
}

function reductionRows(): Row[] {
  const rows: Row[] = [];
  for (const [name, data, dtype] of reduceData()) {
    for (const kind of REDUCTIONS) {
      const moments = kind === 'mean' || kind === 'var' || kind === 'std';
      rows.push({
        kernel: `reduceChunk ${kind} ${name}`,
        run: (k) => k.reduceChunk(kind, data, 1000, dtype),
        agree: moments ? { rel: 1e-13 } : 'exact',
        reference: kind === 'sum' && dtype === 'float64' && data.every(Number.isFinite) ? {
          values: () => [compensatedSum(data)],
          agree: { rel: 1e-15 * Math.max(1, data.length) },
          flatten: (p) => [(p as { value: number }).value],
        } : undefined,
      });
    }
  }
  const programs: Array<[string, Expr, Dtype[]]> = [
    ['sin(normal)+normal²', NORMAL_SIN_SQ, []],
    ['randomIntegers int32', { op: 'randomIntegers', seed: 3, lo: -50, hi: 50, dtype: 'int32' }, []],
    ['x > 0 (bool)', { op: 'greater', args: [X, { scalar: 0 }] }, ['float64']],
    ['float32 x·x', { op: 'square', args: [X] }, ['float32']],
  ];
  for (const [name, expr, dts] of programs) {
    const program = compileExpr(expr, dts);
    for (const [rname, mk] of RANGES) {
      const n = 6000;
      const range = mk(n);
      const inputs = dts.map((d, k) => valuesOf(d, n, 80 + k));
      for (const kind of REDUCTIONS) {
        // Over sin(…) the values themselves may differ by a few ULP between backends.
        const inexact = kind === 'mean' || kind === 'var' || kind === 'std' || name.startsWith('sin');
        rows.push({
          kernel: `runProgramReduce ${kind} of ${name}, ${rname}`,
          run: (k) => k.runProgramReduce(program, inputs, range, kind),
          agree: inexact ? { rel: 1e-12 } : 'exact',
        });
      }
    }
  }
  rows.push({
    kernel: 'runProgramReduce over an empty chunk (every kind)',
    run: (k) => REDUCTIONS.map((kind) => k.runProgramReduce(compileExpr(X, ['float64']), [new Float64Array(0)], { offset: 0, length: 0 }, kind)),
    agree: 'exact',
  });
  rows.push({
    kernel: 'combine + finalize of native partials',
    run: (k) => (['sum', 'min', 'argmax', 'var', 'std', 'mean'] as ReductionKind[]).map((kind) => {
      const a = k.reduceChunk(kind, tsKernels.randomNormal(90, 0, 3000), 0);
      const b = k.reduceChunk(kind, tsKernels.randomNormal(90, 3000, 5000), 3000);
      return k.finalize(kind, k.combine(kind, a, b), { ddof: 1 });
    }),
    agree: { rel: 1e-13 },
  });
  return rows;
}

// ---- random streams -------------------------------------------------------------------------

function randomRows(): Row[] {
  const rows: Row[] = [];
  const places: Array<[number, number, number]> = [[0, 0, 300000], [1, 2 ** 32 - 777, 5000], [2 ** 40 + 3, 2 ** 45 + 11, 4000], [2 ** 53 - 1, 7, 2049]];
  for (const [seed, first, n] of places) {
    rows.push({ kernel: `randomNormal seed=${seed} first=${first} n=${n}`, run: (k) => k.randomNormal(seed, first, n), agree: 'exact' });
    rows.push({ kernel: `randomUniform [-3, 5) seed=${seed} first=${first}`, run: (k) => k.randomUniform(seed, -3, 5, first, n), agree: 'exact' });
    for (const [lo, hi] of [[0, 10], [-5, 2 ** 31], [3, 4], [0, 2 ** 32 + 1], [-7, 2 ** 52 + 3], [0, 2 ** 53 - 1]]) {
      rows.push({ kernel: `randomIntegers [${lo}, ${hi}) seed=${seed} first=${first}`, run: (k) => k.randomIntegers(seed, lo!, hi!, first, Math.min(n, 20000)), agree: 'exact' });
    }
  }
  rows.push({ kernel: 'randomNormal into out (only n written)', run: (k) => { const o = new Float64Array(10).fill(7); k.randomNormal(3, 5, 6, o); return o; }, agree: 'exact' });
  return rows;
}

// ---- argument errors: the same TuskError, checked before crossing ----------------------------

function errorRows(): Row[] {
  const p = compileExpr(SIN_SQ, ['float64']);
  const cases: Array<[string, (k: KernelBackend) => unknown]> = [
    ['randomNormal with a negative seed', (k) => k.randomNormal(-1, 0, 10)],
    ['randomNormal past 2^53', (k) => k.randomNormal(1, 2 ** 53 - 5, 10)],
    ['randomIntegers with hi ≤ lo', (k) => k.randomIntegers(1, 5, 5, 0, 10)],
    ['randomUniform with an infinite bound', (k) => k.randomUniform(1, 0, Infinity, 0, 10)],
    ['runProgram with a short input', (k) => k.runProgram(p, [new Float64Array(3)], { offset: 0, length: 4 })],
    ['runProgram with an input of the wrong dtype', (k) => k.runProgram(p, [new Float32Array(4)], { offset: 0, length: 4 })],
    ['runProgram with a bad range', (k) => k.runProgram(p, [new Float64Array(4)], { offset: -1, length: 4 })],
    ['runProgram with a wrong out', (k) => k.runProgram(p, [new Float64Array(4)], { offset: 0, length: 4 }, { out: new Float32Array(4) })],
    ['runProgram with an invalid program', (k) => k.runProgram({ ...p, out: 99 }, [new Float64Array(4)], { offset: 0, length: 4 })],
    ['reduceChunk with an unknown kind', (k) => k.reduceChunk('median' as ReductionKind, new Float64Array(4))],
    ['binary with unequal lengths', (k) => k.binary('add', new Float64Array(3), new Float64Array(4))],
    ['integer to a negative power', (k) => k.binary('power', Int32Array.of(2, 3), Int32Array.of(1, -1))],
  ];
  return cases.map(([name, fn]) => ({
    kernel: `error: ${name}`,
    run: (k) => { try { fn(k); return 'no error'; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } },
    agree: 'exact',
  }));
}

export function conformanceTable(): Row[] {
  return [...fixtureRows(), ...unaryRows(), ...binaryRows(), ...otherElementwiseRows(), ...programRows(), ...reductionRows(), ...randomRows(), ...errorRows()];
}

export { flat };
