/**
 * A plan node, known now or only after a first pass over the data.
 *
 * Almost every frame's plan is known when it is built, so verbs check their arguments at once.
 * `getDummies` without given categories is the exception: its columns depend on the values
 * found over all partitions, so its plan is *deferred* — built when first computed, after a
 * first pass (run on the same client) finds the categories. Verbs applied to a deferred plan
 * are recorded and checked when it resolves.
 */
import type { Client } from '../../client/client.js';
import type { Node } from './node.js';

type Resolver<N> = (client: Client) => Promise<N>;

export class Plan<N extends Node = Node> {
  private readonly cache = new WeakMap<Client, Promise<N>>();

  private constructor(
    private readonly known: N | undefined,
    private readonly resolver: Resolver<N> | undefined,
  ) {}

  static of<N extends Node>(node: N): Plan<N> {
    return new Plan<N>(node, undefined);
  }

  static deferred<N extends Node>(resolve: Resolver<N>): Plan<N> {
    return new Plan<N>(undefined, resolve);
  }

  /** The node, when known without running anything. */
  get node(): N | undefined {
    return this.known;
  }

  map<M extends Node>(f: (n: N) => M): Plan<M> {
    if (this.known) return Plan.of(f(this.known));
    return Plan.deferred(async (client) => f(await this.resolve(client)));
  }

  static all<M extends Node>(plans: readonly Plan[], f: (nodes: Node[]) => M): Plan<M> {
    if (plans.every((p) => p.known)) return Plan.of(f(plans.map((p) => p.known!)));
    return Plan.deferred(async (client) => f(await Promise.all(plans.map((p) => p.resolve(client)))));
  }

  resolve(client: Client): Promise<N> {
    if (this.known) return Promise.resolve(this.known);
    let p = this.cache.get(client);
    if (!p) {
      p = this.resolver!(client);
      this.cache.set(client, p);
    }
    return p;
  }
}
