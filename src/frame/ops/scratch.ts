/**
 * Scratch buffers for the group-by kernels (worker side): temporaries of a task — per-column
 * codes, mixed-radix words, hash tables, lookup tables — reuse one buffer per named slot instead
 * of a fresh allocation each time. A fresh large buffer costs a page fault per 4 KiB on first
 * touch, which on a small VM is most of the time of a group-by with a million groups.
 *
 * A view is valid until the next request of the same slot; its contents are garbage (callers
 * initialize what they read). A thread keeps at most its scratch budget (store/gc.ts: a share of
 * the memory limit on a worker, at least 128 MiB), one buffer at most half of it (memory outside
 * the store's accounting); larger requests get a fresh buffer that is not kept.
 * A worker thread idle for a few seconds lets them all go. Large ones are on huge pages
 * (kernels/alloc.ts): fewer faults, and a hash table's random probes miss the TLB far less.
 */
import { hugeArrayBuffer } from '../../kernels/alloc.js';
import { onIdleRelease, scratchBudget } from '../../store/gc.js';

const kept = new Map<string, ArrayBuffer>();
let keptBytes = 0;

let usedAt = 0;

function bufferFor(slot: string, bytes: number): ArrayBuffer {
  usedAt = performance.now();
  const old = kept.get(slot);
  if (old !== undefined && old.byteLength >= bytes) return old;
  // The thread's budget (a share of the memory limit on a worker, at least 128 MiB); one buffer
  // at most half of it. A fresh buffer of tens of MB costs ~5 µs a page on first touch here:
  // q10's hash table of 50 MB took 250 ms a task before it could be kept.
  const total = scratchBudget();
  const maxKept = Math.max(32 << 20, total >> 1);
  if (bytes > maxKept) return hugeArrayBuffer(bytes);
  const size = Math.min(maxKept, Math.max(bytes, 1 << 16, Math.floor((old?.byteLength ?? 0) * 1.5)));
  const others = keptBytes - (old?.byteLength ?? 0);
  if (others + size > total) return hugeArrayBuffer(bytes);
  const b = hugeArrayBuffer(size);
  kept.set(slot, b);
  keptBytes = others + size;
  return b;
}

export const scratchI32 = (slot: string, n: number): Int32Array => new Int32Array(bufferFor(slot, n * 4), 0, n);
export const scratchF64 = (slot: string, n: number): Float64Array => new Float64Array(bufferFor(slot, n * 8), 0, n);
export const scratchU8 = (slot: string, n: number): Uint8Array => new Uint8Array(bufferFor(slot, n), 0, n);

// A thread that has stopped using them keeps none of them (store/gc.ts).
onIdleRelease(
  () => {
    const bytes = keptBytes;
    kept.clear();
    keptBytes = 0;
    return bytes;
  },
  () => usedAt,
);
