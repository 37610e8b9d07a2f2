/**
 * The scheduler layer: runs a graph. It moves keys and bytes and never knows whether a value is
 * an array chunk, a table partition or a number.
 *
 * State is a plain map `tasks: key → TaskState`, each in one status:
 *
 *   waiting ──deps done──▶ ready ──dispatched──▶ processing ──ok──▶ memory
 *      │                     ▲                       │  └──error (no retries left)──▶ erred ──▶ dependents erred
 *      │                     └──error with retries / thread died (< allowedFailures)
 *      └──────── cancel() ──▶ cancelled (dependents too)
 *
 * A value stays in the store while a future wants it (`wants`) or a dependent still has to run
 * (`pendingDependents`); when both reach 0 the key is released and forgotten.
 *
 * Worked example: `s = sin(x)`, `q = square(x)`, `f = add(s, q)`; the client wants all three.
 * `s` and `q` start ready; `f` waits on 2. When `s` finishes, `f` waits on 1; when `q` finishes,
 * `f` is ready. After `f` finishes, `s` and `q` have no pending dependents, so dropping their
 * futures releases them at once.
 *
 * The ready queue is a heap: higher user `priority` first, then lower `seq` (submission order,
 * or a graph's static order — graph/order puts consumers before new inputs to keep memory low).
 * While the store is above its pause threshold, input tasks (no dependencies) are held back
 * unless nothing else can make progress.
 */
import { CancelledError, KilledWorker, TaskError, TuskError } from '../errors.js';
import type { Key, Task } from '../graph/types.js';
import { collectRefs, substituteRefs } from '../graph/types.js';
import type { ChunkStore } from '../store/chunk-store.js';
import type { Executor } from './executor.js';
import type { ExecutorOutcome, LostTask } from './executor.js';
import { Heap } from './heap.js';
import { keyName } from '../graph/tokenize.js';
import { noteReleased } from '../store/gc.js';
import { bufferBytes } from '../store/sizeof.js';
import type { SchedulerEvent, SchedulerListener } from './events.js';

export type TaskStatus = 'waiting' | 'ready' | 'processing' | 'memory' | 'erred' | 'cancelled';

interface TaskState {
  readonly key: Key;
  readonly op: string;
  readonly args: readonly unknown[];
  readonly deps: Key[];
  /** Tasks that take this one as an input; made on the first (most tasks have none). */
  dependents: Set<TaskState> | null;
  waitingOn: number;
  status: TaskStatus;
  userPriority: number;
  seq: number;
  retries: number;
  deaths: number;
  wants: number;
  pendingDependents: number;
  /** Set once this task has stopped needing its dependencies (so it decrements them once). */
  depsLetGo: boolean;
  error: Error | undefined;
  waiters: Array<() => void> | undefined;
  worker: string | undefined;
  /** Result bytes expected while it runs (admission control). */
  expectedBytes: number;
  /** Bytes of its inputs read back from disk for it, held until it finishes. */
  readBackBytes?: number;
}

export interface SubmitTask {
  readonly key: Key;
  readonly task: Task;
  /** Higher runs first. */
  readonly priority?: number;
  /** Position in a graph's static order (lower first); defaults to submission order. */
  readonly order?: number;
  readonly retries?: number;
}

export interface SchedulerOptions {
  executor: Executor;
  store: ChunkStore;
  /** Deaths of a worker while running the same task before it fails with KilledWorker. */
  allowedFailures?: number;
}

/** How many ready tasks waiting to read inputs back one pump looks past. */
const MAX_DEFERRED = 64;

export class Scheduler {
  private readonly tasks = new Map<Key, TaskState>();
  private readonly ready = new Heap<TaskState>((a, b) =>
    a.userPriority !== b.userPriority ? a.userPriority > b.userPriority : a.seq < b.seq,
  );
  private readonly held: TaskState[] = [];
  private readonly listeners = new Set<SchedulerListener>();
  private readonly executor: Executor;
  readonly store: ChunkStore;
  private readonly allowedFailures: number;
  private seqCounter = 0;
  private pumpQueued = false;
  private processing = 0;
  /** Tasks whose spilled inputs are being read back. */
  private fetching = 0;
  /** Typical result size by task name (bytes), learned from finished tasks. */
  private readonly outputEstimates = new Map<string, number>();
  /** Expected result bytes of the tasks running now. */
  private inflightBytes = 0;
  /**
   * Bytes of spilled inputs read back for tasks fetching or running now: outside the store's
   * accounting (the store keeps them on disk), yet in memory until those tasks finish.
   */
  private readBackBytes = 0;
  private closedError: TuskError | undefined;

