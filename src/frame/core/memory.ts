/**
 * The memory a computation planned now will most likely run under, for plan-time choices that
 * depend on it (a group-by's `splitOut: 'auto'`, readCsv's default blocksize): the newest open
 * client's cluster's `memoryLimit` and thread count, else the default cluster's
 * (`ta.config.set`), else `TUSK_MEMORY_LIMIT` / half the machine's memory and every core.
 */
import os from 'node:os';
import type { Client } from '../../client/client.js';
import { currentClient } from '../../client/current.js';
import { defaultClusterOptions } from '../../client/default-client.js';
import { defaultMemoryLimit, parseBytes } from '../../config.js';

export function memoryLimitNow(): number {
  const cluster = currentClient<Client>()?.cluster as { memoryLimit?: unknown } | undefined;
  if (typeof cluster?.memoryLimit === 'number' && cluster.memoryLimit > 0) return cluster.memoryLimit;
  const configured = defaultClusterOptions().memoryLimit;
  return configured !== undefined ? parseBytes(configured, 'memoryLimit') : defaultMemoryLimit();
}

/** Threads that would run the tasks (the current cluster's, else every core). */
export function threadsNow(): number {
  const cluster = currentClient<Client>()?.cluster as { nWorkers?: unknown; threadsPerWorker?: unknown } | undefined;
  if (typeof cluster?.nWorkers === 'number' && cluster.nWorkers > 0) {
    return cluster.nWorkers * (typeof cluster.threadsPerWorker === 'number' && cluster.threadsPerWorker > 0 ? cluster.threadsPerWorker : 1);
  }
  return Math.max(1, os.availableParallelism());
}
