/**
 * A computed frame: all its rows in memory, backed by one Arrow table (index columns first,
 * named in the schema metadata). What `await df.compute()` gives; prints like pandas.
 */
import type { Table } from 'apache-arrow';
import { inspect } from 'node:util';
import { type Cell, getCell } from '../core/column.js';
import { pandasName } from '../core/dtypes.js';
import { type FrameMeta, requireColumn } from '../core/meta.js';
import { type Part, colOf, fromTable, sliceRows, toTable } from '../core/part.js';
import { type InfoStats, formatInfo } from './info.js';
import { type DisplayOptions, frameToString, seriesToString } from './to-string.js';

export class LocalFrame {
  private readonly part: Part;

  constructor(private readonly table: Table) {
    this.part = fromTable(table);
  }

  get meta(): FrameMeta {
    return { index: this.part.index.map((s) => ({ name: s.name, dtype: s.dtype })), columns: this.part.columns.map((s) => ({ name: s.name, dtype: s.dtype })) };
  }

  /** Data column names (not the index). */
  get columns(): string[] {
    return this.part.columns.map((s) => s.name);
  }

  /** Index column names ([] for a RangeIndex). */
  get indexNames(): string[] {
    return this.part.index.map((s) => s.name);
  }

  get length(): number {
    return this.part.length;
  }

  get shape(): [number, number] {
    return [this.part.length, this.part.columns.length];
  }

  /** pandas dtype names by column. */
  get dtypes(): Record<string, string> {
    return Object.fromEntries(this.part.columns.map((s) => [s.name, pandasName(s.dtype)]));
  }

  toArrow(): Table {
    return this.table;
  }

  /** One column's values (an index column too); int64 as numbers when they fit, else bigint. */
  get(name: string): Cell[] {
    requireColumn(this.meta, name, 'get', true);
    const s = this.part.columns.find((c) => c.name === name) ?? this.part.index.find((c) => c.name === name)!;
    const c = colOf(s);
    return Array.from({ length: this.part.length }, (_, i) => getCell(c, i));
  }

  /** The index labels (one level: values; several: tuples; none: 0…n-1). */
  index(): Cell[] | Cell[][] {
    if (this.part.index.length === 0) return Array.from({ length: this.part.length }, (_, i) => i);
    const cols = this.part.index.map(colOf);
    if (cols.length === 1) return Array.from({ length: this.part.length }, (_, i) => getCell(cols[0]!, i));
    return Array.from({ length: this.part.length }, (_, i) => cols.map((c) => getCell(c, i)));
  }

  /** Rows as objects (index columns included). */
  toRecords(): Record<string, Cell>[] {
    const slots = [...this.part.index, ...this.part.columns];
    const cols = slots.map(colOf);
    return Array.from({ length: this.part.length }, (_, i) => Object.fromEntries(slots.map((s, k) => [s.name, getCell(cols[k]!, i)])));
  }

  head(n = 5): LocalFrame {
    return new LocalFrame(toTable(sliceRows(this.part, 0, n)));
  }

  tail(n = 5): LocalFrame {
    return new LocalFrame(toTable(sliceRows(this.part, this.part.length - n, this.part.length)));
  }

  info(options: { showCounts?: boolean } = {}): string {
    const stats: InfoStats = {
      rows: this.part.length,
      nonNull: this.part.columns.map((s) => {
        const c = colOf(s);
        return c.valid === null ? this.part.length : c.valid.reduce((a, b) => a + b, 0);
      }),
      first: this.part.length ? this.part.index.map((s) => getCell(colOf(s), 0)) : null,
      last: this.part.length ? this.part.index.map((s) => getCell(colOf(s), this.part.length - 1)) : null,
    };
    return formatInfo(this.meta, stats, options);
  }

  toString(options?: DisplayOptions): string {
    return frameToString(this.part, options);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A computed one-column frame (a Series' result): values with an index and a name. */
export class LocalSeries {
  private readonly part: Part;

  constructor(private readonly table: Table) {
    this.part = fromTable(table);
  }

  get name(): string {
    return this.part.columns[0]!.name;
  }

  get dtype(): string {
    return pandasName(this.part.columns[0]!.dtype);
  }

  get length(): number {
    return this.part.length;
  }

  toArrow(): Table {
    return this.table;
  }

  values(): Cell[] {
    const c = colOf(this.part.columns[0]!);
    return Array.from({ length: this.part.length }, (_, i) => getCell(c, i));
  }

  index(): Cell[] | Cell[][] {
    return new LocalFrame(this.table).index();
  }

  /** Value at an index label (first match), or undefined. */
  at(...label: Cell[]): Cell | undefined {
    const idx = this.index();
    const want = JSON.stringify(label.length === 1 ? label[0] : label);
    const i = (idx as unknown[]).findIndex((x) => JSON.stringify(x) === want);
    return i < 0 ? undefined : this.values()[i];
  }

  head(n = 5): LocalSeries {
    return new LocalSeries(toTable(sliceRows(this.part, 0, n)));
  }

  toString(options?: DisplayOptions): string {
    return seriesToString(this.part, options);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
