/**
 * Where frames come from: `readCsv` (lazy: the plan's schema and byte ranges are found now, on
 * this thread; each partition is parsed by a worker), and in-memory data (`fromArrow`,
 * `fromColumns`) cut into partitions that travel as literal keys of the graph.
 */
import { type Table, tableFromArrays } from 'apache-arrow';
import { TuskError } from '../../errors.js';
import { tokenize } from '../../graph/tokenize.js';
import { planCsvRead } from '../csv/read.js';
import { arrowSchema } from '../csv/schema.js';
import type { CsvOptions } from '../csv/options.js';
import { fromCells } from '../core/column.js';
import { type Dtype, toDtype } from '../core/dtypes.js';
import { taskOp } from '../core/lower.js';
import { metaOfSchema } from '../core/meta.js';
import { type Node, layerNode, partKey, sourceNode } from '../core/node.js';
import { ref } from '../../graph/types.js';
import { type Part, fromTable, slot, sliceRows, toTable } from '../core/part.js';

export function readCsvPlan(paths: string | readonly string[], options: CsvOptions = {}): Node {
  const plan = planCsvRead(paths, options);
  const meta = metaOfSchema(arrowSchema(plan.schema));
  const token = tokenize('read-csv', plan.schema, plan.options, plan.partitions, plan.files.map((f) => [f.path, f.size]), options.nrows ?? null);
  const name = `read-csv-${token}`;
  const op = taskOp('readCsvPart');
  const graph: Record<string, unknown> = {};
  const keys = plan.partitions.map((p, i) => {
    const key = partKey(name, i);
    graph[key] = { op, args: [{ ...p, schema: plan.schema, options: { ...plan.options, nrows: options.nrows ?? null } }] };
    return key;
  });
  let node: Node = sourceNode('read-csv', token, meta, graph, keys);
  if (options.nrows != null) node = limitRows(node, options.nrows);
  return node;
}

/** The first `n` rows over all partitions (pandas' `nrows`): each partition keeps what the ones before it left. */
function limitRows(node: Node, n: number): Node {
  return layerNode('nrows', { n }, [node], node.meta, node.npartitions, (ctx) => {
    const counts = ctx.inputs[0]!.map((k, i) => ctx.add(`${ctx.name}-count.${i}`, taskOp('rowsOf'), [ref(k)]));
    return ctx.inputs[0]!.map((k, i) => ctx.add(partKey(ctx.name, i), taskOp('limitRows'), [ref(k), n, ...counts.slice(0, i).map(ref)]));
  });
}

/** An in-memory Arrow table as a lazy frame of `npartitions` row ranges. */
export function fromArrowPlan(table: Table, npartitions = 1): Node {
  if (!Number.isInteger(npartitions) || npartitions < 1) throw new TuskError('InvalidArgument', `npartitions must be a positive integer, got ${npartitions}`);
  const part = fromTable(table);
  const meta = metaOfSchema(table.schema);
  const n = Math.min(npartitions, Math.max(1, part.length));
  const pieces: Table[] = [];
  for (let k = 0; k < n; k++) pieces.push(toTable(sliceRows(part, Math.floor((k * part.length) / n), Math.floor(((k + 1) * part.length) / n))));
  const token = tokenize('from-arrow', pieces.map((t) => t.numRows), table.schema.fields.map((f) => [f.name, String(f.type)]), [...table.schema.metadata], hashTable(table));
  const name = `from-arrow-${token}`;
  const graph: Record<string, unknown> = {};
  const keys = pieces.map((t, i) => {
    graph[partKey(name, i)] = t;
    return partKey(name, i);
  });
  return sourceNode('from-arrow', token, meta, graph, keys);
}

function hashTable(table: Table): string {
  const parts: unknown[] = [];
  for (const b of table.batches) for (const c of b.data.children) parts.push(c.values, c.valueOffsets ?? null, c.nullBitmap ?? null, c.offset, c.length);
  return tokenize(parts);
}

export type ColumnValues = ArrayLike<unknown>;

export interface FromColumnsOptions {
  /** Index column(s): name → values (like pandas' `index=`). */
  index?: Record<string, ColumnValues>;
  /** dtype per column (default: inferred from the values). */
  dtype?: Record<string, string>;
  npartitions?: number;
}

function inferDtype(values: ColumnValues, name: string): Dtype {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (typeof v === 'bigint') return 'int64';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'string') return 'string';
    if (v instanceof Date) return 'datetime';
    if (typeof v === 'number') {
      for (let j = i; j < values.length; j++) {
        const x = values[j];
        if (typeof x === 'number' && !Number.isInteger(x)) return 'float64';
        if (x === null || x === undefined) return 'float64';
      }
      return ArrayBuffer.isView(values) && (values instanceof Float64Array || values instanceof Float32Array) ? 'float64' : 'int64';
    }
    throw new TuskError('InvalidArgument', `column "${name}": cannot store ${Object.prototype.toString.call(v)} values`, { hint: 'use numbers, bigints, strings, booleans or Dates' });
  }
  return 'float64';
}

/** Columns of JS values (arrays or typed arrays, equal lengths) as a lazy frame. */
export function fromColumnsPlan(columns: Record<string, ColumnValues>, options: FromColumnsOptions = {}): Node {
  const entries = Object.entries(columns);
  const idx = Object.entries(options.index ?? {});
  const n = entries[0]?.[1].length ?? idx[0]?.[1].length ?? 0;
  for (const [name, v] of [...idx, ...entries]) {
    if (v.length !== n) throw new TuskError('ShapeMismatch', `column "${name}" has ${v.length} values but the first has ${n}`, { context: { column: name } });
  }
  const mk = ([name, values]: [string, ColumnValues]) => {
    const d = options.dtype?.[name] !== undefined ? toDtype(options.dtype[name], `dtype of "${name}"`) : inferDtype(values, name);
    return slot(name, fromCells(d, Array.from(values)));
  };
  const part: Part = { index: idx.map(mk), columns: entries.map(mk), length: n };
  return fromArrowPlan(toTable(part), options.npartitions ?? 1);
}

export { tableFromArrays };
