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