  constructor(options: SchedulerOptions) {
    this.executor = options.executor;
    this.store = options.store;
    this.allowedFailures = options.allowedFailures ?? 3;
  }

  async start(): Promise<void> {
    await this.executor.start({
      finished: (outcomes) => this.onFinished(outcomes),
      lost: (lost) => this.onLost(lost),
      workerDied: (worker, reason) => this.emit({ type: 'worker-died', key: '', worker, error: reason }),
    });
  }

  on(listener: SchedulerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  workers(): string[] {
    return this.executor.workerNames();
  }

  /**
   * Add tasks (dependencies may be in the batch or already known) and take `wants` references on
   * the given keys. Known keys are shared, not run again (pure tasks).
   */
  submit(batch: readonly SubmitTask[], wants: readonly Key[] = []): void {
    this.assertOpen();
    const fresh: TaskState[] = [];
    const base = this.seqCounter;
    for (const s of batch) {
      const existing = this.tasks.get(s.key);
      if (existing && existing.status !== 'cancelled') continue;
      if (existing) this.forget(existing);
      const deps = hasObjects(s.task.args) ? [...collectRefs(s.task.args)] : NO_DEPS;
      const ts: TaskState = {
        key: s.key,
        op: s.task.op,
        args: s.task.args,
        deps,
        dependents: null,
        waitingOn: 0,
        status: 'waiting',
        userPriority: s.priority ?? 0,
        seq: base + (s.order ?? fresh.length),
        retries: s.retries ?? 0,
        deaths: 0,
        wants: 0,
        pendingDependents: 0,
        depsLetGo: false,
        error: undefined,
        waiters: undefined,
        worker: undefined,
        expectedBytes: 0,
      };
      this.tasks.set(s.key, ts);
      fresh.push(ts);
    }
    let span = batch.length;
    for (const s of batch) if (s.order !== undefined && s.order + 1 > span) span = s.order + 1;
    this.seqCounter = base + span;
    for (const key of wants) {
      const ts = this.tasks.get(key);
      if (!ts) throw new TuskError('MissingKey', `no task or data for key ${key}`);
      ts.wants++;
    }
    // Link after every task of the batch exists, so the batch may come in any order.
    for (const ts of fresh) {
      for (const d of ts.deps) {
        const dep = this.tasks.get(d);
        if (!dep) {
          this.tasks.delete(ts.key);
          throw new TuskError('MissingKey', `task ${ts.key} depends on ${d}, which is neither in the graph nor held by the cluster`, {
            context: { key: ts.key, dependency: d },
            hint: 'a future used as an argument must not be released or cancelled before the tasks that use it are submitted',
          });
        }
        (dep.dependents ??= new Set()).add(ts);
        dep.pendingDependents++;
      }
    }
    for (const ts of fresh) {
      if (this.listeners.size) this.emit({ type: 'queued', key: ts.key });
      let failed: TaskState | undefined;
      let cancelled = false;
      for (const d of ts.deps) {
        const dep = this.tasks.get(d)!;
        if (dep.status === 'memory') continue;
        if (dep.status === 'erred') failed = dep;
        else if (dep.status === 'cancelled') cancelled = true;
        else ts.waitingOn++;
      }
      if (failed) this.markErred(ts, failed.error!);
      else if (cancelled) this.markCancelled(ts);
      else if (ts.waitingOn === 0) this.makeReady(ts);
    }
    this.schedulePump();
  }

  /** Put data the client already has (scatter) under a key. */
  putData(key: Key, value: unknown, wants = 1): void {
    this.assertOpen();
    const existing = this.tasks.get(key);
    if (existing && existing.status !== 'cancelled') {
      existing.wants += wants;
      return;
    }
    if (existing) this.forget(existing);
    this.store.put(key, value);
    this.tasks.set(key, {
      key, op: 'identity', args: [], deps: [], dependents: null, waitingOn: 0, status: 'memory',
      userPriority: 0, seq: this.seqCounter++, retries: 0, deaths: 0, wants, pendingDependents: 0,
      depsLetGo: true, error: undefined, waiters: undefined, worker: undefined, expectedBytes: 0,
    });
  }

  want(key: Key, n = 1): void {
    const ts = this.tasks.get(key);
    if (ts) ts.wants += n;
  }

  unwant(key: Key, n = 1): void {
    const ts = this.tasks.get(key);
    if (!ts) return;
    ts.wants = Math.max(0, ts.wants - n);
    this.maybeRelease(ts);
  }

  status(key: Key): TaskStatus | 'released' | 'lost' {
    if (this.closedError) return this.tasks.get(key)?.status === 'memory' ? 'lost' : this.tasks.get(key)?.status ?? 'released';
    return this.tasks.get(key)?.status ?? 'released';
  }

  error(key: Key): Error | undefined {
    return this.tasks.get(key)?.error;
  }

  has(key: Key): boolean {
    return this.tasks.has(key);
  }

  /** Resolves when the key is finished, erred or cancelled (never rejects). */
  whenDone(key: Key): Promise<void> {
    const ts = this.tasks.get(key);
    if (!ts || isDone(ts.status) || this.closedError) return Promise.resolve();
    return new Promise((resolve) => (ts.waiters ??= []).push(resolve));
  }

  /**
   * The value now, without waiting or I/O: `{ value }` when finished and in memory, undefined
   * otherwise; throws the task's error if it failed.
   */
  resultNow(key: Key): { value: unknown } | undefined {
    const ts = this.tasks.get(key);
    if (!ts || this.closedError) return undefined;
    if (ts.status === 'memory' && this.store.isInMemory(key)) return { value: this.store.getIfInMemory(key) };
    if (ts.status === 'erred' || ts.status === 'cancelled') throw ts.error ?? new CancelledError(key);
    return undefined;
  }

  /** The key's value once done; rejects with the task's error, CancelledError, or a closed error. */
  async result(key: Key): Promise<unknown> {
    await this.whenDone(key);
    if (this.closedError) throw this.closedError;
    const ts = this.tasks.get(key);
    if (!ts) throw new TuskError('MissingKey', `the result of ${key} was released`, { hint: 'keep a reference to the future until you have read its result' });
    if (ts.status === 'memory') return this.store.get(key);
    if (ts.status === 'cancelled') throw ts.error ?? new CancelledError(key);
    if (ts.status === 'erred') throw ts.error!;
    return this.result(key);
  }

  cancel(keys: readonly Key[]): void {
    for (const key of keys) {
      const ts = this.tasks.get(key);
      if (ts && ts.status !== 'cancelled') this.markCancelled(ts);
    }
    this.schedulePump();
  }

  /** The store moved a value to disk: report it, and start tasks held back while memory was high. */
  emitSpilled(key: Key, nbytes: number): void {
    if (this.listeners.size) this.emit({ type: 'spilled', key, nbytes });
    if (this.held.length) this.schedulePump();
  }

  /** Fail every task that has not finished (e.g. the store cannot spill any more). */
  failPending(err: Error): void {
    for (const ts of [...this.tasks.values()]) {
      if (!isDone(ts.status)) this.markErred(ts, err);
    }
  }

  /** Counts by status, for progress bars and tests. */
  counts(): Record<TaskStatus, number> {
    const c: Record<TaskStatus, number> = { waiting: 0, ready: 0, processing: 0, memory: 0, erred: 0, cancelled: 0 };
    for (const ts of this.tasks.values()) c[ts.status]++;
    return c;
  }

  get size(): number {
    return this.tasks.size;
  }

  async close(): Promise<void> {
    if (this.closedError) return;
    this.closedError = new TuskError('ClusterClosed', 'the cluster was closed before this task finished', {
      hint: 'await results before closing the client or cluster',
    });
    for (const ts of this.tasks.values()) this.wake(ts);
    await this.executor.close();
    await this.store.close();
    this.tasks.clear();
    this.listeners.clear();
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  // ---- internals -------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closedError) throw new TuskError('ClusterClosed', 'the cluster is closed', { hint: 'create a new LocalCluster and Client' });
  }

  private emit(e: SchedulerEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        process.emitWarning(`a scheduler event listener threw: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
  }

  private makeReady(ts: TaskState): void {
    ts.status = 'ready';
    this.ready.push(ts);
  }

  private schedulePump(): void {
    if (this.pumpQueued || this.closedError) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closedError) return;
    if (this.held.length) {
      if (!this.overBudget()) {
        for (const ts of this.held.splice(0)) if (ts.status === 'ready') this.ready.push(ts);
      } else if (this.processing === 0 && this.fetching === 0) {
        // Over budget with nothing running (the process's memory may stay above the pause line
        // whatever the store does): one at a time, so that the work still gets done.
        while (this.held.length) {
          const ts = this.held.shift()!;
          if (ts.status !== 'ready') continue;
          this.ready.push(ts);
          break;
        }
      }
    }
    // Tasks that must wait for room to read their inputs back, set aside while tasks behind
    // them whose inputs are in memory go ahead (a bounded look past them: the heap is theirs again below).
    const deferred: TaskState[] = [];
    while (this.ready.size > 0) {
      const top = this.ready.peek()!;
      if (top.status !== 'ready') {
        this.ready.pop();
        continue;
      }
      if (!this.executor.hasRoom(top.key)) break;
      // Reading spilled inputs back costs memory before the task even starts: a few at a time,
      // and only while what is stored, expected and read back stays under the pause line —
      // except for the first, so that work always goes on.
      if (!top.deps.every((d) => this.store.isInMemory(d))) {
        const tooMany = this.fetching >= this.maxFetching();
        if (tooMany || (this.readBackBytes > 0 && (this.store.stats().managed + this.inflightBytes + this.readBackBytes + this.spilledBytesOf(top) > this.store.pauseBytes || this.store.processPaused))) {
          if (deferred.length >= MAX_DEFERRED) break;
          deferred.push(this.ready.pop()!);
          continue;
        }
      }
      const ts = this.ready.pop()!;
      if (ts.deps.length === 0 && this.processing > 0 && this.overBudget(ts.key)) {
        this.held.push(ts); // admission control: let consumers drain memory first
        continue;
      }
      this.dispatch(ts);
    }
    for (const ts of deferred) this.ready.push(ts);
  }

  /**
   * Admission control: would starting (another) input task push memory past the pause line?
   * Counts what is stored plus what running tasks are expected to return (sizes learned per
   * task name), so a burst of input tasks cannot overshoot the budget before their results land.
   */
  private overBudget(key?: Key): boolean {
    const extra = key === undefined ? 0 : (this.outputEstimates.get(keyName(key)) ?? 0);
    return this.store.stats().managed + this.inflightBytes + extra > this.store.pauseBytes || this.store.processPaused;
  }

  private leaveProcessing(ts: TaskState): void {
    this.processing--;
    this.inflightBytes -= ts.expectedBytes;
    ts.expectedBytes = 0;
    if (ts.readBackBytes) {
      this.readBackBytes -= ts.readBackBytes;
      ts.readBackBytes = 0;
    }
  }

  /** Bytes of this task's inputs that are on disk now. */
  private spilledBytesOf(ts: TaskState): number {
    let n = 0;
    for (const d of ts.deps) if (!this.store.isInMemory(d)) n += this.store.nbytes(d);
    return n;
  }

  private learnOutput(key: Key, nbytes: number): void {
    const name = keyName(key);
    const old = this.outputEstimates.get(name);
    this.outputEstimates.set(name, old === undefined ? nbytes : Math.max(nbytes, 0.5 * old + 0.5 * nbytes));
  }

  private maxFetching(): number {
    return Math.max(2, this.executor.workerNames().length);
  }

  private dispatch(ts: TaskState): void {
    ts.status = 'processing';
    this.processing++;
    ts.expectedBytes = this.outputEstimates.get(keyName(ts.key)) ?? 0;
    this.inflightBytes += ts.expectedBytes;
    const inMemory = ts.deps.every((d) => this.store.isInMemory(d));
    if (inMemory) {
      const args = substituteRefs(ts.args, (k) => this.store.getIfInMemory(k)) as unknown[];
      this.executor.run({ key: ts.key, op: ts.op, args });
      return;
    }
    // Some inputs were spilled: read them back first.
    ts.readBackBytes = this.spilledBytesOf(ts);
    this.readBackBytes += ts.readBackBytes;
    this.fetching++;
    const values = new Map<Key, unknown>();
    Promise.all(ts.deps.map(async (d) => values.set(d, await this.store.get(d))))
      .then(() => {
        this.fetching--;
        if (ts.status !== 'processing' || this.tasks.get(ts.key) !== ts) return;
        this.executor.run({ key: ts.key, op: ts.op, args: substituteRefs(ts.args, (k) => values.get(k)) as unknown[] });
        noteReleased(bufferBytes([...values.values()])); // read-back copies are dropped here once sent to the worker
      })
      .catch((err: unknown) => {
        this.fetching--;
        if (ts.status !== 'processing') return;
        this.markErred(ts, new TaskError(ts.key, { name: 'SpillReadError', message: String((err as Error)?.message ?? err) }));
      })
      .finally(() => this.schedulePump());
  }

  private onFinished(outcomes: readonly ExecutorOutcome[]): void {
    for (const o of outcomes) {
      const ts = this.tasks.get(o.key);
      if (!ts || ts.status !== 'processing') continue; // cancelled or released meanwhile
      this.leaveProcessing(ts);
      ts.worker = o.worker;
      if (o.ok) {
        this.store.put(ts.key, o.value);
        ts.status = 'memory';
        this.learnOutput(ts.key, this.store.nbytes(ts.key));
        if (this.listeners.size) {
          this.emit({ type: 'finished', key: ts.key, worker: o.worker, start: o.start, duration: o.duration, nbytes: this.store.nbytes(ts.key) });
        }
        this.wake(ts);
        if (ts.dependents) for (const dep of ts.dependents) {
          if (dep.status === 'waiting' && --dep.waitingOn === 0) this.makeReady(dep);
        }
        this.letGoOfDeps(ts);
        this.maybeRelease(ts);
      } else if (ts.retries > 0) {
        ts.retries--;
        this.emit({ type: 'retried', key: ts.key, worker: o.worker, error: o.error!.message });
        this.makeReady(ts);
      } else {
        const err = new TaskError(ts.key, o.error!);
        this.emit({ type: 'erred', key: ts.key, worker: o.worker, start: o.start, duration: o.duration, error: err.message });
        this.markErred(ts, err);
      }
    }
    this.schedulePump();
  }

  private onLost(lost: readonly LostTask[]): void {
    for (const l of lost) {
      const ts = this.tasks.get(l.key);
      if (!ts || ts.status !== 'processing') continue;
      this.leaveProcessing(ts);
      this.emit({ type: 'lost', key: ts.key, worker: l.worker, error: l.reason });
      if (l.suspicious && ++ts.deaths >= this.allowedFailures) {
        const err = new KilledWorker(ts.key, ts.deaths, l.reason);
        if (this.listeners.size) this.emit({ type: 'erred', key: ts.key, worker: l.worker, error: err.message });
        this.markErred(ts, err);
      } else {
        this.makeReady(ts);
      }
    }
    this.schedulePump();
  }

  private markErred(root: TaskState, err: Error): void {
    const stack = [root];
    while (stack.length) {
      const ts = stack.pop()!;
      if (isDone(ts.status)) continue;
      if (ts.status === 'processing') this.leaveProcessing(ts);
      ts.status = 'erred';
      ts.error = err;
      if (ts !== root && this.listeners.size) this.emit({ type: 'erred', key: ts.key, error: `dependency failed: ${err.message}` });
      this.wake(ts);
      this.letGoOfDeps(ts);
      if (ts.dependents) for (const d of ts.dependents) stack.push(d);
      this.maybeRelease(ts);
    }
  }

  private markCancelled(root: TaskState): void {
    const stack = [root];
    while (stack.length) {
      const ts = stack.pop()!;
      if (ts.status === 'cancelled') continue;
      if (ts !== root && isDone(ts.status)) continue; // finished dependents keep their values
      if (ts.status === 'processing') this.leaveProcessing(ts);
      if (ts.status === 'memory') this.store.delete(ts.key);
      ts.status = 'cancelled';
      ts.error = new CancelledError(ts.key);
      this.emit({ type: 'cancelled', key: ts.key });
      this.wake(ts);
      this.letGoOfDeps(ts);
      if (ts.dependents) for (const d of ts.dependents) stack.push(d);
      this.maybeRelease(ts);
    }
  }

  private wake(ts: TaskState): void {
    const w = ts.waiters;
    if (!w) return;
    ts.waiters = undefined;
    for (const f of w) f();
  }

  private letGoOfDeps(ts: TaskState): void {
    if (ts.depsLetGo) return;
    ts.depsLetGo = true;
    for (const d of ts.deps) {
      const dep = this.tasks.get(d);
      if (!dep) continue;
      dep.pendingDependents--;
      this.maybeRelease(dep);
    }
  }

  private maybeRelease(ts: TaskState): void {
    if (ts.wants > 0 || ts.pendingDependents > 0 || this.tasks.get(ts.key) !== ts) return;
    if (ts.status === 'processing') this.leaveProcessing(ts);
    this.forget(ts);
    if (this.listeners.size) this.emit({ type: 'released', key: ts.key });
    // A task nobody needs any more no longer needs its inputs either.
    this.letGoOfDeps(ts);
  }

  private forget(ts: TaskState): void {
    if (ts.status === 'memory') this.store.delete(ts.key);
    this.tasks.delete(ts.key);
    for (const d of ts.deps) this.tasks.get(d)?.dependents?.delete(ts);
    if (ts.status !== 'memory' && !isDone(ts.status)) ts.status = 'cancelled';
    this.wake(ts);
  }
}

const NO_DEPS: Key[] = [];

function hasObjects(args: readonly unknown[]): boolean {
  for (const a of args) if (typeof a === 'object' && a !== null && !ArrayBuffer.isView(a)) return true;
  return false;
}

function isDone(s: TaskStatus): boolean {
  return s === 'memory' || s === 'erred' || s === 'cancelled';
}
