/** Keep only the tasks the wanted keys need. */
import { TuskError } from '../errors.js';
import type { Graph, Key, Task } from './types.js';
import { taskDependencies } from './types.js';

export function cull(graph: Graph, keys: Iterable<Key>, known: (key: Key) => boolean = () => false): Record<Key, Task> {
  const out: Record<Key, Task> = {};
  const stack = [...keys];
  while (stack.length) {
    const k = stack.pop()!;
    if (k in out) continue;
    const t = graph[k];
    if (!t) {
      if (known(k)) continue;
      throw new TuskError('MissingKey', `key ${k} is not in the graph`, { context: { key: k } });
    }
    out[k] = t;
    for (const d of taskDependencies(t)) if (!(d in out)) stack.push(d);
  }
  return out;
}
