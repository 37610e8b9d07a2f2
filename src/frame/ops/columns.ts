/**
 * Partition kernels that only rearrange columns: select, rename, set/reset index, conform (to a
 * given column list, for concat). No row is touched.
 */
import { castCol, nullCol } from '../core/column.js';
import type { ColumnMeta } from '../core/meta.js';
import { type Part, type Slot, colOf, slot } from '../core/part.js';

export function selectColumns(p: Part, columns: readonly string[]): Part {
  const by = new Map(p.columns.map((s) => [s.name, s]));
  return { ...p, columns: columns.map((c) => by.get(c)!) };
}

export function renameColumns(p: Part, columns: Readonly<Record<string, string>>, index: Readonly<Record<string, string>>): Part {
  const re = (s: Slot, m: Readonly<Record<string, string>>): Slot => (Object.hasOwn(m, s.name) ? { ...s, name: m[s.name]! } : s);
  return { index: p.index.map((s) => re(s, index)), columns: p.columns.map((s) => re(s, columns)), length: p.length };
}

/** Data column(s) become the index (the old index is dropped, as pandas' `set_index` does). */
export function setIndex(p: Part, names: readonly string[]): Part {
  const keys = new Set(names);
  return { index: names.map((n) => p.columns.find((s) => s.name === n)!), columns: p.columns.filter((s) => !keys.has(s.name)), length: p.length };
}

/** The index becomes ordinary leading columns (`reset_index()`), or is dropped. */
export function resetIndex(p: Part, drop: boolean): Part {
  return { index: [], columns: drop ? p.columns : [...p.index, ...p.columns], length: p.length };
}

/** Exactly `columns` in that order: missing ones all-null, others cast to the dtype asked for. */
export function conform(p: Part, index: readonly ColumnMeta[], columns: readonly ColumnMeta[]): Part {
  const fit = (want: ColumnMeta, have: Slot | undefined): Slot => {
    if (!have) return slot(want.name, nullCol(want.dtype, p.length));
    return have.dtype === want.dtype ? have : slot(want.name, castCol(colOf(have), want.dtype));
  };
  return {
    index: index.map((c, k) => fit(c, p.index[k])),
    columns: columns.map((c) => fit(c, p.columns.find((s) => s.name === c.name))),
    length: p.length,
  };
}
