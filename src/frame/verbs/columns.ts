/**
 * Verbs that pick, drop and rename columns, and move columns to and from the index. Each checks
 * its column names against the plan's meta (unknown → ColumnNotFound with a suggestion).
 */
import { TuskError } from '../../errors.js';
import { type FrameMeta, requireColumn, requireColumns } from '../core/meta.js';
import { type Node, stepsNode } from '../core/node.js';
import { UNNAMED_INDEX, isUnnamed } from '../core/part.js';

const metaOf = (n: Node): FrameMeta => n.meta!;

function names(x: unknown, where: string): string[] {
  const list = typeof x === 'string' ? [x] : x;
  if (!Array.isArray(list) || list.some((c) => typeof c !== 'string')) {
    throw new TuskError('InvalidArgument', `${where}: expected a column name or an array of names`, { context: { columns: x } });
  }
  return list as string[];
}

export function select(node: Node, columns: string | readonly string[]): Node {
  const meta = metaOf(node);
  const cols = requireColumns(meta, names(columns, 'select'), 'select');
  return stepsNode(node, { s: 'select', columns: cols.map((c) => c.name) }, { index: meta.index, columns: cols });
}

export function drop(node: Node, columns: string | readonly string[], options: { errors?: 'raise' | 'ignore' } = {}): Node {
  const meta = metaOf(node);
  const list = names(columns, 'drop');
  if (options.errors !== 'ignore') requireColumns(meta, list, 'drop');
  const gone = new Set(list);
  const keep = meta.columns.filter((c) => !gone.has(c.name));
  return stepsNode(node, { s: 'select', columns: keep.map((c) => c.name) }, { index: meta.index, columns: keep });
}

export function rename(node: Node, mapping: Readonly<Record<string, string>>, options: { index?: Readonly<Record<string, string>> } = {}): Node {
  const meta = metaOf(node);
  for (const [from, to] of Object.entries(mapping)) {
    requireColumn(meta, from, 'rename');
    if (typeof to !== 'string') throw new TuskError('InvalidArgument', `rename: the new name of "${from}" must be a string`);
  }
  const index = options.index ?? {};
  for (const from of Object.keys(index)) if (!meta.index.some((c) => c.name === from)) throw new TuskError('ColumnNotFound', `rename: the index has no level "${from}"; it has ${meta.index.map((c) => JSON.stringify(c.name)).join(', ') || 'none (a RangeIndex)'}`);
  const re = (m: Readonly<Record<string, string>>) => (c: { name: string; dtype: FrameMeta['columns'][number]['dtype'] }) => (Object.hasOwn(m, c.name) ? { ...c, name: m[c.name]! } : c);
  const out = { index: meta.index.map(re(index)), columns: meta.columns.map(re(mapping)) };
  const seen = new Set<string>();
  for (const c of out.columns) {
    if (seen.has(c.name)) throw new TuskError('InvalidArgument', `rename: two columns would be named "${c.name}"`, { hint: 'give each column a distinct name' });
    seen.add(c.name);
  }
  return stepsNode(node, { s: 'rename', columns: { ...mapping }, index: { ...index } }, out);
}

export function setIndex(node: Node, keys: string | readonly string[]): Node {
  const meta = metaOf(node);
  const cols = requireColumns(meta, names(keys, 'setIndex'), 'setIndex');
  const set = new Set(cols.map((c) => c.name));
  return stepsNode(node, { s: 'setIndex', names: cols.map((c) => c.name) }, { index: cols, columns: meta.columns.filter((c) => !set.has(c.name)) });
}

export function resetIndex(node: Node, options: { drop?: boolean } = {}): Node {
  const meta = metaOf(node);
  const drop = options.drop ?? false;
  for (const c of meta.index) {
    if (!drop && meta.columns.some((d) => d.name === c.name)) throw new TuskError('InvalidArgument', `resetIndex: cannot insert "${c.name}", it already exists`, { hint: 'pass { drop: true } or rename it first' });
  }
  const idx = meta.index.map((c) => (isUnnamed(c.name) ? { ...c, name: 'index' } : c));
  const step = stepsNode(node, { s: 'resetIndex', drop }, { index: [], columns: drop ? meta.columns : [...meta.index, ...meta.columns] });
  if (drop || idx.every((c, k) => c.name === meta.index[k]!.name)) return step;
  return stepsNode(step, { s: 'rename', columns: { [UNNAMED_INDEX]: 'index' }, index: {} }, { index: [], columns: [...idx, ...meta.columns] });
}
