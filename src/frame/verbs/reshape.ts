/**
 * Verbs that change partitions without looking at values: `concat` (frames one after another,
 * columns unified as pandas does: missing ones become null), `repartition` (merge neighbours or
 * split by rows), `mapPartitions` (a user function from Arrow table to Arrow table).
 */
import type { Schema } from 'apache-arrow';
import { opOf } from '../../client/ship.js';
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { type Dtype, isNumeric, promote } from '../core/dtypes.js';
import { taskOp } from '../core/lower.js';
import { type ColumnMeta, type FrameMeta, metaOfSchema, typeMismatch } from '../core/meta.js';
import { type Node, layerNode, partKey, stepsNode } from '../core/node.js';

function unifyDtype(a: Dtype, b: Dtype, name: string): Dtype {
  if (a === b) return a;
  if (isNumeric(a) && isNumeric(b)) return promote(a, b);
  throw typeMismatch('concat', `column "${name}" is ${a} in one frame and ${b} in another`, { column: name, dtypes: [a, b] }, 'cast the column to one type in every frame first');
}

export function concat(nodes: readonly Node[]): Node {
  if (nodes.length === 0) throw new TuskError('InvalidArgument', 'concat: give at least one frame');
  if (nodes.length === 1) return nodes[0]!;
  const first = nodes[0]!.meta!;
  const columns: ColumnMeta[] = [];
  for (const n of nodes) for (const c of n.meta!.columns) {
    const at = columns.findIndex((x) => x.name === c.name);
    if (at < 0) columns.push(c);
    else columns[at] = { name: c.name, dtype: unifyDtype(columns[at]!.dtype, c.dtype, c.name) };
  }
  const index = first.index.map((c, k) => {
    let d = c.dtype;
    for (const n of nodes) {
      const other = n.meta!.index[k];
      if (!other || n.meta!.index.length !== first.index.length) throw new TuskError('InvalidArgument', 'concat: the frames have different index levels', { hint: 'setIndex or resetIndex so every frame has the same index' });
      d = unifyDtype(d, other.dtype, other.name);
    }
    return { name: c.name, dtype: d };
  });
  const meta: FrameMeta = { index, columns };
  const conformed = nodes.map((n) => stepsNode(n, { s: 'conform', index, columns }, meta));
  const total = conformed.reduce((s, n) => s + n.npartitions, 0);
  return layerNode('concat', {}, conformed, meta, total, (ctx) => ctx.inputs.flat());
}

export function repartition(node: Node, npartitions: number): Node {
  if (!Number.isInteger(npartitions) || npartitions < 1) throw new TuskError('InvalidArgument', `repartition: npartitions must be a positive integer, got ${npartitions}`);
  const n = node.npartitions;
  if (npartitions === n) return node;
  return layerNode('repartition', { npartitions }, [node], node.meta, npartitions, (ctx) => {
    const parts = ctx.inputs[0]!;
    const out: string[] = [];
    if (npartitions < n) {
      for (let j = 0; j < npartitions; j++) {
        const from = Math.floor((j * n) / npartitions);
        const to = Math.floor(((j + 1) * n) / npartitions);
        out.push(ctx.add(partKey(ctx.name, j), taskOp('concatTables'), parts.slice(from, to).map(ref)));
      }
      return out;
    }
    // More partitions: each input is cut into near-equal row ranges, spread evenly.
    for (let i = 0; i < n; i++) {
      const pieces = Math.floor(((i + 1) * npartitions) / n) - Math.floor((i * npartitions) / n);
      for (let k = 0; k < pieces; k++) out.push(ctx.add(partKey(ctx.name, out.length), taskOp('slicePiece'), [ref(parts[i]!), k, pieces]));
    }
    return out;
  });
}

export interface MapPartitionsOptions {
  /** Schema of what `fn` returns (default: the input's). */
  meta?: Schema;
}

/** `fn(table) → table` on every partition, in a worker: a self-contained function or a module export. */
export function mapPartitions(node: Node, fn: (table: never) => unknown, options: MapPartitionsOptions = {}): Node {
  const op = opOf(fn as (...a: unknown[]) => unknown, 'fn', 'mapPartitions');
  const meta = options.meta ? metaOfSchema(options.meta) : node.meta;
  return layerNode('map-partitions', { op, meta }, [node], meta, node.npartitions, (ctx) => ctx.inputs[0]!.map((k, i) => ctx.add(partKey(ctx.name, i), op, [ref(k)])));
}

/**
 * `dropDuplicates` of a frame of several partitions, by hash partitioning (the shuffle of
 * ops/shuffle.ts) instead of one global view of every distinct row. Only the key columns and row
 * numbers travel:
 *
 *   split   per partition: its `subset` columns and row numbers, cut into `nbuckets` by key hash;
 *   pick    per (partition, bucket): that piece, a key of its own (spillable);
 *   keep    per bucket: its pieces in partition order are the bucket's rows in frame order, so the
 *           first / last / only occurrence of each key is decided there; the result lists the
 *           row numbers kept, per input partition;
 *   rows    per input partition: its rows kept by any bucket, in their order.
 *
 * So the answer is pandas' exactly — same rows, same order, same partitions — and no task holds
 * more than one bucket of keys.
 */
export function hashDropDuplicates(node: Node, subset: readonly string[], keep: 'first' | 'last' | false, nbuckets: number): Node {
  return layerNode('drop-duplicates', { subset, keep, nbuckets }, [node], node.meta, node.npartitions, (ctx) => {
    const parts = ctx.inputs[0]!;
    const pick = taskOp('pickPiece');
    const splits = parts.map((k, i) => ctx.add(`${ctx.name}-split.${i}`, taskOp('splitDuplicateKeys'), [subset, nbuckets, ref(k)]));
    const kept: string[] = [];
    for (let j = 0; j < nbuckets; j++) {
      const pieces = splits.map((s, i) => ctx.add(`${ctx.name}-piece.${i}.${j}`, pick, [ref(s), j], { extract: true }));
      kept.push(ctx.add(`${ctx.name}-keep.${j}`, taskOp('keepInBucket'), [subset, keep, ...pieces.map(ref)]));
    }
    return parts.map((k, i) => {
      const mine = kept.map((b, j) => ctx.add(`${ctx.name}-kept.${j}.${i}`, pick, [ref(b), i], { extract: true }));
      return ctx.add(partKey(ctx.name, i), taskOp('keepRows'), [ref(k), ...mine.map(ref)]);
    });
  });
}
