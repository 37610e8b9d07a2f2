/**
 * The main-thread side of the worker threads: a pool that runs task batches on N threads.
 *
 * Each thread gets a queue sized by time, not count: tasks are queued on a thread while the
 * estimated work waiting there stays under ~2 ms (estimates per task name, learned from
 * finished tasks, as Dask does per key prefix). Thousands of tiny tasks then flow without the
 * thread ever waiting for the main thread, while long tasks go out one per thread, so an idle
 * thread always gets the next one. Tasks go out in one message per thread per tick. When a thread dies (process.exit
 * inside a task, out of heap, a crash), the pool reads the dying thread's slot to learn which
 * task was running — that one is reported `suspicious`, the others queued behind it are simply
 * handed back — and starts a replacement thread.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { toRunnableModuleUrl } from './load-fn.js';
import { encode, decode } from './codec.js';
import type { DoneMessage, WireError, WireTask, WorkerInit } from './protocol.js';

export interface PoolTask {
  readonly key: string;
  readonly op: string;
  readonly args: readonly unknown[];
}

export interface PoolOutcome {
  readonly key: string;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: WireError;
  readonly worker: string;
  readonly start: number;
  readonly duration: number;
}

export interface LostTask {
  readonly key: string;
  /** True for the task that was running when the thread died. */
  readonly suspicious: boolean;
  readonly worker: string;
  readonly reason: string;
}

export interface PoolSink {
  finished(outcomes: PoolOutcome[]): void;
  lost(tasks: LostTask[]): void;
  workerDied?(worker: string, reason: string): void;
}

export interface ThreadPoolOptions {
  nThreads: number;
  /** Label of thread i, e.g. `worker-0/thread-1`. */
  name?: (i: number) => string;
  /** Most tasks queued on one thread at once. */
  maxQueue?: number;
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number; stackSizeMb?: number };
  /** Process resident bytes above which a thread trims its C library's free heap memory after a task (see WorkerInit). */
  trimAboveBytes?: number;
  /** Bytes of reusable scratch each thread may keep (see WorkerInit). */
  scratchBytes?: number;
}

interface ThreadState {
  worker: Worker;
  name: string;
  index: number;
  /** Run ids on this thread, not yet finished → key and the estimate charged for it. */
  inflight: Map<number, { key: string; est: number }>;
  /** Sum of the estimates of the tasks in `inflight`, in ms. */
  pendingMs: number;
  outgoing: WireTask[];
  online: Promise<void>;
  deathReason: string | undefined;
}

export class ThreadPool {
  readonly nThreads: number;
  readonly maxQueue: number;
  /** Task duration estimates by key prefix, in ms (exponentially weighted). */
  private readonly estimates = new Map<string, number>();
  private readonly threads: ThreadState[] = [];
  private readonly slots: Int32Array;
  private readonly slotBuffer: SharedArrayBuffer;
  private readonly options: ThreadPoolOptions;
  private sink: PoolSink | undefined;
  private nextId = 1;
  private flushQueued = false;
  private closed = false;
  private inflightTotal = 0;

  constructor(options: ThreadPoolOptions) {
    if (!Number.isInteger(options.nThreads) || options.nThreads < 1) {
      throw new RangeError(`ThreadPool: nThreads must be a positive integer, got ${options.nThreads}`);
    }
    this.options = options;
    this.nThreads = options.nThreads;
    this.maxQueue = options.maxQueue ?? 256;
    this.slotBuffer = new SharedArrayBuffer(4 * options.nThreads);
    this.slots = new Int32Array(this.slotBuffer);
  }

  async start(sink: PoolSink): Promise<void> {
    this.sink = sink;
    for (let i = 0; i < this.nThreads; i++) this.threads.push(this.spawn(i));
    await Promise.all(this.threads.map((t) => t.online));
  }

