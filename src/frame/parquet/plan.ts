/**
 * Planning a read, on the main thread, from footers alone: the schema (first file), one partition
 * per row group, minus the row groups whose statistics prove no row can pass `filters`.
 *
 * Cost: one footer read per file (a few reads of its last bytes); no data pages. Files read
 * together must have the asked-for columns with the same types; the first file decides them.
 * A plan always has at least one partition (an empty one when every row group was skipped), so a
 * frame over it has a schema and a first partition to show.
 */
import type { Schema } from 'apache-arrow';
import { closest, TuskError } from '../../errors.js';
import { columnType, type ParquetColumn } from './dtypes.js';
import { compileFilters, mayMatch, type ParquetFilters } from './filters.js';
import { readFooter, type ParquetFooter, type TopField } from './footer.js';
import { expandParquetPaths } from './paths.js';
import { ENCODING_METADATA_KEYS, indexFromMetadata, parquetArrowSchema, type ParquetSchema } from './schema.js';

export interface ParquetReadOptions {
  /** Columns to read, in this order (default: all). The index column comes along even when not listed. */
  columns?: readonly string[];
  /** Row-group skipping, see `filters.ts`: `[['year', '>=', 2020]]`, or an OR of such AND-lists. */
  filters?: ParquetFilters;
  /** The index column; default: the one the file's metadata names (ours, or pandas'); null for none. */
  index?: string | null;
}

/** One worker task's row group: plain data. `rowGroup` -1 is an empty partition. */
export interface ParquetPartition {
  path: string;
  rowGroup: number;
  numRows: number;
}

export interface ParquetFilePlan {
  path: string;
  size: number;
  numRows: number;
  rowGroups: number;
}

export interface ParquetPlan {
  schema: ParquetSchema;
  arrowSchema: Schema;
  files: ParquetFilePlan[];
  /** In file order, then row-group order. */
  partitions: ParquetPartition[];
  /** Row groups left out because their statistics exclude `filters`. */
  rowGroupsSkipped: number;
}

export function planParquet(paths: string | readonly string[], options: ParquetReadOptions = {}): ParquetPlan {
  checkOptions(options);
  const files = expandParquetPaths(paths);
  const first = readFooter(files[0]!);
  const schema = resolveSchema(first, options);
  const plans: ParquetFilePlan[] = [];
  const partitions: ParquetPartition[] = [];
  let rowGroupsSkipped = 0;
  for (const [i, path] of files.entries()) {
    const footer = i === 0 ? first : readFooter(path);
    const byName = checkColumns(footer, first, schema.columns);
    const { readable, unreadable } = typedColumns(footer);
    const dnf = compileFilters(options.filters, readable, unreadable, path);
    const filterLeaf = new Map<string, number>();
    for (const conj of dnf) for (const p of conj) filterLeaf.set(p.column, byName.get(p.column)!.leaves[0]!);
    footer.rowGroups.forEach((rg, g) => {
      const keep = mayMatch(dnf, (column) => rg.columns[filterLeaf.get(column)!]?.stats, rg.numRows);
      if (keep) partitions.push({ path, rowGroup: g, numRows: rg.numRows });
      else rowGroupsSkipped++;
    });
    plans.push({ path, size: footer.size, numRows: footer.numRows, rowGroups: footer.rowGroups.length });
  }
  if (partitions.length === 0) partitions.push({ path: files[0]!, rowGroup: -1, numRows: 0 });
  return { schema, arrowSchema: parquetArrowSchema(schema), files: plans, partitions, rowGroupsSkipped };
}

function checkOptions(options: ParquetReadOptions): void {
  const { columns, index } = options;
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) {
      throw new TuskError('InvalidArgument', `columns must be a list of column names, not ${JSON.stringify(columns)}`, { context: { columns } });
    }
    if (columns.length === 0) throw new TuskError('InvalidArgument', 'columns is empty: name at least one column, or leave it out to read all', { context: { columns } });
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup !== undefined) throw new TuskError('InvalidArgument', `columns lists "${dup}" twice`, { context: { columns } });
  }
  if (index !== undefined && index !== null && typeof index !== 'string') {
    throw new TuskError('InvalidArgument', `index must be a column name or null, not ${JSON.stringify(index)}`, { context: { index } });
  }
}

