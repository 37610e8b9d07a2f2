/**
 * `info()` text exactly as pandas 1.5 prints it: class line, index summary, the verbose column
 * table (`#`, Column, Non-Null Count, Dtype, padded to their widths with two spaces between),
 * dtype counts sorted by name, and memory usage as `memory_usage(deep=False)` counts it: 8 bytes
 * per value for int64/float64/object (a `+` when object columns are there, whose strings are
 * not counted), 1 for uint8/bool, an int64 index 8 per row, a RangeIndex 128 bytes.
 */
import type { Cell } from '../core/column.js';
import { type Dtype, itemSize, pandasName } from '../core/dtypes.js';
import type { FrameMeta } from '../core/meta.js';
import { formatFloatLikePython } from '../core/column.js';

export interface InfoStats {
  rows: number;
  nonNull: number[];
  first: Cell[] | null;
  last: Cell[] | null;
}

function indexTypeName(dtypes: readonly Dtype[]): string {
  if (dtypes.length === 0) return 'RangeIndex';
  if (dtypes.length > 1) return 'MultiIndex';
  switch (dtypes[0]) {
    case 'int64':
    case 'int32': return 'Int64Index';
    case 'uint8': return 'UInt64Index';
    case 'float64':
    case 'float32': return 'Float64Index';
    case 'date':
    case 'datetime': return 'DatetimeIndex';
    default: return 'Index';
  }
}

function label(cells: readonly Cell[], dtypes: readonly Dtype[]): string {
  const one = (v: Cell, d: Dtype, quoted: boolean) => {
    if (v === null) return 'nan';
    if (typeof v === 'number' && (d === 'float64' || d === 'float32')) return formatFloatLikePython(v);
    if (typeof v === 'string') return quoted ? `'${v}'` : v;
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (v instanceof Date) return v.toISOString();
    return String(v);
  };
  if (cells.length === 1) return one(cells[0]!, dtypes[0]!, false);
  return `(${cells.map((c, k) => one(c, dtypes[k]!, true)).join(', ')})`;
}

/** pandas' `_sizeof_fmt`. */
export function sizeofFmt(bytes: number, qualifier: string): string {
  let num = bytes;
  for (const unit of ['bytes', 'KB', 'MB', 'GB', 'TB']) {
    if (num < 1024) return `${num.toFixed(1)}${qualifier} ${unit}`;
    num /= 1024;
  }
  return `${num.toFixed(1)}${qualifier} PB`;
}

export function memoryUsage(meta: FrameMeta, rows: number): { bytes: number; plus: boolean } {
  const index = meta.index.length === 0 ? 128 : meta.index.reduce((s, c) => s + itemSize(c.dtype) * rows, 0);
  const bytes = meta.columns.reduce((s, c) => s + itemSize(c.dtype) * rows, index);
  const plus = [...meta.columns, ...meta.index].some((c) => c.dtype === 'string');
  return { bytes, plus };
}

const put = (s: string, w: number) => (s.length > w ? s.slice(0, w) : s.padEnd(w));

export function formatInfo(meta: FrameMeta, stats: InfoStats, options: { showCounts?: boolean } = {}): string {
  const showCounts = options.showCounts ?? true;
  const lines = ["<class 'pandas.core.frame.DataFrame'>"];
  const idxDtypes = meta.index.map((c) => c.dtype);
  const range = stats.rows > 0 && stats.first && stats.last
    ? `, ${meta.index.length === 0 ? 0 : label(stats.first, idxDtypes)} to ${meta.index.length === 0 ? stats.rows - 1 : label(stats.last, idxDtypes)}`
    : '';
  lines.push(`${indexTypeName(idxDtypes)}: ${stats.rows} entries${range}`);
  if (meta.columns.length === 0) {
    lines.push('Empty DataFrame');
  } else {
    lines.push(`Data columns (total ${meta.columns.length} columns):`);
    const headers = showCounts ? [' # ', 'Column', 'Non-Null Count', 'Dtype'] : [' # ', 'Column', 'Dtype'];
    const rows = meta.columns.map((c, i) => [` ${i}`, c.name, ...(showCounts ? [`${stats.nonNull[i]} non-null`] : []), pandasName(c.dtype)]);
    const widths = headers.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
    lines.push(headers.map((h, k) => put(h, widths[k]!)).join('  '));
    lines.push(headers.map((h, k) => put('-'.repeat(h.length), widths[k]!)).join('  '));
    for (const r of rows) lines.push(r.map((x, k) => put(x, widths[k]!)).join('  '));
  }
  const counts = new Map<string, number>();
  for (const c of meta.columns) counts.set(pandasName(c.dtype), (counts.get(pandasName(c.dtype)) ?? 0) + 1);
  const names = [...counts.keys()].sort();
  lines.push(`dtypes: ${names.map((n) => `${n}(${counts.get(n)})`).join(', ')}`);
  const mem = memoryUsage(meta, stats.rows);
  lines.push(`memory usage: ${sizeofFmt(mem.bytes, mem.plus ? '+' : '')}`);
  return `${lines.join('\n')}\n`;
}