  /** Whether a task with this key should be handed out now (an idle thread, or little queued work). */
  hasRoom(key: string): boolean {
    if (this.closed || this.threads.length === 0) return false;
    const t = this.leastLoaded();
    return t.inflight.size === 0 || (t.inflight.size < this.maxQueue && t.pendingMs + this.estimate(key) <= QUEUE_BUDGET_MS);
  }

  get running(): number {
    return this.inflightTotal;
  }

  workerNames(): string[] {
    return this.threads.map((t) => t.name);
  }

  run(task: PoolTask): void {
    if (this.closed) throw new Error('ThreadPool: closed');
    const best = this.leastLoaded();
    const id = this.nextId;
    this.nextId = this.nextId >= 0x7ffffff0 ? 1 : this.nextId + 1;
    const est = this.estimate(task.key);
    best.inflight.set(id, { key: task.key, est });
    best.pendingMs += est;
    if (this.inflightTotal++ === 0) this.setBusy(true);
    best.outgoing.push({ id, key: task.key, op: task.op, args: encode(task.args) as unknown[] });
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Least estimated work; ties go to the lowest index so a lone chain stays on one warm thread. */
  private leastLoaded(): ThreadState {
    let best = this.threads[0]!;
    for (const t of this.threads) if (t.pendingMs < best.pendingMs || (t.pendingMs === best.pendingMs && t.inflight.size < best.inflight.size)) best = t;
    return best;
  }

  private estimate(key: string): number {
    return this.estimates.get(prefixOf(key)) ?? UNKNOWN_TASK_MS;
  }

  private learn(key: string, ms: number): void {
    const p = prefixOf(key);
    const old = this.estimates.get(p);
    this.estimates.set(p, old === undefined ? ms : 0.7 * old + 0.3 * ms);
  }

  private settle(t: ThreadState, id: number): { key: string; est: number } | undefined {
    const entry = t.inflight.get(id);
    if (!entry) return undefined;
    t.inflight.delete(id);
    t.pendingMs = t.inflight.size === 0 ? 0 : t.pendingMs - entry.est;
    if (--this.inflightTotal === 0) this.setBusy(false);
    return entry;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate().catch(() => 0)));
  }

  private flush(): void {
    this.flushQueued = false;
    for (const t of this.threads) {
      if (t.outgoing.length === 0) continue;
      const tasks = t.outgoing;
      t.outgoing = [];
      try {
        t.worker.postMessage({ type: 'run', tasks });
      } catch (err) {
        // An argument that cannot be cloned: fail those tasks, not the pool.
        const outcomes: PoolOutcome[] = [];
        for (const task of tasks) {
          this.settle(t, task.id);
          outcomes.push({
            key: task.key,
            ok: false,
            error: { name: 'DataCloneError', message: `cannot send the arguments of ${task.key} to a worker thread: ${(err as Error).message}` },
            worker: t.name,
            start: Date.now(),
            duration: 0,
          });
        }
        this.sink?.finished(outcomes);
      }
    }
  }

  private spawn(index: number): ThreadState {
    const name = this.options.name?.(index) ?? `thread-${index}`;
    const init: WorkerInit = {
      slots: this.slotBuffer,
      index,
      name,
      ...(this.options.trimAboveBytes !== undefined ? { trimAboveBytes: this.options.trimAboveBytes } : {}),
      ...(this.options.scratchBytes !== undefined ? { scratchBytes: this.options.scratchBytes } : {}),
    };
    const url = toRunnableModuleUrl(new URL('./thread.js', import.meta.url));
    const worker = newWorker(url, { workerData: init, resourceLimits: this.options.resourceLimits, name });
    const state: ThreadState = {
      worker,
      name,
      index,
      inflight: new Map(),
      pendingMs: 0,
      outgoing: [],
      online: new Promise((resolve, reject) => {
        worker.once('online', () => {
          // Starting threads keep the process alive (someone may be awaiting `ready`); idle ones do not.
          if (this.inflightTotal === 0 && this.threads[index] === state) worker.unref();
          resolve();
        });
        worker.once('error', reject);
      }),
      deathReason: undefined,
    };
    state.online.catch(() => undefined);
    Atomics.store(this.slots, index, 0);
    worker.on('message', (msg: DoneMessage) => this.onDone(state, msg));
    worker.on('error', (err) => {
      state.deathReason = `${err.name}: ${err.message}${(err as { code?: string }).code ? ` (${(err as { code?: string }).code})` : ''}`;
    });
    worker.on('exit', (code) => this.onExit(state, code));
    return state;
  }

  private onDone(t: ThreadState, msg: DoneMessage): void {
    const outcomes: PoolOutcome[] = [];
    for (const o of msg.outcomes) {
      const entry = this.settle(t, o.id);
      if (!entry) continue;
      const key = entry.key;
      this.learn(key, o.duration);
      outcomes.push(
        o.ok
          ? { key, ok: true, value: decode(o.value), worker: t.name, start: o.start, duration: o.duration }
          : { key, ok: false, error: o.error, worker: t.name, start: o.start, duration: o.duration },
      );
    }
    if (outcomes.length) this.sink?.finished(outcomes);
  }

  private onExit(t: ThreadState, code: number): void {
    if (this.closed || this.threads[t.index] !== t) return;
    const runningId = Atomics.load(this.slots, t.index);
    const reason = t.deathReason ?? `worker thread exited with code ${code}`;
    const lost: LostTask[] = [];
    for (const [id, { key }] of t.inflight) lost.push({ key, suspicious: id === runningId, worker: t.name, reason });
    this.inflightTotal -= t.inflight.size;
    t.inflight.clear();
    t.pendingMs = 0;
    if (this.inflightTotal === 0) this.setBusy(false);
    const replacement = this.spawn(t.index);
    this.threads[t.index] = replacement;
    this.sink?.workerDied?.(t.name, reason);
    if (lost.length) this.sink?.lost(lost);
  }

  /** Threads keep the process alive only while they have work: a forgotten client never hangs a script. */
  private setBusy(busy: boolean): void {
    for (const t of this.threads) {
      if (busy) t.worker.ref();
      else t.worker.unref();
    }
  }
}

