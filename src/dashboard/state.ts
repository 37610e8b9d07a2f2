/**
 * What the dashboard remembers between polls, folded from the event stream: the last N finished
 * or erred tasks (the task stream), totals per task name (progress), and bytes held per worker.
 * Every update is O(1), because it runs inside the scheduler's emit on the hot path.
 */
import type { SchedulerEvent } from './source.js';
import { Ring } from './ring.js';

export const TASK_STREAM_LENGTH = 10_000;
/** Past this many distinct names, new ones fold into one row: the table must not grow without bound. */
const MAX_NAMES = 1_000;
const OTHER = '(other)';

export interface TaskRecord {
  key: string;
  name: string;
  worker: string;
  start: number;
  duration: number;
  status: 'finished' | 'erred';
}

export interface NameTotals {
  name: string;
  /** Times a task of this name was queued. */
  total: number;
  done: number;
  erred: number;
  /** Results currently held (in memory or spilled). */
  inMemory: number;
  /** Epoch ms of the last event, so the page can show the busiest names first. */
  lastActive: number;
}

export interface WorkerTotals {
  name: string;
  done: number;
  erred: number;
  /** Bytes of results this worker computed that are still in memory. */
  managed: number;
  /** Bytes of results this worker computed that were spilled to disk. */
  spilled: number;
}

interface Held {
  names: NameTotals;
  worker: WorkerTotals;
  nbytes: number;
  spilled: boolean;
}

/** `sin-3fa2…` → `sin`: the part before the token groups a task with its siblings, like Dask. */
export function taskName(key: string): string {
  const i = key.lastIndexOf('-');
  return i > 0 ? key.slice(0, i) : key;
}

export class DashboardState {
  readonly started = Date.now();
  private readonly stream: Ring<TaskRecord>;
  private readonly names = new Map<string, NameTotals>();
  private readonly workerTotals = new Map<string, WorkerTotals>();
  /** Keys whose results are held, so 'released' and 'spilled' know whose bytes they were. */
  private readonly held = new Map<string, Held>();

  constructor(taskStreamLength = TASK_STREAM_LENGTH) {
    this.stream = new Ring(taskStreamLength);
  }

  apply(e: SchedulerEvent): void {
    switch (e.type) {
      case 'queued':
        this.nameOf(e.key).total++;
        return;
      case 'finished':
      case 'erred': {
        const ok = e.type === 'finished';
        const names = this.nameOf(e.key);
        const worker = this.workerOf(e.worker ?? '');
        if (ok) {
          names.done++;
          worker.done++;
          this.hold(e.key, names, worker, e.nbytes ?? 0);
        } else {
          names.erred++;
          worker.erred++;
        }
        if (e.start !== undefined) {
          this.stream.push({ key: e.key, name: names.name, worker: worker.name, start: e.start, duration: e.duration ?? 0, status: ok ? 'finished' : 'erred' });
        }
        return;
      }
      case 'spilled': {
        const h = this.held.get(e.key);
        if (!h || h.spilled) return;
        h.spilled = true;
        h.worker.managed -= h.nbytes;
        h.worker.spilled += h.nbytes;
        return;
      }
      case 'released':
      case 'cancelled':
        this.drop(e.key);
        return;
      default:
        return; // retried, lost, worker-died: the totals above do not change
    }
  }

  /** Finished or erred tasks that ended at or after `since` (epoch ms), oldest first. */
  taskStream(since = 0): TaskRecord[] {
    return since > 0 ? this.stream.toArray((r) => r.start + r.duration >= since) : this.stream.toArray();
  }

  /** Busiest names first. */
  nameTotals(): NameTotals[] {
    return [...this.names.values()].sort((a, b) => b.lastActive - a.lastActive || (a.name < b.name ? -1 : 1)).map((n) => ({ ...n }));
  }

  worker(name: string): WorkerTotals {
    const w = this.workerTotals.get(name);
    return w ? { ...w } : { name, done: 0, erred: 0, managed: 0, spilled: 0 };
  }

  /** Names of workers seen in events (a died worker's results may still be held). */
  seenWorkers(): string[] {
    return [...this.workerTotals.keys()].filter((w) => w !== '');
  }

  private nameOf(key: string): NameTotals {
    let name = taskName(key);
    let n = this.names.get(name);
    if (!n && this.names.size >= MAX_NAMES) {
      name = OTHER;
      n = this.names.get(OTHER);
    }
    if (!n) {
      n = { name, total: 0, done: 0, erred: 0, inMemory: 0, lastActive: 0 };
      this.names.set(name, n);
    }
    n.lastActive = Date.now();
    return n;
  }

  private workerOf(name: string): WorkerTotals {
    let w = this.workerTotals.get(name);
    if (!w) {
      w = { name, done: 0, erred: 0, managed: 0, spilled: 0 };
      this.workerTotals.set(name, w);
    }
    return w;
  }

  private hold(key: string, names: NameTotals, worker: WorkerTotals, nbytes: number): void {
    this.drop(key); // a key computed again (after a release elsewhere) must not count twice
    this.held.set(key, { names, worker, nbytes, spilled: false });
    names.inMemory++;
    worker.managed += nbytes;
  }

  private drop(key: string): void {
    const h = this.held.get(key);
    if (!h) return;
    this.held.delete(key);
    h.names.inMemory--;
    if (h.spilled) h.worker.spilled -= h.nbytes;
    else h.worker.managed -= h.nbytes;
  }
}
