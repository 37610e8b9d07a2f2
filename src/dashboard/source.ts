/**
 * What the dashboard reads: one event stream (DESIGN decision 7) plus a few cheap polls. A
 * `Client`, a `LocalCluster` or a test's in-memory emitter can all stand behind it, which keeps
 * this layer free of schedulers, arrays and frames.
 */
import type { SchedulerEvent } from '../scheduler/events.js';

export type { SchedulerEvent };

export type TaskCountStatus = 'waiting' | 'ready' | 'processing' | 'memory' | 'erred' | 'cancelled';

export interface DashboardMemory {
  /** Bytes of results held in memory by the store. */
  managed: number;
  /** Bytes of results spilled to disk. */
  spilled: number;
  /** The store's budget (0 or Infinity when there is none). */
  memoryLimit: number;
  /** Resident set size of the process. */
  process: number;
}

export interface DashboardSource {
  /** Subscribe to scheduler events; returns the unsubscribe function. */
  on(listener: (e: SchedulerEvent) => void): () => void;
  /** Worker thread names, e.g. 'worker-0'. */
  workers(): string[];
  memory(): DashboardMemory;
  counts(): Record<TaskCountStatus, number>;
}
