/**
 * `getDummies`: one-hot encoding with pandas' names and order — the other columns first, then
 * for each encoded column (in the order given) `Pclass_1`, `Pclass_2`, … over its categories
 * sorted, found over ALL partitions (a first pass, a tree reduction of distinct values, unless
 * `categories` are given). uint8 by default, as the tutorial's pandas made them.
 *
 * The output columns depend on the data, so without `categories` the plan is deferred: built
 * when first computed, after the first pass runs on the same client.
 */
import { TuskError } from '../../errors.js';
import { type Cell, formatFloatLikePython } from '../core/column.js';
import { type Dtype, toDtype } from '../core/dtypes.js';
import { type ColumnMeta, requireColumns } from '../core/meta.js';
import { type Node, stepsNode } from '../core/node.js';
import { Plan } from '../core/plan.js';
import { reduceNode } from '../core/reduce.js';
import { runNode } from '../core/run.js';
import type { DummySpec } from '../ops/dummies.js';

export interface GetDummiesOptions {
  /** Columns to encode (default: every string column). */
  columns?: readonly string[];
  /** Name prefix per column (default: the column name), or one for all. */
  prefix?: string | Readonly<Record<string, string>>;
  prefixSep?: string;
  /** Output dtype (default uint8; 'bool', 'int64', 'float64' work too). */
  dtype?: string;
  /** Leave out the first category of each column. */
  dropFirst?: boolean;
  /** Known categories per column: no first pass, and the plan is known at once. */
  categories?: Readonly<Record<string, readonly Cell[]>>;
}

function labelOf(v: Cell, dtype: Dtype): string {
  if (typeof v === 'number' && (dtype === 'float64' || dtype === 'float32')) return formatFloatLikePython(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return dtype === 'date' ? v.toISOString().slice(0, 10) : v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  return String(v);
}

function dummiesNode(node: Node, cols: readonly ColumnMeta[], cats: readonly (readonly Cell[])[], options: GetDummiesOptions, dtype: Dtype): Node {
  const sep = options.prefixSep ?? '_';
  const specs: DummySpec[] = cols.map((c, k) => {
    const prefix = typeof options.prefix === 'string' ? options.prefix : (options.prefix?.[c.name] ?? c.name);
    const values = options.dropFirst ? cats[k]!.slice(1) : cats[k]!;
    return { column: c.name, categories: [...values], names: values.map((v) => `${prefix}${sep}${labelOf(v, c.dtype)}`) };
  });
  const encoded = new Set(cols.map((c) => c.name));
  const meta = node.meta!;
  const columns = [...meta.columns.filter((c) => !encoded.has(c.name)), ...specs.flatMap((s) => s.names.map((name) => ({ name, dtype })))];
  return stepsNode(node, { s: 'dummies', specs, dtype }, { index: meta.index, columns });
}

export function getDummies(plan: Plan, options: GetDummiesOptions = {}): Plan {
  const dtype = toDtype(options.dtype ?? 'uint8', 'getDummies dtype');
  if (!['uint8', 'bool', 'int64', 'int32', 'float64', 'float32'].includes(dtype)) {
    throw new TuskError('InvalidArgument', `getDummies: dtype must be numeric or bool, got ${options.dtype}`);
  }
  const prepare = (node: Node): ColumnMeta[] => {
    const meta = node.meta!;
    return options.columns === undefined ? meta.columns.filter((c) => c.dtype === 'string') : requireColumns(meta, options.columns, 'getDummies');
  };
  const known = options.categories;
  if (known !== undefined) {
    return plan.map((node) => {
      const cols = prepare(node);
      const missing = cols.find((c) => !Object.hasOwn(known, c.name));
      if (missing) throw new TuskError('InvalidArgument', `getDummies: categories were given but not for "${missing.name}"`);
      return dummiesNode(node, cols, cols.map((c) => [...known[c.name]!]), options, dtype);
    });
  }
  // Validate now when the input plan is known; the categories pass runs on first compute.
  if (plan.node) prepare(plan.node);
  return Plan.deferred(async (client) => {
    const node = await plan.resolve(client);
    const cols = prepare(node);
    const [cats] = (await runNode(reduceNode('categories', { columns: cols.map((c) => c.name) }, node, null), client)) as [Cell[][]];
    return dummiesNode(node, cols, cats, options, dtype);
  });
}
