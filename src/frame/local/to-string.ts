/**
 * `DataFrame.__repr__` and `Series.__repr__` of pandas as a script prints them (display.width 80,
 * max_rows 60 → first and last 5, max_columns 20, max_colwidth 50): headers right-justified, the
 * index left-justified with its name on a second header line, wide frames wrapped in blocks
 * ending in ` \`, and `[n rows x m columns]` when something was left out.
 */
import { type Col, getCell } from '../core/column.js';
import { isNumeric, pandasName } from '../core/dtypes.js';
import { type Part, colOf, isUnnamed } from '../core/part.js';
import { adjoin, formatColumn, formatLabel, ljust, rjust } from './format-values.js';

export interface DisplayOptions {
  maxRows?: number;
  minRows?: number;
  maxColumns?: number;
  width?: number;
  maxColwidth?: number;
}

const DEFAULTS: Required<DisplayOptions> = { maxRows: 60, minRows: 10, maxColumns: 20, width: 80, maxColwidth: 50 };

function visibleRows(n: number, o: Required<DisplayOptions>): { rows: number[]; cut: number | null } {
  if (n <= o.maxRows) return { rows: Array.from({ length: n }, (_, i) => i), cut: null };
  const half = Math.floor(o.minRows / 2);
  const rows = [...Array.from({ length: half }, (_, i) => i), ...Array.from({ length: half }, (_, i) => n - half + i)];
  return { rows, cut: half };
}

function fixedWidth(values: string[], header: string, maxColwidth: number): string[] {
  const longest = Math.max(header.length, ...values.map((s) => s.length));
  const maxLen = Math.min(Math.max(0, ...values.map((s) => s.length)), maxColwidth);
  const cut = values.map((s) => (maxColwidth > 3 && s.length > maxLen ? `${s.slice(0, maxLen - 3)}...` : s));
  const w = Math.max(header.length, ...cut.map((s) => s.length), longest > maxColwidth ? 0 : 0);
  return cut.map((s) => rjust(s, w));
}

/** Index label text per visible row (several levels joined, repeated leading labels blanked). */
function indexColumns(p: Part, rows: readonly number[]): string[][] {
  if (p.index.length === 0) return [rows.map(String)];
  const cols = p.index.map((s) => colOf(s));
  const texts = cols.map((c) => rows.map((i) => formatLabel(c, i)));
  if (cols.length > 1) {
    // pandas sparsifies a MultiIndex: a label equal to the row above (with equal outer labels) is blank.
    for (let r = rows.length - 1; r > 0; r--) {
      for (let k = 0; k < cols.length - 1; k++) {
        if (texts.slice(0, k + 1).every((t) => t[r] === t[r - 1])) texts[k]![r] = '';
        else break;
      }
    }
  }
  return texts;
}

export function frameToString(p: Part, options: DisplayOptions = {}): string {
  const o = { ...DEFAULTS, ...options };
  if (p.columns.length === 0 && p.length === 0) return `Empty DataFrame\nColumns: []\nIndex: []`;
  if (p.length === 0) return `Empty DataFrame\nColumns: [${p.columns.map((s) => s.name).join(', ')}]\nIndex: []`;
  const { rows, cut } = visibleRows(p.length, o);
  const ncols = p.columns.length;
  let shown = p.columns.map((_, k) => k);
  let colCut: number | null = null;
  if (o.maxColumns > 0 && ncols > o.maxColumns) {
    const half = Math.floor(o.maxColumns / 2);
    shown = [...shown.slice(0, half), ...shown.slice(ncols - half)];
    colCut = half;
  }
  const named = p.index.length > 0 && p.index.some((s) => !isUnnamed(s.name));
  const headerRows = named ? 2 : 1;
  const strcols: string[][] = shown.map((k) => {
    const s = p.columns[k]!;
    // pandas gives numeric columns' headers the same leading space as their values.
    const header = isNumeric(s.dtype) ? ` ${s.name}` : s.name;
    const vals = fixedWidth(formatColumn(colOf(s), rows), header, o.maxColwidth);
    const w = Math.max(header.length, ...vals.map((v) => v.length));
    return [rjust(header, w), ...(named ? [''] : []), ...vals.map((v) => rjust(v, w))];
  });
  const idxTexts = indexColumns(p, rows);
  const idxCols = idxTexts.map((t, k) => {
    const name = named && !isUnnamed(p.index[k]!.name) ? p.index[k]!.name : '';
    const all = ['', ...(named ? [name] : []), ...t];
    const w = Math.max(...all.map((x) => x.length));
    return all.map((x) => ljust(x, w));
  });
  // Several index levels are joined into one column of text, as pandas adjoins them.
  const idx = idxCols.length === 1 ? idxCols[0]! : adjoin(1, idxCols).split('\n');
  if (cut !== null) {
    for (const c of strcols) {
      const w = c[headerRows]!.length;
      c.splice(headerRows + cut, 0, rjust(w > 3 ? '...' : '..', w));
    }
    idx.splice(headerRows + cut, 0, ljust('...', idx[0]!.length));
  }
  if (colCut !== null) strcols.splice(colCut, 0, Array(idx.length).fill(' ...'));
  const text = joinMultiline(idx, strcols, o.width, cut !== null ? rows.length + 1 : p.length);
  const dims = cut !== null || colCut !== null ? `\n\n[${p.length} rows x ${ncols} columns]` : '';
  return text + dims;
}

