/**
 * Running plans: resolve (deferred plans run their first pass), lower, hand the graph to a
 * client (the shared default client when none is given), bring back tables or values.
 */
import type { Table } from 'apache-arrow';
import type { Client } from '../../client/client.js';
import { defaultClient } from '../../client/default-client.js';
import { graphOf } from './lower.js';
import type { Node } from './node.js';
import type { Plan } from './plan.js';

export interface ComputeOptions {
  client?: Client;
}

export const clientOf = (options: ComputeOptions = {}): Client => options.client ?? defaultClient();

/** Every partition (or the single value) of a node. */
export async function runNode(node: Node, client: Client): Promise<unknown[]> {
  const { graph, keys } = graphOf(node);
  return (await client.get(graph, [...keys])) as unknown[];
}

export async function runPlan(plan: Plan, options: ComputeOptions = {}): Promise<{ node: Node; values: unknown[] }> {
  const client = clientOf(options);
  const node = await plan.resolve(client);
  return { node, values: await runNode(node, client) };
}

export async function runTables(plan: Plan, options: ComputeOptions = {}): Promise<{ node: Node; tables: Table[] }> {
  const { node, values } = await runPlan(plan, options);
  return { node, tables: values as Table[] };
}
