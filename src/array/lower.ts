/**
 * Lowering: expression tree → task graph, with blockwise fusion (DESIGN decision 4).
 *
 * `lower(node, chunks)` returns the block-key prefix of `node` evaluated at `chunks` and adds
 * the tasks that compute it to the builder's graph. A maximal region of element-wise and
 * generator nodes that share the root's shape becomes ONE task per block running a kernels
 * `Program`; everything at the region's edge — stored chunks, reductions, structural layers,
 * and operands that are broadcast (a different shape) — is lowered on its own and enters the
 * program as an input. Because a fused region is evaluated from global element indices and
 * its inputs, it can be produced at any chunking: only stored edges need a rechunk.
 *
 * Reductions become: one `blockReduce` per input block (fused with the chain feeding it, so
 * the chunk is never materialised for a full reduction), combine tasks in groups of
 * `splitEvery`, and one `finalizeBlocks` per output block.
 */
import { tokenize } from '../graph/tokenize.js';
import type { Key } from '../graph/types.js';
import { ref } from '../graph/types.js';
import { toRunnableModuleUrl } from '../worker/load-fn.js';
import { operandChunks } from './broadcast.js';
import { type Chunks, blockIndices, blockShape, offsets, sameChunks, sizeOf, stridesOf } from './chunks.js';
import { type KernelExpr, type Program, compileExpr } from './kernels.js';
import { type GenNode, type MapNode, type Node, type ReduceNode, type View, blockKey, sameView } from './node.js';
import type { BlockInfo, RechunkPiece, ReduceSpec } from './tasks.js';

const moduleUrls = new Map<string, string>();
/**
 * The op that runs export `name` of tasks.ts (or structure-tasks.ts) on a worker — its
 * compiled twin when we run from TypeScript sources.
 */
export function taskOp(name: string, module: 'tasks' | 'structure-tasks' = 'tasks'): string {
  let url = moduleUrls.get(module);
  if (!url) {
    url = toRunnableModuleUrl(new URL(`./${module}.js`, import.meta.url)).href;
    moduleUrls.set(module, url);
  }
  return `mod:${url}#${name}`;
}

/** Block geometry; `view` maps positions to generator indices when the array is a slice of a generated one. */
export function blockInfo(shape: readonly number[], chunks: Chunks, idx: readonly number[], view?: View): BlockInfo {
  const bshape = blockShape(chunks, idx);
  const starts = idx.map((i, k) => offsets(chunks[k]!)[i]!);
  const strides = view ? [...view.strides] : stridesOf(shape);
  let offset = view?.offset ?? 0;
  starts.forEach((s, k) => (offset += s * strides[k]!));
  const length = sizeOf(bshape);
  const range = shape.length >= 2 ? { offset, length, shape: bshape, strides } : { offset, length };
  return { range, shape: bshape };
}

interface Region {
  program: Program;
  /** The view shared by the region's generators (a slice of a generated array), if any. */
  view?: View;
  /** Input layers with their shapes and the chunking they were lowered at. */
  leaves: { name: string; shape: readonly number[]; chunks: Chunks; dtype: Node['dtype'] }[];
}

