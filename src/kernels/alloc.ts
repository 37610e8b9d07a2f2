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
import fs from 'node:fs';
import { adviseHugePages } from './native.js';

/** Buffers from this size on are advised (a smaller one holds at most one whole huge page). */
export const HUGE_FROM = 4 << 20;

/** A zeroed SharedArrayBuffer of `bytes`, on huge pages where it is large and they pay here. */
export function sharedBuffer(bytes: number): SharedArrayBuffer {
  const b = new SharedArrayBuffer(bytes);
  if (bytes >= HUGE_FROM && hugePagesPay()) adviseHugePages(b);
  return b;
}

/** A zeroed ArrayBuffer of `bytes` (a thread's own: scratch tables), on huge pages where large and they pay. */
export function hugeArrayBuffer(bytes: number): ArrayBuffer {
  const b = new ArrayBuffer(bytes);
  if (bytes >= HUGE_FROM && hugePagesPay()) adviseHugePages(b);
  return b;
}

let pays: boolean | undefined;

/**
 * Whether to advise huge pages: `TUSK_HUGE_PAGES=0` / `1` decides; otherwise yes, except in a
 * virtual machine whose balloon device has free page reporting on. There the guest hands every
 * free 2 MiB block back to the host, so a huge page always lands on memory the host must fault in
 * again: measured on this project's VM (virtio-balloon with reporting, 2026-11-30), touching a
 * fresh 64 MiB buffer took 24–27 ms in 4 KiB pages and 100–133 ms advised, and db-benchmark j5
 * ran 3.2–3.4 s without advice against 3.8–4.5 s with it. (On the same VM, on an earlier day,
 * advice had taken j5 from 5.1 to 3.7 s: 4 KiB faults then cost 5–8 µs, against ~1.6 µs now.)
 */
export function hugePagesPay(): boolean {
  if (pays !== undefined) return pays;
  const env = process.env.TUSK_HUGE_PAGES;
  if (env === '0' || env === 'off' || env === 'false') return (pays = false);
  if (env === '1' || env === 'on' || env === 'true') return (pays = true);
  return (pays = !freePageReporting());
}

/** A virtio balloon (device id 5) with VIRTIO_BALLOON_F_REPORTING (feature bit 5) on Linux. */
function freePageReporting(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const root = '/sys/bus/virtio/devices';
    for (const d of fs.readdirSync(root)) {
      const id = fs.readFileSync(`${root}/${d}/device`, 'utf8').trim();
      if (id !== '0x0005') continue;
      const features = fs.readFileSync(`${root}/${d}/features`, 'utf8').trim();
      if (features[5] === '1') return true;
    }
  } catch {
    // No virtio bus, or not readable: a machine without a balloon.
  }
  return false;
}
