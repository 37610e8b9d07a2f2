/**
 * A partition as CSV text the way pandas' `to_csv` writes it: index columns first (when there
 * is an index), floats as Python's repr (`22.0`, `71.2833`), missing values empty, fields
 * quoted only when they hold the separator, a quote or a line break.
 */
import { type Col, formatFloatLikePython, getCell, isValid } from '../core/column.js';
import { type Part, colOf } from '../core/part.js';

export interface CsvWriteOptions {
  sep: string;
  naRep: string;
  /** Write index columns. */
  index: boolean;
  lineTerminator: string;
}

function quote(s: string, sep: string): string {
  return s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replaceAll('"', '""')}"` : s;
}

function cellText(c: Col, i: number, o: CsvWriteOptions): string {
  if (!isValid(c, i)) return o.naRep;
  const v = getCell(c, i);
  if (typeof v === 'number' && (c.dtype === 'float64' || c.dtype === 'float32')) return formatFloatLikePython(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return c.dtype === 'date' ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace('Z', '').replace(/\.000$/, '');
  return quote(String(v), o.sep);
}

export function csvHeader(p: Part, o: CsvWriteOptions): string {
  const slots = o.index ? [...p.index, ...p.columns] : p.columns;
  return slots.map((s) => quote(s.name, o.sep)).join(o.sep) + o.lineTerminator;
}

export function csvBody(p: Part, o: CsvWriteOptions): string {
  const cols = (o.index ? [...p.index, ...p.columns] : p.columns).map(colOf);
  const lines: string[] = new Array(p.length);
  for (let i = 0; i < p.length; i++) lines[i] = cols.map((c) => cellText(c, i, o)).join(o.sep) + o.lineTerminator;
  return lines.join('');
}
