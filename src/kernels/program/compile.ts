/**
 * From an expression tree (what graph fusion produces) to a program: numpy's dtype rules
 * applied at every node, common subexpressions computed once (`x` in `sin(x) + x²` is read
 * once), constant-only subtrees folded, and registers reused as soon as a value is dead, so a
 * long chain needs only a few 16 KiB registers.
 */
import { TuskError } from '../../errors.js';
import { type Dtype, allocate, checkDtype, intRange } from '../dtypes.js';
import { castValue } from '../ops/scalar.js';
import {
  type BinaryOp, type UnaryOp, binaryResultType, clipResultType, isBinaryOp, isUnaryOp, producesBool, unaryResultType, whereResultType,
} from '../ops/names.js';
import { type DtypeLike, checkWeakIntFits, concrete, isWeak, resultType, weakKindOf } from '../promote.js';
import { checkIntegerBounds } from '../random/uniform.js';
import type { ConstInstr, Instr, Program } from './format.js';
import { runProgram } from './run.js';

/** An element-wise expression over a chunk's inputs, as plain data. */
export type Expr =
  | { input: number }
  /** A scalar: weak (Python-literal-like, `kind` defaults to 'int' for integral values) or of a fixed `dtype`. */
  | { scalar: number; kind?: 'int' | 'float'; dtype?: Dtype }
  | { op: UnaryOp; args: [Expr] }
  | { op: BinaryOp; args: [Expr, Expr] }
  | { op: 'where'; args: [Expr, Expr, Expr] }
  | { op: 'clip'; args: [Expr, Expr, Expr] }
  | { op: 'astype'; dtype: Dtype; args: [Expr] }
  | { op: 'randomNormal'; seed: number }
  | { op: 'randomUniform'; seed: number; lo?: number; hi?: number }
  | { op: 'randomIntegers'; seed: number; lo: number; hi: number; dtype?: 'int32' | 'float64' }
  | { op: 'arange'; start: number; step: number; dtype?: Dtype }
  | { op: 'linspace'; start: number; stop: number; num: number; endpoint?: boolean; dtype?: 'float64' | 'float32' };

interface Node {
  key: string;
  dtype: DtypeLike;
  /** A weak (or fixed-dtype) scalar: materialised as a const in its consumer's dtype. */
  scalar?: number;
  make?: (dst: number, srcs: number[], argDtypes: Dtype[]) => Instr;
  args: Node[];
  /** The dtype each argument is computed in (a scalar argument becomes a const of it). */
  argDtypes: (args: Node[]) => Dtype[];
  uses: number;
  reg?: number;
}

function fail(message: string): never {
  throw new TuskError('InvalidArgument', `compileExpr: ${message}`);
}

/** The dtype a weak scalar takes inside an op whose operands promote to `into`. */
function scalarDtype(op: string, value: number, into: Dtype): Dtype {
  if (into === 'int32' || into === 'uint8') {
    const r = intRange(into)!;
    // numpy compares with out-of-range Python ints exactly; arithmetic with them is an error.
    if (producesBool(op)) return Number.isInteger(value) && value >= r[0] && value <= r[1] ? into : 'float64';
    checkWeakIntFits(op, value, into);
  }
  return into;
}

/** JSON has no NaN, ±Infinity or −0: those travel as strings. */
function constValue(v: number): ConstInstr['value'] {
  return Number.isFinite(v) && !Object.is(v, -0) ? v : (Object.is(v, -0) ? '-0' : String(v)) as ConstInstr['value'];
}

