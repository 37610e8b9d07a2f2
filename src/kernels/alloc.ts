/**
 * Large buffers on huge pages. A SharedArrayBuffer of `HUGE_FROM` bytes or more is advised
 * for transparent huge pages (`adviseHugePages`) before anything touches it, so its memory faults
 * in 2 MiB at a time instead of 4 KiB. On this project's VM a 4 KiB page fault costs ~5–8 µs —
 * 1.2–2 ns a byte, more than copying the byte — and the frame layer writes every gathered, split
 * and concatenated column into fresh buffers: db-benchmark j5 took 1.1M page faults and 6.3 s of
 * system time, and its random gathers and hash probes over tens of MB missed the TLB on most
 * reads. Advised: 0.67M faults, join buckets 6.2 → 3.5 s of thread time (A/B with glibc's
 * equivalent `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which no library can set for its host process).
 *
 * Memory cost: at most the rounding of the advised part to whole 2 MiB pages, once touched.
 */
import { adviseHugePages } from './native.js';

/** Buffers from this size on are advised (a smaller one holds at most one whole huge page). */
export const HUGE_FROM = 4 << 20;

/** A zeroed SharedArrayBuffer of `bytes`, on huge pages where it is large and the system allows. */
export function sharedBuffer(bytes: number): SharedArrayBuffer {
  const b = new SharedArrayBuffer(bytes);
  if (bytes >= HUGE_FROM) adviseHugePages(b);
  return b;
}

/** A zeroed ArrayBuffer of `bytes` (a thread's own: scratch tables), on huge pages where large. */
export function hugeArrayBuffer(bytes: number): ArrayBuffer {
  const b = new ArrayBuffer(bytes);
  if (bytes >= HUGE_FROM) adviseHugePages(b);
  return b;
}