function isFusable(n: Node): n is GenNode | MapNode {
  return n.kind === 'gen' || n.kind === 'map';
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

export class GraphBuilder {
  readonly graph: Record<Key, unknown> = {};
  private readonly memo = new Map<string, string>();

  /** The block-key prefix of `node` at `chunks` (default: its own), adding tasks as needed. */
  lower(node: Node, chunks: Chunks = node.chunks): string {
    const natural = sameChunks(chunks, node.chunks);
    const memoKey = natural ? node.token : tokenize(node.token, chunks);
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    let name: string;
    if (isFusable(node)) name = this.lowerFused(node, chunks, `${node.label}-${memoKey}`);
    else if (!natural) name = this.rechunk(this.lower(node), node.dtype, node.chunks, chunks);
    else if (node.kind === 'source') {
      Object.assign(this.graph, node.graph);
      name = node.name;
    } else if (node.kind === 'reduce') name = this.lowerReduce(node);
    else {
      name = `${node.label}-${node.token}`;
      const inputNames = node.inputs.map((n, i) => this.lower(n, node.inputChunks?.[i] ?? n.chunks));
      node.build({ inputNames, name, addTask: (key, op, args) => void (this.graph[key] = { op, args }) });
    }
    this.memo.set(memoKey, name);
    return name;
  }

  /** The fused program rooted at `root` at `chunks`, its input layers lowered. */
  region(root: Node, chunks: Chunks): Region {
    const leaves: Region['leaves'] = [];
    const leafIndex = new Map<string, number>();
    const leaf = (n: Node): KernelExpr => {
      const c = operandChunks(n.shape, root.shape, chunks);
      const name = this.lower(n, c);
      let i = leafIndex.get(name);
      if (i === undefined) {
        i = leaves.push({ name, shape: n.shape, chunks: c, dtype: n.dtype }) - 1;
        leafIndex.set(name, i);
      }
      return { input: i };
    };
    // Generators see global indices through one view per program: the first generator sets
    // it, and a generator viewed differently (x[1:] − x[:-1]) is computed as its own input.
    let view: View | undefined;
    let viewSet = false;
    const walk = (n: Node | number): KernelExpr => {
      if (typeof n === 'number') return { scalar: n };
      if (!isFusable(n) || !sameShape(n.shape, root.shape)) return leaf(n);
      if (n.kind === 'gen') {
        if (!viewSet) [view, viewSet] = [n.view, true];
        return sameView(view, n.view) ? n.expr : leaf(n);
      }
      const args = n.args.map(walk);
      if (n.op === 'astype') return { op: 'astype', dtype: n.dtype, args: [args[0]!] };
      return { op: n.op, args } as KernelExpr;
    };
    const expr = isFusable(root) ? walk(root) : leaf(root);
    const program = compileExpr(expr, leaves.map((l) => l.dtype));
    return { program, leaves, view };
  }

  /** Block-level arguments of a region for output block `idx`: geometry and input refs. */
  private regionArgs(r: Region, shape: readonly number[], chunks: Chunks, idx: readonly number[]): { info: BlockInfo; refs: unknown[] } {
    const info = blockInfo(shape, chunks, idx, r.view);
    const refs: unknown[] = [];
    let inShapes: (number[] | null)[] | undefined;
    r.leaves.forEach((l, k) => {
      const off = shape.length - l.shape.length;
      const li = l.shape.map((d, a) => (d === shape[a + off] ? idx[a + off]! : 0));
      refs.push(ref(blockKey(l.name, li)));
      const ls = blockShape(l.chunks, li);
      if (sizeOf(ls) !== info.range.length) {
        inShapes ??= r.leaves.map(() => null);
        inShapes[k] = ls;
      }
    });
    if (inShapes) info.inShapes = inShapes;
    return { info, refs };
  }

  private lowerFused(node: GenNode | MapNode, chunks: Chunks, name: string): string {
    const r = this.region(node, chunks);
    const op = taskOp('blockProgram');
    for (const idx of blockIndices(chunks.map((c) => c.length))) {
      const { info, refs } = this.regionArgs(r, node.shape, chunks, idx);
      this.graph[blockKey(name, idx)] = { op, args: [r.program, info, refs] };
    }
    return name;
  }

  private lowerReduce(node: ReduceNode): string {
    const input = node.input;
    const inChunks = input.chunks;
    const r = this.region(input, inChunks);
    const tok = node.token;
    const name = `${node.label}-${tok}`;
    const reduced = new Set(node.axes);
    const spec: ReduceSpec = { kind: node.reduction, program: r.program, axes: [...node.axes] };
    const groups = new Map<string, { out: number[]; keys: Key[] }>();
    const reduceOp = taskOp('blockReduce');
    for (const idx of blockIndices(inChunks.map((c) => c.length))) {
      const key = blockKey(`${node.label}-partial-${tok}`, idx);
      const { info, refs } = this.regionArgs(r, input.shape, inChunks, idx);
      const axisStart = node.axes.length === 1 ? offsets(inChunks[node.axes[0]!]!)[idx[node.axes[0]!]!]! : 0;
      const isArg = node.reduction === 'argmin' || node.reduction === 'argmax';
      const indexRange = isArg && r.view ? { indexRange: blockInfo(input.shape, inChunks, idx).range } : {};
      this.graph[key] = { op: reduceOp, args: [spec, { ...info, axisStart, ...indexRange }, refs] };
      const out = node.keepdims ? idx.map((i, k) => (reduced.has(k) ? 0 : i)) : idx.filter((_, k) => !reduced.has(k));
      const g = out.join('.');
      if (!groups.has(g)) groups.set(g, { out, keys: [] });
      groups.get(g)!.keys.push(key);
    }
    const combineOp = taskOp('combineBlocks');
    for (const { out, keys: first } of groups.values()) {
      let keys = first;
      for (let level = 1; keys.length > node.splitEvery; level++) {
        const next: Key[] = [];
        for (let g = 0; g * node.splitEvery < keys.length; g++) {
          const key = `${node.label}-combine${level}-${tok}.${[...out, g].join('.')}`;
          this.graph[key] = { op: combineOp, args: [node.reduction, keys.slice(g * node.splitEvery, (g + 1) * node.splitEvery).map(ref)] };
          next.push(key);
        }
        keys = next;
      }
      this.graph[blockKey(name, out)] = { op: taskOp('finalizeBlocks'), args: [node.reduction, node.ddof, node.dtype, keys.map(ref)] };
    }
    return name;
  }

  private rechunk(from: string, dtype: Node['dtype'], oldChunks: Chunks, newChunks: Chunks): string {
    const name = `rechunk-${tokenize(from, newChunks)}`;
    rechunkTasks(from, dtype, oldChunks, newChunks, name, (key, op, args) => void (this.graph[key] = { op, args }));
    return name;
  }
}

/** New blocks cut from the old ones: each new block copies the boxes of the old blocks it overlaps. */
export function rechunkTasks(from: string, dtype: Node['dtype'], oldChunks: Chunks, newChunks: Chunks, name: string, addTask: (key: Key, op: string, args: unknown[]) => void): void {
  const oldOff = oldChunks.map(offsets);
  const newOff = newChunks.map(offsets);
  const op = taskOp('rechunkBlock');
  for (const idx of blockIndices(newChunks.map((c) => c.length))) {
    // Per axis: the old blocks overlapping the new one, with where the overlap sits in each.
    const perAxis = idx.map((i, k) => {
      const lo = newOff[k]![i]!;
      const hi = lo + newChunks[k]![i]!;
      const parts: { block: number; from: number; to: number; size: number }[] = [];
      const oo = oldOff[k]!;
      for (let b = 0; b < oldChunks[k]!.length; b++) {
        const s = Math.max(lo, oo[b]!), e = Math.min(hi, oo[b + 1]!);
        if (e > s || (hi === lo && b === 0)) parts.push({ block: b, from: s - oo[b]!, to: s - lo, size: Math.max(0, e - s) });
      }
      return parts;
    });
    const pieces: (Omit<RechunkPiece, 'data'> & { data: unknown })[] = [];
    for (const c of blockIndices(perAxis.map((p) => p.length))) {
      const parts = c.map((j, k) => perAxis[k]![j]!);
      const oldIdx = parts.map((p) => p.block);
      pieces.push({
        data: ref(blockKey(from, oldIdx)),
        shape: blockShape(oldChunks, oldIdx),
        from: parts.map((p) => p.from),
        to: parts.map((p) => p.to),
        box: parts.map((p) => p.size),
      });
    }
    addTask(blockKey(name, idx), op, [dtype, blockShape(newChunks, idx), pieces]);
  }
}
