/**
 * The status snapshot behind `/api/status` and the once-a-second SSE message. The source is asked
 * defensively: a closed cluster may throw from `counts()`, and the page should show zeros rather
 * than the server answering 500 or the snapshot timer throwing.
 */
import type { DashboardMemory, DashboardSource, TaskCountStatus } from './source.js';
import type { DashboardState, NameTotals, WorkerTotals } from './state.js';

export interface DashboardStatus {
  /** Server clock (epoch ms), so the page can line its task stream up with event times. */
  time: number;
  /** Milliseconds since the dashboard started. */
  uptime: number;
  workers: WorkerTotals[];
  memory: DashboardMemory;
  counts: Record<TaskCountStatus, number>;
  /** Totals per task name, busiest first. */
  tasks: NameTotals[];
}

const NO_COUNTS: Record<TaskCountStatus, number> = { waiting: 0, ready: 0, processing: 0, memory: 0, erred: 0, cancelled: 0 };

export function buildStatus(state: DashboardState, source: DashboardSource, onError: (err: unknown) => void): DashboardStatus {
  const ask = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      onError(err);
      return fallback;
    }
  };
  const live = ask(() => source.workers(), [] as string[]);
  // Workers that died keep a row while results they computed are still held.
  const gone = state.seenWorkers().filter((w) => !live.includes(w) && state.worker(w).managed + state.worker(w).spilled > 0);
  const memory = ask(() => source.memory(), { managed: 0, spilled: 0, memoryLimit: 0, process: 0 });
  const now = Date.now();
  return {
    time: now,
    uptime: now - state.started,
    workers: [...live, ...gone].map((w) => state.worker(w)),
    memory: {
      managed: finite(memory.managed),
      spilled: finite(memory.spilled),
      memoryLimit: finite(memory.memoryLimit), // JSON has no Infinity: 0 means no limit
      process: finite(memory.process),
    },
    counts: { ...NO_COUNTS, ...ask(() => source.counts(), NO_COUNTS) },
    tasks: state.nameTotals(),
  };
}

function finite(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}
