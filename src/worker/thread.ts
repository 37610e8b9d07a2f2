/**
 * A worker thread's entry point. It runs the tasks it is sent one after the other, in order,
 * and posts outcomes back in batches: a batch goes out when the queue empties or every 2 ms, so
 * thousands of tiny tasks cost a few messages while a chain of dependent tasks sees no delay.
 * While a task runs its run id sits in a shared slot, so if the thread dies the pool knows
 * which task was to blame.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { decode, encode } from './codec.js';
import type { RunMessage, WireOutcome, WireTask, WorkerInit } from './protocol.js';
import { toWireError } from './protocol.js';
import { tryRunTaskSync, runTask } from './run-task.js';
import { noteReleased, releaseIdleCaches, releaseStaleCaches, setGcPressure, setScratchBudget } from '../store/gc.js';
import { bufferBytes } from '../store/sizeof.js';
import { trimMemory } from '../kernels/native.js';

const init = workerData as WorkerInit;
const slots = new Int32Array(init.slots);
const port = parentPort!;

// Forced collections of dropped buffers only past the trim line (0.6 of the memory limit).
const gcLine = init.trimAboveBytes;
if (gcLine !== undefined) setGcPressure(() => process.memoryUsage.rss() > gcLine);
if (init.scratchBytes !== undefined) setScratchBudget(init.scratchBytes);

const queue: WireTask[] = [];
let head = 0;
let outbox: WireOutcome[] = [];
let running = false;
let lastFlush = 0;
const FLUSH_MS = 2;

port.on('message', (msg: RunMessage) => {
  if (msg.type === 'run') {
    for (const t of msg.tasks) queue.push(t);
    if (!running) void drain();
  }
});

function flush(): void {
  if (outbox.length === 0) return;
  const out = outbox;
  outbox = [];
  lastFlush = performance.now();
  try {
    port.postMessage({ type: 'done', outcomes: out });
  } catch (err) {
    // A value that cannot be cloned: report each task in the batch on its own so only the bad one fails.
    for (const o of out) {
      try {
        port.postMessage({ type: 'done', outcomes: [o] });
      } catch (e) {
        port.postMessage({ type: 'done', outcomes: [{ id: o.id, ok: false, error: toWireError(e), start: o.start, duration: o.duration }] });
      }
    }
  }
}

/** Bytes of buffers in the results settled since the last look: this thread drops them once sent. */
let resultBytes = 0;

function settle(task: WireTask, start: number, ok: boolean, payload: unknown): void {
  const duration = performance.now() - start;
  if (ok) resultBytes += bufferBytes(payload);
  const startEpoch = performance.timeOrigin + start;
  if (ok) {
    let value: unknown;
    try {
      value = encode(payload);
    } catch (e) {
      outbox.push({ id: task.id, ok: false, error: toWireError(e), start: startEpoch, duration });
      return;
    }
    outbox.push({ id: task.id, ok: true, value, start: startEpoch, duration });
  } else {
    outbox.push({ id: task.id, ok: false, error: toWireError(payload), start: startEpoch, duration });
  }
}

async function drain(): Promise<void> {
  running = true;
  while (head < queue.length) {
    const task = queue[head]!;
    queue[head++] = undefined as unknown as WireTask;
    Atomics.store(slots, init.index, task.id);
    const start = performance.now();
    try {
      const args = decode(task.args) as unknown[];
      const sync = tryRunTaskSync(task.op, args);
      if (sync && 'value' in sync) settle(task, start, true, sync.value);
      else {
        flush(); // don't hold finished results while we wait on I/O
        const value = sync ? await sync.pending : await runTask(task.op, args);
        settle(task, start, true, value);
      }
    } catch (err) {
      settle(task, start, false, err);
    }
    Atomics.store(slots, init.index, 0);
    if (head === queue.length || performance.now() - lastFlush > FLUSH_MS) flush();
    // Chunk buffers in the arguments and the results die with this thread's handles (a shared
    // buffer is freed only when every thread holding it has collected its handle): report them,
    // so that a collection comes once enough has gone (store/gc.ts).
    const big = bufferBytes(task.args) + resultBytes;
    resultBytes = 0;
    if (big >= 1 << 20) noteReleased(big);
    releaseStaleCaches(STALE_CACHE_MS);
    trimIfHigh();
  }
  queue.length = 0;
  head = 0;
  flush();
  running = false;
  armIdleRelease();
}

/**
 * Past `trimAboveBytes` of process memory, the C library's free heap pages go back to the system
 * after a task (they are the temporaries of tasks just run, collected). At most every 100 ms: the
 * trim walks the heap.
 */
let trimmedAt = -Infinity;
function trimIfHigh(): void {
  const line = init.trimAboveBytes;
  if (line === undefined) return;
  const now = performance.now();
  if (now - trimmedAt < 100) return;
  if (process.memoryUsage.rss() <= line) return;
  trimmedAt = now;
  trimMemory();
}

/** After this long without a task, the thread lets its scratch caches go… */
const IDLE_RELEASE_MS = 3000;
/** …and after this long without being used, a cache goes even while tasks run. */
const STALE_CACHE_MS = 1000;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function armIdleRelease(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (!running) {
      releaseIdleCaches();
      trimmedAt = -Infinity;
      trimIfHigh();
    }
  }, IDLE_RELEASE_MS);
  idleTimer.unref();
}
