/**
 * What the scheduler needs from whatever runs tasks: the thread pool (`worker/pool.ts`), the
 * in-process executor (tests, debugging) and, later, NATS workers on other machines.
 */
import type { PoolSink, PoolTask } from '../worker/pool.js';

export type { PoolSink as ExecutorSink, PoolTask as ExecutorTask, PoolOutcome as ExecutorOutcome, LostTask } from '../worker/pool.js';

export interface Executor {
  start(sink: PoolSink): Promise<void>;
  /** Whether it takes this task now (the scheduler asks before each `run`). */
  hasRoom(key: string): boolean;
  run(task: PoolTask): void;
  workerNames(): string[];
  close(): Promise<void>;
}
