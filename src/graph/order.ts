/**
 * Static order: a priority for every task such that running in that order keeps memory low.
 *
 * Depth-first from the outputs: a task's dependencies are ordered just before it, the
 * dependency with the smallest sub-graph first, so a reduction over many chunks finishes each
 * partial soon after its inputs exist instead of producing all inputs first (the same habit as
 * dask/order.py). Also detects cycles, naming one.
 */
import { TuskError } from '../errors.js';
import type { Graph, Key, Task } from './types.js';
import { taskDependencies } from './types.js';

export function orderTasks(graph: Graph, outputs?: readonly Key[]): Map<Key, number> {
  const deps = new Map<Key, Key[]>();
  const dependents = new Map<Key, number>();
  for (const k of Object.keys(graph)) {
    const d = [...taskDependencies(graph[k]!)].filter((x) => x in graph);
    deps.set(k, d);
    for (const x of d) dependents.set(x, (dependents.get(x) ?? 0) + 1);
  }
  const roots = outputs?.filter((k) => k in graph) ?? Object.keys(graph).filter((k) => !dependents.has(k));
  const size = subtreeSizes(deps, roots.length ? roots : Object.keys(graph));
  const order = new Map<Key, number>();
  const state = new Map<Key, 1 | 2>(); // 1 = on the stack, 2 = done
  let next = 0;
  const visit = (root: Key): void => {
    const stack: Array<{ key: Key; i: number; kids: Key[] }> = [];
    const push = (key: Key) => {
      state.set(key, 1);
      const kids = [...deps.get(key)!].sort((a, b) => (size.get(a) ?? 0) - (size.get(b) ?? 0));
      stack.push({ key, i: 0, kids });
    };
    push(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.kids.length) {
        const kid = top.kids[top.i++]!;
        const s = state.get(kid);
        if (s === 2) continue;
        if (s === 1) {
          const cycle = [...stack.slice(stack.findIndex((f) => f.key === kid)).map((f) => f.key), kid];
          throw new TuskError('CyclicGraph', `the graph has a cycle: ${cycle.join(' → ')}`, { context: { cycle } });
        }
        push(kid);
      } else {
        stack.pop();
        state.set(top.key, 2);
        order.set(top.key, next++);
      }
    }
  };
  for (const r of roots) if (!state.has(r)) visit(r);
  for (const k of Object.keys(graph)) if (!state.has(k)) visit(k);
  return extractorsFirst(graph, deps, order);
}

/** Tasks marked `extract` (a hash-partitioned reduction's pick of a bucket, a shuffle's piece, a value node's item). */
const isExtractor = (t: Task): boolean => t.extract === true;

/**
 * Extractors run right after the value they read, all of them, so that the value is released
 * once split. Depth-first alone orders bucket j's picks just before bucket j's combine: each
 * partition's list of buckets stayed alive until the last bucket, and under a memory limit it was
 * spilled whole and read back whole — 111 MB for every 1.4 MB piece, 78 times per list for
 * db-benchmark's q10 at 1e8 rows (78 buckets).
 */
function extractorsFirst(graph: Graph, deps: Map<Key, Key[]>, order: Map<Key, number>): Map<Key, number> {
  const extractorsOf = new Map<Key, Key[]>();
  for (const [k, d] of deps) {
    if (d.length !== 1 || !isExtractor(graph[k]!)) continue;
    const list = extractorsOf.get(d[0]!);
    if (list) list.push(k);
    else extractorsOf.set(d[0]!, [k]);
  }
  if (extractorsOf.size === 0) return order;
  const seq = [...order.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const out = new Map<Key, number>();
  let next = 0;
  const emit = (k: Key): void => {
    if (out.has(k)) return;
    out.set(k, next++);
    const xs = extractorsOf.get(k);
    if (xs) for (const x of xs.sort((a, b) => order.get(a)! - order.get(b)!)) emit(x);
  };
  for (const k of seq) emit(k);
  return out;
}

function subtreeSizes(deps: Map<Key, Key[]>, roots: readonly Key[]): Map<Key, number> {
  // Count of tasks reachable (with repeats capped) — a cheap proxy for "how much work and memory".
  const size = new Map<Key, number>();
  const post: Key[] = [];
  const seen = new Set<Key>();
  const stack: Array<[Key, boolean]> = roots.map((r) => [r, false]);
  while (stack.length) {
    const [k, expanded] = stack.pop()!;
    if (expanded) {
      post.push(k);
      continue;
    }
    if (seen.has(k)) continue;
    seen.add(k);
    stack.push([k, true]);
    for (const d of deps.get(k) ?? []) if (!seen.has(d)) stack.push([d, false]);
  }
  for (const k of post) {
    let s = 1;
    for (const d of deps.get(k) ?? []) s += size.get(d) ?? 1;
    size.set(k, Math.min(s, 1e9));
  }
  return size;
}
