/**
 * `LocalCluster`: a scheduler, a store and a pool of worker threads in this process.
 * `nWorkers` × `threadsPerWorker` threads run tasks; the store keeps results under `memoryLimit`.
 */
import { inspect } from 'node:util';
import { config, defaultMemoryLimit, defaultWorkerCount, formatBytes, parseBytes } from '../config.js';
import { TuskError } from '../errors.js';
import { ChunkStore } from '../store/chunk-store.js';
import { SpillFiles } from '../store/spill-files.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { InProcessExecutor } from '../scheduler/in-process.js';
import type { Executor } from '../scheduler/executor.js';
import { ThreadPool } from '../worker/pool.js';
import { trimMemory } from '../kernels/native.js';
import { dashboardStarter, type ClusterView, type RunningDashboard } from './dashboard-hook.js';

export interface LocalClusterOptions {
  /** Worker count (default: the number of cores). */
  nWorkers?: number;
  /** Threads per worker (default 1); total threads = nWorkers × threadsPerWorker. */
  threadsPerWorker?: number;
  /** Budget for results held by the cluster: bytes or '4GiB' (default: half the machine's memory). */
  memoryLimit?: number | string;
  /** Folder for spilled chunks (default: the OS temp folder). */
  spillDir?: string;
  /** Serve the dashboard here, e.g. ':8787' or '127.0.0.1:0' (default: no dashboard). */
  dashboardAddress?: string;
  /** Run tasks on the main thread instead of worker threads (debugging). */
  inProcess?: boolean;
  /** V8 heap limits for each worker thread. */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
  /** Times a task may be running when its worker dies before it fails with KilledWorker (default 3). */
  allowedFailures?: number;
}

export class LocalCluster implements AsyncDisposable {
  readonly nWorkers: number;
  readonly threadsPerWorker: number;
  readonly memoryLimit: number;
  readonly scheduler: Scheduler;
  readonly ready: Promise<void>;
  private closing: Promise<void> | undefined;
  private dashboard: RunningDashboard | undefined;

  constructor(options: LocalClusterOptions = {}) {
    this.nWorkers = positiveInt(options.nWorkers ?? defaultWorkerCount(), 'nWorkers');
    this.threadsPerWorker = positiveInt(options.threadsPerWorker ?? 1, 'threadsPerWorker');
    this.memoryLimit = options.memoryLimit === undefined ? defaultMemoryLimit() : parseBytes(options.memoryLimit, 'memoryLimit');
    const spill = new SpillFiles(options.spillDir ?? config().spillDir);
    const trimLine = Math.floor(this.memoryLimit * 0.6);
    // malloc_trim walks the whole heap (every thread's arenas): at most once a second from the
    // main thread, whose time the scheduler needs (at one call per store sample it took 2.2 s
    // of the main thread's 94 in q10 at 1e7 rows under 1 GiB).
    let trimmedAt = -Infinity;
    // The scheduler is created below; the store reports spill failures to it through this closure.
    let scheduler: Scheduler | undefined;
    const store = new ChunkStore({
      memoryLimit: this.memoryLimit,
      // The limit is on the whole process (its resident memory), as Dask's is on a worker's.
      // Past 0.6 of the limit the main thread's free heap pages (results decoded and let go)
      // go back to the system too, as the workers' do (`trimAboveBytes` below).
      processMemory: () => {
        const rss = process.memoryUsage.rss();
        if (rss > trimLine && performance.now() - trimmedAt > 1000) {
          trimmedAt = performance.now();
          trimMemory();
        }
        return rss;
      },
      spill,
      onSpill: (key, nbytes) => scheduler?.emitSpilled(key, nbytes),
      onSpillError: (err) => scheduler?.failPending(err instanceof Error ? err : new Error(String(err))),
    });
    const tpw = this.threadsPerWorker;
    const executor: Executor = options.inProcess
      ? new InProcessExecutor()
      : new ThreadPool({
          nThreads: this.nWorkers * tpw,
          name: (i) => (tpw === 1 ? `worker-${i}` : `worker-${Math.floor(i / tpw)}/thread-${i % tpw}`),
          resourceLimits: options.resourceLimits,
          // Past 0.6 of the limit a worker's freed temporaries should leave the process, not
          // wait in the C library's heap for reuse (measured at 1e7 rows, q10 under 512 MiB:
          // resident memory 5 s after the work 984 → 374–566 MiB; the peak, live memory, did not move).
          trimAboveBytes: trimLine,
          // Reusable scratch (hash tables, lookup tables, group sums) kept between tasks: an eighth of
          // the limit shared by the threads, at least 128 MiB each. Freshly allocated, a 50 MB table
          // cost 250 ms a task in page faults (q10 at 1e7 rows).
          scratchBytes: Math.floor(this.memoryLimit / (8 * this.nWorkers * tpw)),
        });
    this.scheduler = scheduler = new Scheduler({ executor, store, allowedFailures: options.allowedFailures });
    this.ready = this.start(options.dashboardAddress);
    // If threads cannot start, fail every waiting future instead of hanging.
    this.ready.catch(() => void this.scheduler.close());
  }

  private async start(dashboardAddress: string | undefined): Promise<void> {
    await this.scheduler.start();
    if (dashboardAddress === undefined) return;
    const start = dashboardStarter();
    if (!start) {
      throw new TuskError('InvalidArgument', 'dashboardAddress was given but the dashboard is not loaded', {
        hint: "import 'tusk' (the package entry point loads it)",
      });
    }
    this.dashboard = await start(dashboardAddress, this.view());
  }

  /** What the dashboard reads. */
  view(): ClusterView {
    const s = this.scheduler;
    return {
      on: (l) => s.on(l),
      workers: () => s.workers(),
      memory: () => ({ ...s.store.stats(), process: process.memoryUsage().rss }),
      counts: () => s.counts(),
    };
  }

  /** The dashboard's address, once `ready` (undefined without `dashboardAddress`). */
  get dashboardLink(): string | undefined {
    return this.dashboard?.url;
  }

  workers(): string[] {
    return this.scheduler.workers();
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.ready.catch(() => undefined);
      await this.dashboard?.close();
      await this.scheduler.close();
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  toString(): string {
    const dash = this.dashboard ? `, dashboard=${this.dashboard.url}` : '';
    return `LocalCluster(nWorkers=${this.nWorkers}, threadsPerWorker=${this.threadsPerWorker}, memoryLimit=${formatBytes(this.memoryLimit)}${dash})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new TuskError('InvalidArgument', `LocalCluster: ${name} must be a positive integer, got ${n}`);
  }
  return n;
}
