/**
 * The plan behind a lazy frame: immutable plain nodes with a deterministic token (equal plans
 * give equal keys, DESIGN decision 2). Lowered to a task graph by `lower.ts`.
 *
 *   - `source`  partitions that exist as keys: a CSV read's tasks, literal tables, persisted futures;
 *   - `steps`   one partition-wise step (select, assign, filter, fillna, join with a broadcast
 *               table, …) — consecutive steps fuse into ONE task per partition; `sides` are
 *               single-key inputs every partition sees (a group-by table, a scalar);
 *   - `layer`   anything else (tree reductions, sort, repartition): `build` adds its tasks.
 *
 * A frame node has `meta` and `npartitions` keys holding Arrow tables; a value node (a scalar,
 * a reduction's partial state) has one key holding any value.
 */
import { tokenize } from '../../graph/tokenize.js';
import type { Key } from '../../graph/types.js';
import type { FrameMeta } from './meta.js';
import type { Step } from './steps.js';

interface Base {
  readonly token: string;
  /** Readable key prefix: `read-csv`, `assign`, `groupby-agg`. */
  readonly label: string;
  /** null for a value node. */
  readonly meta: FrameMeta | null;
  readonly npartitions: number;
}

export interface SourceNode extends Base {
  readonly kind: 'source';
  readonly graph: Readonly<Record<Key, unknown>>;
  readonly keys: readonly Key[];
  /** Futures kept alive while this node is (persisted partitions). */
  readonly holds?: readonly unknown[];
}

export interface StepsNode extends Base {
  readonly kind: 'steps';
  readonly input: Node;
  readonly step: Step;
  readonly sides: readonly Node[];
}

export interface LayerBuild {
  /** Keys of each input's partitions (one key for a value node). */
  readonly inputs: readonly (readonly Key[])[];
  /** This layer's key prefix. */
  readonly name: string;
  /** `extract`: the task takes one part of its single input (see `Task.extract`). */
  add(key: Key, op: string, args: unknown[], options?: { extract?: boolean }): Key;
}

export interface LayerNode extends Base {
  readonly kind: 'layer';
  readonly inputs: readonly Node[];
  /** Adds tasks; returns this node's keys (may be input keys unchanged). */
  readonly build: (ctx: LayerBuild) => readonly Key[];
}

export type Node = SourceNode | StepsNode | LayerNode;

export function sourceNode(label: string, token: string, meta: FrameMeta | null, graph: Record<Key, unknown>, keys: Key[], holds?: unknown[]): SourceNode {
  return { kind: 'source', label, token, meta, npartitions: keys.length, graph, keys, holds };
}

export function stepsNode(input: Node, step: Step, meta: FrameMeta, sides: readonly Node[] = []): StepsNode {
  const token = tokenize('steps', input.token, step, sides.map((s) => s.token));
  return { kind: 'steps', label: step.s, token, meta, npartitions: input.npartitions, input, step, sides };
}

/** `params` must hold everything `build` depends on besides the inputs (it goes into the token). */
export function layerNode(label: string, params: unknown, inputs: readonly Node[], meta: FrameMeta | null, npartitions: number, build: LayerNode['build']): LayerNode {
  const token = tokenize('layer', label, params, inputs.map((n) => n.token));
  return { kind: 'layer', label, token, meta, npartitions, inputs, build };
}

export const partKey = (name: string, i: number): Key => `${name}.${i}`;
