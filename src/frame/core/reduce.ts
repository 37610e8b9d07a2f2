/**
 * Tree reductions (DESIGN decision 5): one `reduceChunk` per partition, `reduceCombine` over
 * groups of `splitEvery` consecutive partials until one is left, then `reduceFinalize`. Memory
 * holds a handful of partials, never the partitions.
 */
import { ref } from '../../graph/types.js';
import type { ReducerKind } from '../ops/reducers.js';
import { taskOp } from './lower.js';
import type { FrameMeta } from './meta.js';
import { type Node, layerNode, partKey } from './node.js';

export const DEFAULT_SPLIT_EVERY = 8;

/**
 * A reduction of `input` by `kind`. With `meta` the result is a one-partition frame (the
 * finalizer returns a table); without, a value node.
 */
export function reduceNode(kind: ReducerKind, params: unknown, input: Node, meta: FrameMeta | null, splitEvery = DEFAULT_SPLIT_EVERY, label: string = kind): Node {
  return layerNode(label, { kind, params, splitEvery, meta }, [input], meta, 1, (ctx) => {
    const chunk = taskOp('reduceChunk');
    const combine = taskOp('reduceCombine');
    let level = ctx.inputs[0]!.map((k, i) => ctx.add(`${ctx.name}-chunk.${i}`, chunk, [kind, params, ref(k), i]));
    for (let depth = 0; level.length > 1; depth++) {
      const next: string[] = [];
      for (let g = 0; g < level.length; g += splitEvery) {
        next.push(ctx.add(`${ctx.name}-combine-${depth}.${next.length}`, combine, [kind, params, ...level.slice(g, g + splitEvery).map(ref)]));
      }
      level = next;
    }
    const last = level[0] ?? ctx.add(`${ctx.name}-empty`, combine, [kind, params]);
    return [ctx.add(partKey(ctx.name, 0), taskOp('reduceFinalize'), [kind, params, ref(last)])];
  });
}

/** One element of a value node holding a list. */
export function itemNode(input: Node, k: number, label = 'item'): Node {
  return layerNode(label, { k }, [input], null, 1, (ctx) => [ctx.add(partKey(ctx.name, 0), taskOp('item'), [ref(ctx.inputs[0]![0]!), k])]);
}

/** All partitions of a frame as one (the small side of a broadcast join). */
export function gatherNode(input: Node): Node {
  if (input.npartitions === 1) return input;
  return layerNode('gather', {}, [input], input.meta, 1, (ctx) => [ctx.add(partKey(ctx.name, 0), taskOp('concatTables'), ctx.inputs[0]!.map(ref))]);
}
