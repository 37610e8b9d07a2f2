/**
 * Scratch buffers for the group-by kernels (worker side): temporaries of a task — per-column
 * codes, mixed-radix words, hash tables, lookup tables — reuse one buffer per named slot instead
 * of a fresh allocation each time. A fresh large buffer costs a page fault per 4 KiB on first
 * touch, which on a small VM is most of the time of a group-by with a million groups.
 *
 * A view is valid until the next request of the same slot; its contents are garbage (callers
 * initialize what they read). A thread keeps buffers of at most 32 MiB each and 128 MiB in all
 * (memory outside the store's accounting); larger requests get a fresh buffer that is not kept.
 * A worker thread idle for a few seconds lets them all go.
 */
import { onIdleRelease } from '../../store/gc.js';

const MAX_KEPT = 32 << 20;
const TOTAL_KEPT = 128 << 20;
const kept = new Map<string, ArrayBuffer>();
let keptBytes = 0;

let usedAt = 0;

function bufferFor(slot: string, bytes: number): ArrayBuffer {
  usedAt = performance.now();
  const old = kept.get(slot);
  if (old !== undefined && old.byteLength >= bytes) return old;
  if (bytes > MAX_KEPT) return new ArrayBuffer(bytes);
  const size = Math.min(MAX_KEPT, Math.max(bytes, 1 << 16, Math.floor((old?.byteLength ?? 0) * 1.5)));
  const others = keptBytes - (old?.byteLength ?? 0);
  if (others + size > TOTAL_KEPT) return new ArrayBuffer(bytes);
  const b = new ArrayBuffer(size);
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