function typedColumns(footer: ParquetFooter): { readable: ParquetColumn[]; unreadable: Map<string, string> } {
  const readable: ParquetColumn[] = [];
  const unreadable = new Map<string, string>();
  for (const f of footer.fields) {
    const t = columnType(f);
    if (t.ok) readable.push(t.column);
    else unreadable.set(t.name, t.reason);
  }
  return { readable, unreadable };
}

function fieldOf(footer: ParquetFooter, name: string): TopField | undefined {
  return footer.fields.find((f) => f.name === name);
}

function columnNotFound(name: string, what: string, footer: ParquetFooter): TuskError {
  const names = footer.fields.map((f) => f.name);
  const guess = closest(name, names);
  return new TuskError('ColumnNotFound', `${what} names column "${name}", which ${footer.path} does not have; columns are ${names.join(', ')}`, {
    context: { column: name, columns: names, file: footer.path },
    hint: guess !== undefined ? `did you mean "${guess}"?` : undefined,
  });
}

function resolveSchema(footer: ParquetFooter, options: ParquetReadOptions): ParquetSchema {
  const names = footer.fields.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new TuskError('FileFormat', `${footer.path} has two columns named "${dup}"`, { context: { file: footer.path, columns: names }, hint: 'rename one of them where the file is written' });
  }
  const indexCol = options.index === undefined ? indexFromMetadata(footer.keyValue, names) : options.index;
  if (indexCol !== null && !names.includes(indexCol)) throw columnNotFound(indexCol, 'index', footer);
  for (const c of options.columns ?? []) if (!names.includes(c)) throw columnNotFound(c, 'columns', footer);
  const wanted = options.columns ?? names;
  const ordered = indexCol !== null ? [indexCol, ...wanted.filter((c) => c !== indexCol)] : [...wanted];
  const columns: ParquetColumn[] = [];
  const bad: string[] = [];
  for (const name of ordered) {
    const t = columnType(fieldOf(footer, name)!);
    if (t.ok) columns.push(t.column);
    else bad.push(`"${t.name}": ${t.reason}`);
  }
  if (bad.length > 0) {
    const readable = ordered.filter((n) => columns.some((c) => c.name === n) && n !== indexCol);
    throw new TuskError('UnsupportedDtype', `${footer.path}: cannot read column${bad.length > 1 ? 's' : ''} ${bad.join('; ')}`, {
      context: { file: footer.path, columns: bad },
      hint: readable.length > 0 ? `leave ${bad.length > 1 ? 'them' : 'it'} out: columns: ${JSON.stringify(readable)}` : 'cast the column to a supported type where the file is written',
    });
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of footer.keyValue) if (!ENCODING_METADATA_KEYS.includes(k)) metadata[k] = v;
  return { columns, indexCol, metadata };
}

/** Checks that `footer` has every planned column with the planned type; returns its fields by name. */
function checkColumns(footer: ParquetFooter, first: ParquetFooter, columns: readonly ParquetColumn[]): Map<string, TopField> {
  const byName = new Map(footer.fields.map((f) => [f.name, f]));
  if (footer === first) return byName;
  for (const c of columns) {
    const f = byName.get(c.name);
    if (f === undefined) {
      throw new TuskError('FileFormat', `${footer.path} has no column "${c.name}", which ${first.path} has`, {
        context: { file: footer.path, column: c.name, firstFile: first.path, columns: footer.fields.map((x) => x.name) },
        hint: 'files read together must share their columns: pass `columns` to read the common ones, or read the files separately',
      });
    }
    const t = columnType(f);
    if (!t.ok || t.column.dtype !== c.dtype || t.column.timezone !== c.timezone) {
      const theirs = t.ok ? describe(t.column) : t.reason;
      throw new TuskError('FileFormat', `column "${c.name}" is ${theirs} in ${footer.path} but ${describe(c)} in ${first.path}`, {
        context: { file: footer.path, column: c.name, firstFile: first.path },
        hint: 'files read together must agree on column types: rewrite the odd file with the same type, or read the files separately and cast',
      });
    }
  }
  return byName;
}

function describe(c: ParquetColumn): string {
  return c.timezone !== null ? `${c.dtype} (${c.timezone})` : c.dtype;
}