export function compileExpr(expr: Expr, inputDtypes: readonly Dtype[]): Program {
  const nodes = new Map<string, Node>();
  const intern = (n: Omit<Node, 'uses'>): Node => {
    const seen = nodes.get(n.key);
    if (seen) return seen;
    const node = { ...n, uses: 0 };
    nodes.set(n.key, node);
    return node;
  };
  const scalarNode = (value: number, dtype: DtypeLike): Node =>
    intern({ key: `s:${dtype}:${Object.is(value, -0) ? '-0' : value}`, dtype, scalar: value, args: [], argDtypes: () => [] });

  const build = (e: Expr): Node => {
    if (typeof e !== 'object' || e === null) fail(`expected an expression object, got ${String(e)}`);
    if ('input' in e) {
      const d = inputDtypes[e.input];
      if (d === undefined) fail(`input ${e.input} is not one of the ${inputDtypes.length} inputs`);
      return intern({ key: `i:${e.input}`, dtype: d, args: [], argDtypes: () => [], make: (dst) => ({ op: 'input', dst, input: e.input, dtype: d }) });
    }
    if ('scalar' in e) {
      if (typeof e.scalar !== 'number') fail('scalar must be a number');
      return scalarNode(e.dtype ? castScalar(e.scalar, checkDtype(e.dtype)) : e.scalar, e.dtype ?? e.kind ?? weakKindOf(e.scalar));
    }
    const op = e.op;
    const key = (extra: unknown, args: Node[]) => `${op}:${JSON.stringify(extra)}(${args.map((a) => a.key).join(',')})`;
    switch (op) {
      case 'randomNormal':
        return intern({ key: key([e.seed], []), dtype: 'float64', args: [], argDtypes: () => [], make: (dst) => ({ op, dst, seed: e.seed, dtype: 'float64' }) });
      case 'randomUniform': {
        const lo = e.lo ?? 0, hi = e.hi ?? 1;
        return intern({ key: key([e.seed, lo, hi], []), dtype: 'float64', args: [], argDtypes: () => [], make: (dst) => ({ op, dst, seed: e.seed, lo, hi, dtype: 'float64' }) });
      }
      case 'randomIntegers': {
        checkIntegerBounds(e.lo, e.hi);
        const dtype = e.dtype ?? (e.lo >= -2147483648 && e.hi - 1 <= 2147483647 ? 'int32' : 'float64');
        return intern({ key: key([e.seed, e.lo, e.hi, dtype], []), dtype, args: [], argDtypes: () => [], make: (dst) => ({ op, dst, seed: e.seed, lo: e.lo, hi: e.hi, dtype }) });
      }
      case 'arange': {
        const dtype = e.dtype ?? (Number.isInteger(e.start) && Number.isInteger(e.step) ? 'int32' : 'float64');
        return intern({ key: key([e.start, e.step, dtype], []), dtype, args: [], argDtypes: () => [], make: (dst) => ({ op, dst, start: e.start, step: e.step, dtype }) });
      }
      case 'linspace': {
        const dtype = e.dtype ?? 'float64';
        const endpoint = e.endpoint ?? true;
        return intern({ key: key([e.start, e.stop, e.num, endpoint, dtype], []), dtype, args: [], argDtypes: () => [], make: (dst) => ({ op, dst, start: e.start, stop: e.stop, num: e.num, endpoint, dtype }) });
      }
      default:
        break;
    }
    if (!Array.isArray((e as { args?: unknown }).args)) fail(`${String(op)} needs args`);
    const args = (e as { args: Expr[] }).args.map(build);
    let dtype: DtypeLike;
    let argDtypes: (a: Node[]) => Dtype[];
    let make: Node['make'];
    if (op === 'astype') {
      if (args.length !== 1) fail('astype takes one argument');
      const to = checkDtype(e.dtype);
      dtype = to;
      argDtypes = (a) => [concrete(a[0]!.dtype)];
      make = (dst, srcs) => ({ op, dst, srcs: [srcs[0]!], dtype: to });
    } else if (op === 'where') {
      if (args.length !== 3) fail('where takes (cond, a, b)');
      dtype = whereResultType(args[1]!.dtype, args[2]!.dtype);
      argDtypes = (a) => { const d = concrete(dtype); return [concrete(a[0]!.dtype), scalarIn(op, a[1]!, d), scalarIn(op, a[2]!, d)]; };
      make = (dst, srcs) => ({ op, dst, srcs: [srcs[0]!, srcs[1]!, srcs[2]!], dtype: concrete(dtype) });
    } else if (op === 'clip') {
      if (args.length !== 3) fail('clip takes (x, lo, hi)');
      dtype = clipResultType(args[0]!.dtype, args[1]!.dtype, args[2]!.dtype);
      argDtypes = (a) => a.map((n) => scalarIn(op, n, concrete(dtype)));
      make = (dst, srcs) => ({ op, dst, srcs: [srcs[0]!, srcs[1]!, srcs[2]!], dtype: concrete(dtype) });
    } else if (isUnaryOp(op)) {
      if (args.length !== 1) fail(`${op} takes one argument`);
      dtype = unaryResultType(op, args[0]!.dtype);
      argDtypes = (a) => [concrete(a[0]!.dtype)];
      make = (dst, srcs) => ({ op, dst, srcs: [srcs[0]!], dtype: concrete(dtype) });
    } else if (isBinaryOp(op)) {
      if (args.length !== 2) fail(`${op} takes two arguments`);
      dtype = binaryResultType(op, args[0]!.dtype, args[1]!.dtype);
      const common = resultType(args[0]!.dtype, args[1]!.dtype);
      argDtypes = (a) => a.map((n) => scalarIn(op, n, concrete(common)));
      make = (dst, srcs) => ({ op, dst, srcs: [srcs[0]!, srcs[1]!], dtype: concrete(dtype) });
    } else {
      fail(`unknown op ${JSON.stringify(op)}`);
    }
    // Scalars only: fold now, as Python would have before numpy saw them. All-weak operands
    // compute in float64 (Python's int and float), otherwise in the dtypes the op would use.
    if (args.every((a) => a.scalar !== undefined)) {
      const allWeak = args.every((a) => isWeak(a.dtype));
      const ins = allWeak ? args.map((): Dtype => 'float64') : argDtypes(args);
      const value = evalScalar({ ...(e as object), args: args.map((_, k) => ({ input: k })) } as Expr, ins, args.map((a) => a.scalar!));
      return scalarNode(value, allWeak ? dtype : concrete(dtype));
    }
    return intern({ key: key(op === 'astype' ? e.dtype : null, args), dtype, args, argDtypes, make });
  };

  const root = build(expr);
  // Count uses over the DAG, then emit in post-order, freeing registers at their last use.
  const counted = new Set<Node>();
  const count = (n: Node): void => {
    if (counted.has(n)) return;
    counted.add(n);
    for (const a of n.args) {
      if (a.scalar === undefined) a.uses++;
      count(a);
    }
  };
  count(root);
  const instrs: Instr[] = [];
  const free: number[] = [];
  let nRegs = 0;
  const alloc = (): number => free.pop() ?? nRegs++;
  const emit = (n: Node): number => {
    if (n.reg !== undefined) return n.reg;
    const argDtypes = n.argDtypes(n.args);
    const srcs: number[] = [];
    const temps: number[] = [];
    n.args.forEach((a, k) => {
      if (a.scalar !== undefined) {
        const r = alloc();
        instrs.push({ op: 'const', dst: r, value: constValue(a.scalar), dtype: argDtypes[k]! });
        srcs.push(r);
        temps.push(r);
      } else {
        srcs.push(emit(a));
      }
    });
    for (const a of n.args) if (a.scalar === undefined && --a.uses === 0) free.push(a.reg!);
    free.push(...temps);
    const dst = alloc();
    instrs.push(n.make!(dst, srcs, argDtypes));
    n.reg = dst;
    return dst;
  };
  let out: number;
  let outDtype: Dtype;
  if (root.scalar !== undefined) {
    outDtype = concrete(root.dtype);
    out = alloc();
    instrs.push({ op: 'const', dst: out, value: constValue(root.scalar), dtype: outDtype });
  } else {
    out = emit(root);
    outDtype = concrete(root.dtype);
  }
  return { nInputs: inputDtypes.length, inputDtypes: [...inputDtypes], nRegs, instrs, out, outDtype };
}

function scalarIn(op: string, n: Node, into: Dtype): Dtype {
  if (n.scalar === undefined) return concrete(n.dtype);
  return isWeak(n.dtype) ? scalarDtype(op, n.scalar, into) : n.dtype;
}

function castScalar(value: number, dtype: Dtype): number {
  return evalScalar({ op: 'astype', dtype, args: [{ input: 0 }] }, ['float64'], [value]);
}

/** Runs a one-element program: scalars get exactly the semantics arrays get. */
function evalScalar(e: Expr, dtypes: Dtype[], values: number[]): number {
  const inputs = values.map((v, k) => {
    const arr = allocate(dtypes[k]!, 1, { shared: false });
    arr[0] = castValue(v, dtypes[k]!);
    return arr;
  });
  return runProgram(compileExpr(e, dtypes), inputs, { offset: 0, length: 1 }, { shared: false })[0]!;
}