/** Queue more work on a thread only while the estimated work waiting there is below this. */
const QUEUE_BUDGET_MS = 2;
/** A task name never seen yet is assumed long, so the first ones spread over idle threads. */
const UNKNOWN_TASK_MS = 100;

function prefixOf(key: string): string {
  const i = key.lastIndexOf('-');
  return i > 0 ? key.slice(0, i) : key;
}

/**
 * A thread with the process's Node flags. V8 flags (`--max-semi-space-size`, `--expose-gc`…)
 * are process-wide, so threads have them already, and Node refuses them in a Worker's
 * `execArgv`: the flags it names as invalid are dropped (once, remembered) and the thread is
 * made again, so `node --some-v8-flag script.js` works.
 */
let execArgv: string[] | undefined;
function newWorker(url: URL, options: Omit<WorkerOptions, 'execArgv'>): Worker {
  execArgv ??= workerExecArgv();
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const listed = code === 'ERR_WORKER_INVALID_EXEC_ARGV' ? /flags: (.*)$/.exec((err as Error).message)?.[1] : undefined;
    if (!listed) throw err;
    const invalid = new Set(listed.split(', '));
    execArgv = execArgv.filter((a) => !invalid.has(a));
    return new Worker(url, { ...options, execArgv });
  }
}

/**
 * Threads inherit the process's Node flags; drop the ones that name the main script's code
 * (`-e`, `-p`, `--input-type`…), or each thread would run the main program again.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '-r' || a === '--require' || a === '--import' || a === '--loader' || a === '--experimental-loader') {
      i++; // and its value
      continue;
    }
    if (/^(--eval|--print|--input-type|--require|--import|--loader|--experimental-loader)=/.test(a) || a === '-pe') continue;
    out.push(a);
  }
  return out;
}
