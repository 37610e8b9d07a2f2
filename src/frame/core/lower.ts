/**
 * Lowering: plan → task graph. A chain of `steps` nodes becomes one task per partition
 * (`runSteps`: decode once, apply every step, encode once); each node is lowered once however
 * many consumers it has.
 */
import type { Key } from '../../graph/types.js';
import { ref } from '../../graph/types.js';
import { toRunnableModuleUrl } from '../../worker/load-fn.js';
import { type Node, type StepsNode, partKey } from './node.js';
import { TuskError } from '../../errors.js';
import { isFuture } from '../../client/future.js';

let tasksUrl: string | undefined;

/** The op running export `name` of the frame's worker tasks (`tasks.ts`, compiled). */
export function taskOp(name: string): string {
  tasksUrl ??= toRunnableModuleUrl(new URL('../tasks.js', import.meta.url)).href;
  return `mod:${tasksUrl}#${name}`;
}

export class GraphBuilder {
  readonly graph: Record<Key, unknown> = {};
  private readonly memo = new Map<string, readonly Key[]>();

  lower(node: Node): readonly Key[] {
    const hit = this.memo.get(node.token);
    if (hit) return hit;
    let keys: readonly Key[];
    switch (node.kind) {
      case 'source':
        // A persisted frame whose partitions were let go (release(), or lost with their worker).
        if (node.holds?.some((f) => isFuture(f) && f.status === 'lost')) {
          throw new TuskError('MissingKey', `a persisted frame's partitions are gone: it was released (release()) or they were lost with a worker`, {
            hint: 'persist the frame again, or keep it until you are done with it',
          });
        }
        Object.assign(this.graph, node.graph);
        keys = node.keys;
        break;
      case 'steps':
        keys = this.lowerSteps(node);
        break;
      case 'layer': {
        const inputs = node.inputs.map((n) => this.lower(n));
        const name = `${node.label}-${node.token}`;
        keys = node.build({
          inputs,
          name,
          add: (key, op, args, options) => {
            this.graph[key] = options?.extract === true ? { op, args, extract: true } : { op, args };
            return key;
          },
        });
        break;
      }
    }
    this.memo.set(node.token, keys);
    return keys;
  }

  private lowerSteps(node: StepsNode): readonly Key[] {
    const chain: StepsNode[] = [];
    let n: Node = node;
    // Stop fusing at a node already lowered (its keys exist) so shared work is not repeated.
    while (n.kind === 'steps' && (n === node || !this.memo.has(n.token))) {
      chain.unshift(n);
      n = n.input;
    }
    const base = this.lower(n);
    const sideKeys: Key[] = [];
    const steps = chain.map((c) => {
      const sideBase = sideKeys.length;
      for (const s of c.sides) {
        const k = this.lower(s);
        sideKeys.push(k[0]!);
      }
      return { ...c.step, sideBase };
    });
    const name = `${node.label}-${node.token}`;
    const op = taskOp('runSteps');
    const sides = sideKeys.map(ref);
    return base.map((k, i) => {
      const key = partKey(name, i);
      this.graph[key] = { op, args: [steps, ref(k), sides, i] };
      return key;
    });
  }
}

export function graphOf(node: Node): { graph: Record<Key, unknown>; keys: readonly Key[] } {
  const b = new GraphBuilder();
  const keys = b.lower(node);
  return { graph: b.graph, keys };
}
