/**
 * `readParquet(pathOrGlobOrFolder, { columns, filters, index })`: a lazy frame with one partition
 * per row group. Planned on this thread from the footers alone (`parquet/plan.ts`): the schema,
 * the row groups, and which of them `filters` rule out from their min/max statistics — those are
 * never read. Each partition is one worker task that decodes only the columns asked for (and the
 * ones the filters test) and keeps only the rows that pass `filters`, as pandas and Dask do.
 *
 * The index: `index` names it (one column or several); by default the one the file's metadata
 * names — ours (`toParquet` writes it) or pandas' — else none (a RangeIndex, as pandas).
 */
import { closest, TuskError } from '../../errors.js';
import { tokenize } from '../../graph/tokenize.js';
import type { ColumnMeta, FrameMeta } from '../core/meta.js';
import { taskOp } from '../core/lower.js';
import { type Node, partKey, sourceNode } from '../core/node.js';
import { INDEX_NAMES_KEY } from '../core/part.js';
import { INDEX_METADATA_KEY } from '../csv/schema.js';
import { frameDtypeOf, type FrameParquetTask } from '../ops/parquet-read.js';
import { filterColumns, normalizeFilters, type RowFilters } from '../ops/parquet-filter.js';
import { cachedFooter } from '../parquet/footer.js';
import type { ParquetFilters } from '../parquet/filters.js';
import { expandParquetPaths } from '../parquet/paths.js';
import { planParquet } from '../parquet/plan.js';

export interface ReadParquetOptions {
  /** Data columns to read, in this order (default: all). The index comes along without being listed. */
  columns?: readonly string[];
  /**
   * Rows to keep, in Dask's and pyarrow's form: `[['year', '>=', 2020], ['kind', 'in', ['a', 'b']]]`
   * (ANDed), or a list of such lists (ORed). Row groups whose statistics rule them out are not read;
   * the rows of the others are filtered. Filter columns need not be among `columns`.
   */
  filters?: ParquetFilters;
  /** Index column(s); default: what the file's metadata names; null for none. */
  index?: string | readonly string[] | null;
}

export function readParquetPlan(paths: string | readonly string[], options: ReadParquetOptions = {}): Node {
  if (options === null || typeof options !== 'object') throw new TuskError('InvalidArgument', 'readParquet: options must be an object such as { columns: [...] }');
  const files = expandParquetPaths(paths);
  const first = cachedFooter(files[0]!);
  const names = first.fields.map((f) => f.name);
  const index = resolveIndex(options.index, first.keyValue, names, first.path);
  if (options.columns !== undefined && !Array.isArray(options.columns)) {
    throw new TuskError('InvalidArgument', `readParquet: columns must be a list of column names, not ${JSON.stringify(options.columns)}`, { context: { columns: options.columns } });
  }
  const wanted = (options.columns ?? names).filter((c) => !index.includes(c));
  let rowFilters: RowFilters | undefined;
  try {
    rowFilters = normalizeFilters(options.filters);
  } catch {
    rowFilters = undefined; // malformed: planParquet below says what is wrong with them
  }
  const extra = rowFilters === undefined ? [] : filterColumns(rowFilters).filter((c) => names.includes(c) && !index.includes(c) && !wanted.includes(c));
  const read = [...index, ...wanted, ...extra];
  const plan = planParquet(files, { columns: read, filters: options.filters, index: null });
  rowFilters ??= normalizeFilters(options.filters);

  const dtypes = new Map<string, ColumnMeta>();
  const bad: string[] = [];
  for (const c of plan.schema.columns) {
    const t = frameDtypeOf(c);
    if (t.ok) dtypes.set(c.name, { name: c.name, dtype: t.dtype });
    else bad.push(`"${c.name}": ${t.reason}`);
  }
  if (bad.length > 0) {
    const ok = wanted.filter((c) => dtypes.has(c));
    throw new TuskError('UnsupportedDtype', `readParquet: ${first.path}: cannot read ${bad.join('; ')}`, {
      context: { file: first.path, columns: bad },
      hint: ok.length > 0 ? `leave it out: columns: ${JSON.stringify(ok)}` : 'cast the column to a supported type where the file is written',
    });
  }
  const meta: FrameMeta = { index: index.map((n) => dtypes.get(n)!), columns: wanted.map((n) => dtypes.get(n)!) };
  const token = tokenize('read-parquet', plan.files.map((f) => [f.path, f.size, cachedFooter(f.path).mtimeMs]), plan.partitions, plan.schema, index, wanted, rowFilters);
  const name = `read-parquet-${token}`;
  const op = taskOp('readParquetPart');
  const graph: Record<string, unknown> = {};
  const keys = plan.partitions.map((p, i) => {
    const task: FrameParquetTask = { ...p, schema: plan.schema, index, keep: wanted, filters: rowFilters };
    graph[partKey(name, i)] = { op, args: [task] };
    return partKey(name, i);
  });
  return sourceNode('read-parquet', token, meta, graph, keys);
}

function resolveIndex(given: ReadParquetOptions['index'], kv: ReadonlyMap<string, string>, names: readonly string[], file: string): string[] {
  if (given === null) return [];
  if (given !== undefined) {
    const list = typeof given === 'string' ? [given] : given;
    if (!Array.isArray(list) || list.some((n) => typeof n !== 'string')) {
      throw new TuskError('InvalidArgument', `readParquet: index must be a column name, a list of them, or null; got ${JSON.stringify(given)}`, { context: { index: given } });
    }
    for (const n of list) {
      if (!names.includes(n)) {
        const guess = closest(n, names);
        throw new TuskError('ColumnNotFound', `readParquet: index names column "${n}", which ${file} does not have; columns are ${names.join(', ')}`, {
          context: { column: n, columns: [...names], file },
          hint: guess !== undefined ? `did you mean "${guess}"?` : undefined,
        });
      }
    }
    return [...list];
  }
  return indexFromFile(kv, names);
}

/** Ours (`tusk.index.names` / `tusk.index`), or pandas' stored index columns; [] for none. */
export function indexFromFile(kv: ReadonlyMap<string, string>, names: readonly string[]): string[] {
  const present = (list: unknown): string[] | undefined =>
    Array.isArray(list) && list.length > 0 && list.every((n) => typeof n === 'string' && names.includes(n)) ? (list as string[]) : undefined;
  try {
    const multi = kv.get(INDEX_NAMES_KEY);
    if (multi !== undefined) return present(JSON.parse(multi)) ?? [];
    const one = kv.get(INDEX_METADATA_KEY);
    if (one !== undefined) return present([one]) ?? [];
    const pandas = kv.get('pandas');
    if (pandas !== undefined) return present((JSON.parse(pandas) as { index_columns?: unknown }).index_columns) ?? [];
  } catch {
    // Unreadable metadata only loses the index: the data is still right.
  }
  return [];
}
