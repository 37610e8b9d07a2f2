/**
 * A synchronous-semantics executor that runs tasks on the main thread, one at a time, with the
 * same op registry and function loading as the worker threads. The default in unit tests and
 * handy for debugging (breakpoints work, stacks are local).
 */
import { runTask } from '../worker/run-task.js';
import { toWireError } from '../worker/protocol.js';
import type { Executor } from './executor.js';
import type { PoolSink, PoolTask } from '../worker/pool.js';

export class InProcessExecutor implements Executor {
  private sink: PoolSink | undefined;
  private queue: PoolTask[] = [];
  private busy = false;
  private closed = false;

  async start(sink: PoolSink): Promise<void> {
    this.sink = sink;
  }

  hasRoom(): boolean {
    return !this.closed && this.queue.length < 64;
  }

  workerNames(): string[] {
    return ['in-process'];
  }

  run(task: PoolTask): void {
    this.queue.push(task);
    if (!this.busy) {
      this.busy = true;
      setImmediate(() => void this.drain());
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.closed) {
      const task = this.queue.shift()!;
      const start = Date.now();
      const t0 = performance.now();
      try {
        const value = await runTask(task.op, task.args);
        this.sink?.finished([{ key: task.key, ok: true, value, worker: 'in-process', start, duration: performance.now() - t0 }]);
      } catch (err) {
        this.sink?.finished([{ key: task.key, ok: false, error: toWireError(err), worker: 'in-process', start, duration: performance.now() - t0 }]);
      }
    }
    this.busy = false;
  }
}
