/**
 * Worker-side array tasks: what the ops `mod:<this file>#<export>` run on a chunk.
 *
 * Every export takes plain data (a kernels `Program`, block geometry, partials) and typed
 * arrays, and returns a typed array or partials — nothing here knows about graphs or clients.
 * Block geometry (`BlockInfo`) travels with each task so a worker never needs the whole array.
 */
import { copyBox, broadcastInto } from './nd.js';
import { type PackedPartials, packPartials, partialAt } from './packed.js';
import {
  type ChunkRange, type Dtype, type Program, type ReductionKind, type ReductionPartial, type TypedArray,
  allocate, combine, compileExpr, finalize, reduceValues, runProgram, runProgramReduce,
} from './kernels.js';

export interface BlockInfo {
  /** Global position of the block's elements (generators and argmin/argmax read it). */
  range: ChunkRange;
  /** The block's shape. */
  shape: number[];
  /** Per input: its block shape when it must be broadcast up to `shape`, else null. */
  inShapes?: (number[] | null)[];
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function prepareInputs(program: Program, info: BlockInfo, inputs: TypedArray[]): TypedArray[] {
  if (!info.inShapes) return inputs;
  return inputs.map((x, k) => {
    const s = info.inShapes![k];
    if (!s) return x;
    // A broadcast operand is stretched to the block once; the program then reads it like any input.
    const out = allocate(program.inputDtypes[k]!, sizeOf(info.shape), { shared: false });
    broadcastInto(x, s, out, info.shape);
    return out;
  });
}

/** One block of a fused element-wise chain. */
export function blockProgram(program: Program, info: BlockInfo, inputs: TypedArray[]): TypedArray {
  return runProgram(program, prepareInputs(program, info, inputs), info.range);
}

function isIdentity(p: Program): boolean {
  return p.instrs.length === 1 && p.instrs[0]!.op === 'input';
}

export interface ReduceSpec {
  kind: ReductionKind;
  program: Program;
  /** Block axes to reduce, ascending; all axes for a full reduction. */
  axes: number[];
}

/**
 * The partials of one block: one per element of the block's reduced shape, in C order. A full
 * reduction streams the program through `runProgramReduce`, so the chunk is never materialised.
 */
export function blockReduce(spec: ReduceSpec, info: BlockInfo & { axisStart?: number; indexRange?: ChunkRange }, inputs: TypedArray[]): PackedPartials {
  const ins = prepareInputs(spec.program, info, inputs);
  const shape = info.shape;
  if (spec.axes.length === shape.length) {
    if (!info.indexRange) return packPartials(1, () => runProgramReduce(spec.program, ins, info.range, spec.kind));
    // argmin/argmax of a sliced generator: values come through the view, indices must be the slice's own.
    const data = runProgram(spec.program, ins, info.range, { shared: false });
    const identity = compileExpr({ input: 0 }, [spec.program.outDtype]);
    return packPartials(1, () => runProgramReduce(identity, [data], info.indexRange!, spec.kind));
  }
  const data = isIdentity(spec.program) ? ins[0]! : runProgram(spec.program, ins, info.range, { shared: false });
  const dtype = spec.program.outDtype;
  const reduced = new Set(spec.axes);
  const st = new Array<number>(shape.length);
  for (let k = shape.length - 1, s = 1; k >= 0; k--) {
    st[k] = s;
    s *= shape[k]!;
  }
  // Offsets of the reduced elements (C order over the reduced axes) and of each kept position.
  const offsetsOver = (axes: number[]): number[] => {
    let offs = [0];
    for (const k of axes) {
      const next: number[] = [];
      for (const o of offs) for (let i = 0; i < shape[k]!; i++) next.push(o + i * st[k]!);
      offs = next;
    }
    return offs;
  };
  const rOffs = offsetsOver(spec.axes);
  const kOffs = offsetsOver(shape.map((_, k) => k).filter((k) => !reduced.has(k)));
  const scratch = new Float64Array(rOffs.length);
  const axisStart = info.axisStart ?? 0;
  return packPartials(kOffs.length, (o) => {
    const base = kOffs[o]!;
    for (let j = 0; j < rOffs.length; j++) scratch[j] = data[base + rOffs[j]!]!;
    return reduceValues(spec.kind, scratch, axisStart, dtype);
  });
}

/** Merges lists of partials element by element. */
export function combineBlocks(kind: ReductionKind, parts: PackedPartials[]): PackedPartials {
  if (parts.length === 1) return parts[0]!;
  return packPartials(parts[0]!.n, (i) => {
    let acc: ReductionPartial = partialAt(parts[0]!, i);
    for (let p = 1; p < parts.length; p++) acc = combine(kind, acc, partialAt(parts[p]!, i));
    return acc;
  });
}

/** The last level of the tree: combine, then numpy's answer per element, as a chunk of `dtype`. */
export function finalizeBlocks(kind: ReductionKind, ddof: number, dtype: Dtype, parts: PackedPartials[]): TypedArray {
  const merged = combineBlocks(kind, parts);
  const out = allocate(dtype, merged.n);
  for (let i = 0; i < merged.n; i++) {
    const v = finalize(kind, partialAt(merged, i), { ddof });
    out[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  return out;
}

export interface RechunkPiece {
  data: TypedArray;
  shape: number[];
  /** Where the piece starts inside `data`, and inside the new block. */
  from: number[];
  to: number[];
  box: number[];
}

/** One block of a rechunked array, cut from the old blocks that overlap it. */
export function rechunkBlock(dtype: Dtype, shape: number[], pieces: RechunkPiece[]): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  for (const p of pieces) copyBox(p.data, p.shape, p.from, out, shape, p.to, p.box);
  return out;
}
