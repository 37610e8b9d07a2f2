/**
 * Spilled inputs read back for a task are memory the store no longer counts: the scheduler
 * holds their bytes against the pause line until the task finishes, so a graph of many tasks
 * over spilled partitions reads back only what fits (the first always, so work goes on).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ref } from '../../src/graph/types.js';
import type { Executor } from '../../src/scheduler/executor.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { ChunkStore } from '../../src/store/chunk-store.js';
import { SpillFiles } from '../../src/store/spill-files.js';
import type { PoolSink, PoolTask } from '../../src/worker/pool.js';

/** Takes every task it is given and finishes them only when told to. */
class HoldingExecutor implements Executor {
  sink: PoolSink | undefined;
  readonly held: PoolTask[] = [];
  async start(sink: PoolSink): Promise<void> {
    this.sink = sink;
  }
  hasRoom(): boolean {
    return true;
  }
  run(task: PoolTask): void {
    this.held.push(task);
  }
  workerNames(): string[] {
    return ['w0', 'w1', 'w2', 'w3'];
  }
  finishAll(): void {
    const done = this.held.splice(0);
    this.sink!.finished(done.map((t) => ({ key: t.key, ok: true, value: 1, worker: 'w0', start: Date.now(), duration: 0 })));
  }
  async close(): Promise<void> {}
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until `cond` holds (polling; a loaded machine reads files slowly), then a little more. */
async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(10);
  await sleep(100); // …so that a task that should not start would have had the time to
}

it('reads back spilled inputs only while they fit under the pause line, one at least', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-readback-'));
  dirs.push(dir);
  const MB = 2 ** 20;
  // Limit 10 MiB: target 6, pause 8. Six 3 MiB partitions: two stay in memory, four spill.
  const store = new ChunkStore({ memoryLimit: 10 * MB, spill: new SpillFiles(dir) });
  const executor = new HoldingExecutor();
  const scheduler = new Scheduler({ executor, store });
  await scheduler.start();
  for (let i = 0; i < 6; i++) scheduler.putData(`part-${i}`, new Float64Array((3 * MB) / 8).fill(i));
  await store.settle();
  const spilled = [0, 1, 2, 3, 4, 5].filter((i) => !store.isInMemory(`part-${i}`));
  expect(spilled.length).toBe(4);

  scheduler.submit([0, 1, 2, 3, 4, 5].map((i) => ({ key: `use-${i}`, task: { op: 'identity', args: [ref(`part-${i}`)] } })), [0, 1, 2, 3, 4, 5].map((i) => `use-${i}`));
  await until(() => executor.held.length >= 3);
  // The two in memory run at once; of the four on disk, one is read back (6 MiB stored + 3 read
  // back = 9 > 8 leaves no room for a second) — without the rule, all four were.
  const readBack = () => executor.held.filter((t) => spilled.some((i) => t.key === `use-${i}`)).length;
  expect(executor.held.length).toBe(3);
  expect(readBack()).toBe(1);
  // As tasks finish, the next ones go: every task runs in the end.
  let rounds = 0;
  let ran = 0;
  while (ran < 6 && rounds++ < 20) {
    ran += executor.held.length;
    executor.finishAll();
    await until(() => executor.held.length > 0 || ran === 6);
    expect(readBack()).toBeLessThanOrEqual(1);
  }
  expect(ran).toBe(6);
  await scheduler.close?.();
  await store.close();
});
