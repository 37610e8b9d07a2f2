/**
 * Prompt collection of dropped chunk buffers.
 *
 * A chunk's SharedArrayBuffer is freed only when every thread that touched it has garbage-
 * collected its handle. V8 counts that memory as "external" and collects lazily, so after
 * spilling or releasing a few large chunks the process can hold gigabytes of dead buffers —
 * enough to break a memory limit. Callers report bytes they let go of; past a threshold we ask
 * V8 for a full collection (small heaps: a few milliseconds, against chunks that took far
 * longer to make).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gcFn: (() => void) | null | undefined;

function getGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (gcFn = existing);
  try {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  } catch {
    gcFn = null; // collection then stays V8's own business
  }
  return gcFn;
}

let released = 0;
let threshold = 64 * 2 ** 20;

/** Set how many released bytes trigger a collection (e.g. a quarter of the memory limit). */
export function setGcThreshold(bytes: number): void {
  threshold = Math.max(16 * 2 ** 20, bytes);
}

/**
 * A forced collection waits until this many times its last duration has passed since it ended,
 * so that collections take at most ~1/(PACE+1) of a thread's time: a worker reports a partition
 * it read as released after every task (it cannot know whether the store still holds it), and
 * a collection per task (10–20 ms with a group-by's heap) cost 7% of a query.
 */
const PACE = 8;
let gcEnded = -Infinity;
let gcTook = 0;

let pressure: (() => boolean) | null = null;
let forced = 0;

/** How many collections `noteReleased` has forced in this thread (diagnostics, tests). */
export const forcedCollections = (): number => forced;

/**
 * Force collections only while `check()` says memory is tight (a worker thread: its process past a
 * line below the memory limit). Below it V8 collects on its own schedule: with the data persisted
 * in the store a worker's forced collections freed nothing (the store still held every buffer)
 * and cost a 10–15 ms pause per query on each thread (q4 at 1e7: tasks of 14 ms).
 */
export function setGcPressure(check: (() => boolean) | null): void {
  pressure = check;
}

/** Report `bytes` of large buffers no longer referenced here. */
function released_(bytes: number): void {
  released += bytes;
  if (released < threshold) return;
  if (pressure !== null && !pressure()) return; // the bytes stay counted until memory is tight
  const now = performance.now();
  if (now - gcEnded < PACE * gcTook) return; // the bytes stay counted: the next report past the pause collects
  const gc = getGc();
  if (gc === null) return;
  released = 0;
  gc();
  forced++;
  gcEnded = performance.now();
  gcTook = gcEnded - now;
}

export { released_ as noteReleased };

/**
 * Per-thread caches that trade memory for speed (reusable scratch buffers) register here. A
 * worker thread lets a cache go once it has not been used for a while (`releaseStaleCaches`,
 * after every task: the CSV read buffer is gone a second after the load, while the group-by
 * tasks that follow keep theirs) and lets them all go when idle (`releaseIdleCaches`), so that
 * memory outside the store's accounting is held only while it earns its keep.
 */
interface CacheEntry {
  /** Drops the cache and returns the bytes it let go of. */
  release: () => number;
  /** performance.now() of its last use (0: never used). */
  lastUsed: () => number;
}
const caches: CacheEntry[] = [];

export function onIdleRelease(release: () => number, lastUsed: () => number = () => 0): void {
  caches.push({ release, lastUsed });
}

/** Drops every registered cache; collects if that freed much. Returns the bytes let go of. */
export function releaseIdleCaches(): number {
  let bytes = 0;
  for (const c of caches) bytes += c.release();
  if (bytes > 0) released_(bytes);
  return bytes;
}

/** Drops the caches not used in the last `ms` milliseconds. Returns the bytes let go of. */
export function releaseStaleCaches(ms: number, now = performance.now()): number {
  let bytes = 0;
  for (const c of caches) if (now - c.lastUsed() > ms) bytes += c.release();
  if (bytes > 0) released_(bytes);
  return bytes;
}

let scratchBytes = 128 * 2 ** 20;

/**
 * How many bytes of reusable scratch a thread may keep between tasks (memory outside the store's
 * accounting, let go when the thread idles). Worker threads get a share of the memory limit (see
 * local-cluster.ts); elsewhere 128 MiB.
 */
export const scratchBudget = (): number => scratchBytes;

export function setScratchBudget(bytes: number): void {
  scratchBytes = Math.max(128 * 2 ** 20, Math.floor(bytes));
}