/** pandas' `_join_multiline`: blocks of columns that fit the width, the index repeated in each. */
function joinMultiline(idx: string[], strcols: string[][], width: number, nrows: number): string {
  const idxWidth = Math.max(...idx.map((s) => s.length));
  const lwidth = width - idxWidth - 1;
  const widths = strcols.map((c) => Math.max(0, ...c.map((s) => s.length)));
  const bins: number[] = [];
  let cur = 0;
  widths.forEach((w, i) => {
    cur += w + 1;
    const wrap = (i === widths.length - 1 ? cur + 1 > lwidth : cur + 2 > lwidth) && i > 0;
    if (wrap) {
      bins.push(i);
      cur = w + 1;
    }
  });
  bins.push(strcols.length);
  const blocks: string[] = [];
  let start = 0;
  bins.forEach((end, b) => {
    const row = [idx, ...strcols.slice(start, end)];
    if (bins.length > 1) row.push(b < bins.length - 1 ? [' \\', ...Array(nrows - 1).fill('  ')] : Array(nrows).fill(' '));
    blocks.push(adjoin(1, row));
    start = end;
  });
  return blocks.join('\n\n');
}

export function seriesToString(p: Part, options: DisplayOptions = {}): string {
  const o = { ...DEFAULTS, ...options };
  const s = p.columns[0]!;
  const c: Col = colOf(s);
  const footer = `${s.name !== '' ? `Name: ${s.name}, ` : ''}dtype: ${pandasName(s.dtype)}`;
  if (p.length === 0) return `Series([], ${footer})`;
  const { rows, cut } = visibleRows(p.length, o);
  let vals = formatColumn(c, rows);
  const idxTexts = indexColumns(p, rows);
  const names = p.index.map((x) => x.name);
  const named = names.some((n) => !isUnnamed(n));
  const widths = idxTexts.map((t, k) => Math.max(named ? names[k]!.length : 0, ...t.map((x) => x.length)));
  let idx = rows.map((_, r) => idxTexts.map((t, k) => ljust(t[r]!, widths[k]!)).join('  '));
  const w = Math.max(...vals.map((v) => v.length));
  vals = vals.map((v) => rjust(v, w));
  if (cut !== null) {
    vals.splice(cut, 0, rjust('...', w));
    idx = [...idx.slice(0, cut), '..', ...idx.slice(cut)];
  }
  const head = named ? [names.map((n, k) => ljust(isUnnamed(n) ? '' : n, widths[k]!)).join('  ')] : [];
  const iw = Math.max(...idx.map((x) => x.length));
  const body = idx.map((x, r) => `${ljust(x, iw)}   ${vals[r]}`);
  const len = cut !== null ? `Length: ${p.length}, ` : '';
  return [...head, ...body, `${len}${footer}`].join('\n');
}

export { getCell };
