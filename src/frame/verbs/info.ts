/**
 * `info()`: pandas' summary (columns, non-null counts, dtypes, memory), from one tree reduction
 * that counts rows and non-null values and finds the first and last index labels.
 */
import type { InfoStats } from '../ops/reducers.js';
import { reduceNode } from '../core/reduce.js';
import type { Plan } from '../core/plan.js';
import { type ComputeOptions, clientOf, runNode } from '../core/run.js';
import { formatInfo } from '../local/info.js';

export interface InfoOptions extends ComputeOptions {
  /** Print it (default true). The text is returned either way. */
  print?: boolean;
  showCounts?: boolean;
}

export async function info(plan: Plan, options: InfoOptions = {}): Promise<string> {
  const client = clientOf(options);
  const node = await plan.resolve(client);
  const [stats] = (await runNode(reduceNode('info', {}, node, null), client)) as [InfoStats];
  const text = formatInfo(node.meta!, stats, { showCounts: options.showCounts });
  if (options.print ?? true) process.stdout.write(text);
  return text;
}
