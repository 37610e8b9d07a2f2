/**
 * The store layer: one accountant per process (DESIGN decision 5).
 *
 * `ChunkStore` holds task results by key and counts their bytes. With a `memoryLimit` M it keeps
 * managed bytes under `target`·M by spilling least-recently-used values through a `SpillBackend`
 * (Arrow IPC files), and reports `paused` above `pause`·M so the scheduler stops starting new
 * input tasks. It knows nothing of graphs: it moves keys and bytes.
 */
import { bufferBytes, sizeOf } from './sizeof.js';
import type { SpillBackend, SpillHandle } from './spill.js';
import { noteReleased, setGcThreshold } from './gc.js';

/** Values smaller than this are never spilled (the bookkeeping would cost more than it frees). */
const SPILL_MIN_BYTES = 1024;

export interface ChunkStoreOptions {
  memoryLimit: number;
  /** Spill beyond this fraction of memoryLimit (Dask's `target`). */
  target?: number;
  /** Pause new input tasks beyond this fraction (Dask's `pause`). */
  pause?: number;
  spill?: SpillBackend;
  onSpill?: (key: string, nbytes: number) => void;
  /** A spill that failed (disk full…): the value stays in memory and the error is reported here. */
  onSpillError?: (err: unknown) => void;
  /**
   * The whole process's memory (bytes, e.g. `process.memoryUsage.rss`): when given, the limit is
   * on the process, as Dask's is on a worker — above `spillProcess`·M of it, the store holds
   * fewer values (down to `floor`·M), making room for what it does not count (task temporaries,
   * per-thread scratch, heaps, the user's own data), and above `pause`·M it reports paused.
   */
  processMemory?: () => number;
  /** Process memory beyond which the store shrinks its target (Dask's `spill`, default 0.7). */
  spillProcess?: number;
  /** The least the target shrinks to under process pressure (default 0.25 of the limit). */
  floor?: number;
}

interface Entry {
  value: unknown;
  nbytes: number;
  spilled: SpillHandle | undefined;
}

export interface StoreStats {
  /** Bytes of values held in memory. */
  managed: number;
  /** Bytes of values on disk. */
  spilled: number;
  /** Number of keys held. */
  keys: number;
  spilledKeys: number;
  memoryLimit: number;
}

export class ChunkStore {
  readonly memoryLimit: number;
  readonly targetBytes: number;
  readonly pauseBytes: number;
  private readonly entries = new Map<string, Entry>();
  /** In-memory keys, least recently used first (Map keeps insertion order; re-insert on use). */
  private readonly lru = new Map<string, true>();
  private managed = 0;
  private spilledBytes = 0;
  private spilledCount = 0;
  private readonly spill: SpillBackend | undefined;
  private readonly onSpill: ((key: string, nbytes: number) => void) | undefined;
  private readonly onSpillError: ((err: unknown) => void) | undefined;
  private spillBroken = false;
  private spilling: Promise<void> | undefined;
  private readonly processMemory: (() => number) | undefined;
  private readonly spillProcessBytes: number;
  private readonly floorBytes: number;
  /** Process memory the store does not count (process − managed), sampled at most every 100 ms. */
  private unmanaged = 0;
  private process = 0;
  private sampledAt = -Infinity;

