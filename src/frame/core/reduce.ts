/**
 * Tree reductions (DESIGN decision 5): one `reduceChunk` per partition, `reduceCombine` over
 * groups of `splitEvery` consecutive partials until one is left, then `reduceFinalize`. Memory
 * holds a handful of partials, never the partitions.
 */
import { ref } from '../../graph/types.js';
import type { ReducerKind } from '../ops/reducers.js';
import { taskOp } from './lower.js';
import type { FrameMeta } from './meta.js';
import { type LayerBuild, type Node, layerNode, partKey } from './node.js';

export const DEFAULT_SPLIT_EVERY = 8;

/**
 * A reduction of `input` by `kind`. With `meta` the result is a one-partition frame (the
 * finalizer returns a table); without, a value node.
 */
export function reduceNode(kind: ReducerKind, params: unknown, input: Node, meta: FrameMeta | null, splitEvery = DEFAULT_SPLIT_EVERY, label: string = kind, options: ReduceOptions = {}): Node {
  const fuse = options.fuseFinal === true;
  return layerNode(label, { kind, params, splitEvery, meta, ...(fuse ? { fuse } : {}) }, [input], meta, 1, (ctx) => {
    const chunk = taskOp('reduceChunk');
    const level = ctx.inputs[0]!.map((k, i) => ctx.add(`${ctx.name}-chunk.${i}`, chunk, [kind, params, ref(k), i]));
    return [finalizeTask(ctx, kind, params, level, splitEvery, ctx.name, fuse, partKey(ctx.name, 0))];
  });
}

export interface ReduceOptions {
  /**
   * The finalizer takes the last level's partials (at most `splitEvery`) as a list instead of a
   * last combine task: for reducers whose finalizer can merge and finish in one pass (`agg`).
   */
  fuseFinal?: boolean;
}

/** Combines `level` `splitEvery` at a time, then the finalizer (of one partial, or of the last ≤ splitEvery with `fuse`). */
function finalizeTask(ctx: LayerBuild, kind: ReducerKind, params: unknown, level: string[], splitEvery: number, prefix: string, fuse: boolean, key: string): string {
  const combine = taskOp('reduceCombine');
  for (let depth = 0; level.length > (fuse ? splitEvery : 1); depth++) {
    const next: string[] = [];
    for (let g = 0; g < level.length; g += splitEvery) {
      next.push(ctx.add(`${prefix}-combine-${depth}.${next.length}`, combine, [kind, params, ...level.slice(g, g + splitEvery).map(ref)]));
    }
    level = next;
  }
  const last = fuse && level.length > 1 ? level.map(ref) : ref(level[0] ?? ctx.add(`${prefix}-empty`, combine, [kind, params]));
  return ctx.add(key, taskOp('reduceFinalize'), [kind, params, last]);
}

/**
 * A hash-partitioned reduction (a group-by's `splitOut`, as Dask's `split_out`): the chunk of
 * `split.kind` turns each partition into a list of `nbuckets` partials (cut by a hash of the
 * keys), bucket j of every partition is picked out and goes through its own combine tree of
 * `kind`, and its finalizer gives output partition j. Equal keys always land in the same bucket,
 * so every output partition is complete for its keys; the global order is by bucket.
 */
export function reduceSplitNode(
  split: { kind: ReducerKind; params: unknown },
  kind: ReducerKind,
  params: unknown,
  input: Node,
  meta: FrameMeta,
  nbuckets: number,
  splitEvery = DEFAULT_SPLIT_EVERY,
  label: string = kind,
  options: ReduceOptions = {},
): Node {
  const fuse = options.fuseFinal === true;
  return layerNode(label, { split, kind, params, nbuckets, splitEvery, meta, ...(fuse ? { fuse } : {}) }, [input], meta, nbuckets, (ctx) => {
    const chunk = taskOp('reduceChunk');
    const pick = taskOp('pick');
    const lists = ctx.inputs[0]!.map((k, i) => ctx.add(`${ctx.name}-chunk.${i}`, chunk, [split.kind, split.params, ref(k), i]));
    const out: string[] = [];
    for (let j = 0; j < nbuckets; j++) {
      const level = lists.map((l, i) => ctx.add(`${ctx.name}-bucket-${j}.${i}`, pick, [ref(l), j], { extract: true }));
      out.push(finalizeTask(ctx, kind, params, level, splitEvery, `${ctx.name}-b${j}`, fuse, partKey(ctx.name, j)));
    }
    return out;
  });
}

/** One element of a value node holding a list. */
export function itemNode(input: Node, k: number, label = 'item'): Node {
  return layerNode(label, { k }, [input], null, 1, (ctx) => [ctx.add(partKey(ctx.name, 0), taskOp('item'), [ref(ctx.inputs[0]![0]!), k], { extract: true })]);
}

/** All partitions of a frame as one (the small side of a broadcast join). */
export function gatherNode(input: Node): Node {
  if (input.npartitions === 1) return input;
  return layerNode('gather', {}, [input], input.meta, 1, (ctx) => [ctx.add(partKey(ctx.name, 0), taskOp('concatTables'), ctx.inputs[0]!.map(ref))]);
}
