/** Byte estimates for accounting: exact for buffers, a fair guess for JS values. */

export function sizeOf(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return 8;
    case 'bigint':
      return 16;
    case 'string':
      return 16 + value.length * 2;
    case 'function':
    case 'symbol':
      return 64;
  }
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return value.byteLength;
  if (depth > 8) return 64;
  const custom = (value as { byteLength?: unknown }).byteLength;
  if (typeof custom === 'number') return custom; // Arrow Table / Vector / RecordBatch expose byteLength-like sizes
  if (Array.isArray(value)) {
    // (An empty array once gave 0/0 = NaN here, and one NaN made the store's managed bytes NaN
    // for good: nothing was spilled again — 19 GB of RSS under a 2 GiB limit at 1e8 rows.)
    if (value.length === 0) return 16;
    let n = 16 + value.length * 8;
    const step = value.length > 1000 ? Math.ceil(value.length / 1000) : 1;
    let sampled = 0;
    for (let i = 0; i < value.length; i += step) sampled += sizeOf(value[i], depth + 1);
    return n + Math.round((sampled * value.length) / Math.ceil(value.length / step));
  }
  let n = 32;
  for (const k in value as object) n += 16 + k.length * 2 + sizeOf((value as Record<string, unknown>)[k], depth + 1);
  return n;
}

/**
 * Bytes of the typed arrays and buffers reachable from `value` (each counted once), down
 * through plain objects, arrays, Maps and class instances such as Arrow tables, record batches
 * and their Data — what a thread lets go of when it drops `value`. For `noteReleased`, which
 * decides when a collection is worth it; not for the store's accounting (`sizeOf`).
 */
export function bufferBytes(value: unknown): number {
  const seen = new Set<object>();
  let total = 0;
  const visit = (x: unknown, depth: number): void => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (ArrayBuffer.isView(x)) {
      total += x.byteLength;
      return;
    }
    if (x instanceof ArrayBuffer || x instanceof SharedArrayBuffer) {
      total += x.byteLength;
      return;
    }
    if (depth > 16) return;
    if (Array.isArray(x)) {
      for (const v of x) visit(v, depth + 1);
      return;
    }
    if (x instanceof Map) {
      for (const v of x.values()) visit(v, depth + 1);
      return;
    }
    for (const k of Object.keys(x)) visit((x as Record<string, unknown>)[k], depth + 1);
  };
  visit(value, 0);
  return total;
}