  constructor(options: ChunkStoreOptions) {
    this.memoryLimit = options.memoryLimit;
    this.targetBytes = Math.floor(options.memoryLimit * (options.target ?? 0.6));
    this.pauseBytes = Math.floor(options.memoryLimit * (options.pause ?? 0.8));
    this.processMemory = options.processMemory;
    this.spillProcessBytes = Math.floor(options.memoryLimit * (options.spillProcess ?? 0.7));
    this.floorBytes = Math.floor(options.memoryLimit * (options.floor ?? 0.25));
    this.spill = options.spill;
    this.onSpill = options.onSpill;
    this.onSpillError = options.onSpillError;
    setGcThreshold(Math.floor(options.memoryLimit / 16));
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  isInMemory(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && e.spilled === undefined;
  }

  put(key: string, value: unknown, size = sizeOf(value)): void {
    // A size that is not a finite count would poison `managed` for good (NaN compares false:
    // nothing would be spilled again); count the value's buffers instead.
    const nbytes = size >= 0 && size < Infinity ? size : Math.max(64, bufferBytes(value));
    this.delete(key);
    this.entries.set(key, { value, nbytes, spilled: undefined });
    if (nbytes >= SPILL_MIN_BYTES) this.lru.set(key, true);
    this.managed += nbytes;
    if (this.managed > this.target()) this.scheduleSpill();
  }

  /** Samples the process's memory (at most every 100 ms). */
  private sample(): void {
    if (this.processMemory === undefined) return;
    const now = performance.now();
    if (now - this.sampledAt < 100) return;
    this.sampledAt = now;
    this.process = this.processMemory();
    this.unmanaged = Math.max(0, this.process - this.managed);
  }

  /**
   * Managed bytes to spill down to: `target`·M; once the process is past `spillProcess`·M, as
   * much as leaves the process at that line with what the store does not count — never below
   * `floor`·M, as that memory also lags behind a spill (until every thread has collected the
   * buffers) and would otherwise drive the store to spill everything.
   */
  private target(): number {
    this.sample();
    if (this.processMemory === undefined || this.process <= this.spillProcessBytes) return this.targetBytes;
    return Math.max(this.floorBytes, Math.min(this.targetBytes, this.spillProcessBytes - this.unmanaged));
  }

  /** Process memory (last sample) beyond the pause line: new input tasks should wait. */
  get processPaused(): boolean {
    this.sample();
    return this.processMemory !== undefined && this.process > this.pauseBytes;
  }

  /** The value, read back from disk if it was spilled. */
  async get(key: string): Promise<unknown> {
    const e = this.entries.get(key);
    if (!e) throw new Error(`ChunkStore: no value for key ${key}`);
    if (e.spilled === undefined) {
      this.touch(key);
      return e.value;
    }
    return this.spill!.read(e.spilled);
  }

  /** The value if it is in memory (no I/O); undefined when spilled or absent. */
  getIfInMemory(key: string): unknown {
    const e = this.entries.get(key);
    if (!e || e.spilled !== undefined) return undefined;
    this.touch(key);
    return e.value;
  }

  nbytes(key: string): number {
    return this.entries.get(key)?.nbytes ?? 0;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    if (e.spilled === undefined) {
      this.lru.delete(key);
      this.managed -= e.nbytes;
      if (e.nbytes >= SPILL_MIN_BYTES) noteReleased(e.nbytes);
    } else {
      this.spilledBytes -= e.nbytes;
      this.spilledCount--;
      this.spill!.remove(e.spilled);
    }
  }

  get paused(): boolean {
    return this.managed > this.pauseBytes || this.processPaused;
  }

  stats(): StoreStats {
    return {
      managed: this.managed,
      spilled: this.spilledBytes,
      keys: this.entries.size,
      spilledKeys: this.spilledCount,
      memoryLimit: this.memoryLimit,
    };
  }

  /** Wait for any spilling under way (tests and close). */
  async settle(): Promise<void> {
    while (this.spilling) await this.spilling;
  }

  async close(): Promise<void> {
    await this.settle();
    for (const key of [...this.entries.keys()]) this.delete(key);
    await this.spill?.close();
  }

  private touch(key: string): void {
    if (!this.lru.has(key)) return; // small values are not tracked: spilling them would not help
    this.lru.delete(key);
    this.lru.set(key, true);
  }

  private scheduleSpill(): void {
    if (!this.spill || this.spilling || this.spillBroken) return;
    this.spilling = this.spillUntilUnderTarget()
      .catch((err: unknown) => {
        this.spillBroken = true;
        this.onSpillError?.(err);
      })
      .finally(() => {
        this.spilling = undefined;
      });
  }

  private async spillUntilUnderTarget(): Promise<void> {
    const backend = this.spill!;
    while (this.managed > this.target()) {
      const oldest = this.lru.keys().next();
      if (oldest.done) return;
      const key = oldest.value;
      const e = this.entries.get(key)!;
      if (!backend.canSpill(e.value)) {
        // Not spillable (e.g. a closure-like object): keep it, try the next one.
        this.touch(key);
        if (this.lru.keys().next().value === key) return;
        continue;
      }
      this.lru.delete(key);
      let handle: SpillHandle;
      try {
        handle = await backend.write(key, e.value);
      } catch (err) {
        if (this.entries.get(key) === e) this.lru.set(key, true); // still in memory
        throw err;
      }
      if (this.entries.get(key) !== e) {
        backend.remove(handle); // deleted while we were writing
        continue;
      }
      e.spilled = handle;
      e.value = undefined;
      this.managed -= e.nbytes;
      noteReleased(e.nbytes);
      this.spilledBytes += e.nbytes;
      this.spilledCount++;
      this.onSpill?.(key, e.nbytes);
    }
  }
}
