/**
 * The lazy `DataFrame`: a plan over partitions that are Arrow tables, with an optional index
 * carried through like pandas' (index columns first in each table, named in the schema
 * metadata). Every verb is a free function in `verbs/` (plan in, plan out, arguments checked
 * there); the methods below are one-line delegates. Nothing runs until `compute()`, `info()`,
 * `head()`, `toCsv()` or a Scalar's `compute()`.
 */
import type { Schema } from 'apache-arrow';
import { TuskError } from '../errors.js';
import { isFuture } from '../client/future.js';
import type { Cell } from './core/column.js';
import type { FrameMeta } from './core/meta.js';
import { describeDtypes, requireColumn } from './core/meta.js';
import type { Node } from './core/node.js';
import { Plan } from './core/plan.js';
import { sourceNode } from './core/node.js';
import { type ComputeOptions, clientOf, runTables } from './core/run.js';
import { fromTable, toTable } from './core/part.js';
import { concatPartsArrow } from './ops/gather.js';
import { graphOf } from './core/lower.js';
import type { ExprLike, LitValue } from './expr/expr.js';
import { LocalFrame } from './local/local-frame.js';
import { GroupBy } from './groupby.js';
import { Scalar } from './scalar.js';
import { Series } from './series.js';
import { assign, filter } from './verbs/assign.js';
import { drop, rename, resetIndex, select, setIndex } from './verbs/columns.js';
import { type FillValue, fillna } from './verbs/fillna.js';
import { type GetDummiesOptions, getDummies } from './verbs/get-dummies.js';
import { headRows, tailRows } from './verbs/head.js';
import { type InfoOptions, info } from './verbs/info.js';
import { type JoinOptions, type MergeOptions, join, merge } from './verbs/join.js';
import { type MapPartitionsOptions, concat, mapPartitions, repartition } from './verbs/reshape.js';
import { type SortOptions, sortValues } from './verbs/sort-values.js';
import { describe, dropDuplicates, rowCount } from './verbs/summaries.js';
import { type ToCsvOptions, toCsv } from './verbs/to-csv.js';
import { type ToParquetOptions, toParquet } from './verbs/to-parquet.js';
import { groupByKeys } from './verbs/aggregate.js';

export class DataFrame {
  /** @internal */
  constructor(readonly plan: Plan) {}

  /** @internal */
  static _of(node: Node): DataFrame {
    return new DataFrame(Plan.of(node));
  }

  private derive(f: (n: Node) => Node): DataFrame {
    return new DataFrame(this.plan.map(f));
  }

  /** The plan's meta; a deferred plan (after getDummies without categories) has none yet. */
  get meta(): FrameMeta {
    const n = this.plan.node;
    if (!n) {
      throw new TuskError('InvalidArgument', "this frame's columns depend on its data (getDummies) and are not known until its first pass runs", {
        hint: 'df = await df.resolve() runs that pass (or pass getDummies({ categories }))',
      });
    }
    return n.meta!;
  }

  get columns(): string[] { return this.meta.columns.map((c) => c.name); }
  /** pandas dtype names by column. */
  get dtypes(): Record<string, string> { return describeDtypes(this.meta); }
  /** Index column names ([] for a RangeIndex). */
  get indexNames(): string[] { return this.meta.index.map((c) => c.name); }
  get npartitions(): number { return this.plan.node?.npartitions ?? NaN; }

  /** One column as a lazy Series (with this frame's index). */
  col(name: string): Series {
    return new Series(this.plan.map((n) => select(n, [requireColumn(n.meta!, name, 'col').name])));
  }

  select(columns: string | readonly string[]): DataFrame { return this.derive((n) => select(n, columns)); }
  drop(columns: string | readonly string[], options?: { errors?: 'raise' | 'ignore' }): DataFrame { return this.derive((n) => drop(n, columns, options)); }
  rename(columns: Readonly<Record<string, string>>, options?: { index?: Readonly<Record<string, string>> }): DataFrame { return this.derive((n) => rename(n, columns, options)); }
  setIndex(keys: string | readonly string[]): DataFrame { return this.derive((n) => setIndex(n, keys)); }
  resetIndex(options?: { drop?: boolean }): DataFrame { return this.derive((n) => resetIndex(n, options)); }
  assign(columns: Readonly<Record<string, ExprLike>>): DataFrame { return this.derive((n) => assign(n, columns)); }
  filter(condition: ExprLike): DataFrame { return this.derive((n) => filter(n, condition)); }
  fillna(value: LitValue | Scalar | Readonly<Record<string, LitValue | Scalar>>): DataFrame { return new DataFrame(DataFrame._fillnaPlan(this.plan, value)); }
  getDummies(options?: GetDummiesOptions): DataFrame { return new DataFrame(getDummies(this.plan, options)); }
  groupby(by: string | readonly string[]): GroupBy { return new GroupBy(this.plan, by, this.plan.node ? groupByKeys(this.plan.node, by) : undefined); }
  join(other: DataFrame | Series, options?: JoinOptions): DataFrame { return new DataFrame(Plan.all([this.plan, other.plan], ([l, r]) => join(l!, r!, options))); }
  merge(other: DataFrame, options?: MergeOptions): DataFrame { return new DataFrame(Plan.all([this.plan, other.plan], ([l, r]) => merge(l!, r!, options))); }
  sortValues(by: string | readonly string[], options?: SortOptions): DataFrame { return this.derive((n) => sortValues(n, by, options)); }
  dropDuplicates(options?: { subset?: string | readonly string[]; keep?: 'first' | 'last' | false }): DataFrame { return this.derive((n) => dropDuplicates(n, options)); }
  repartition(npartitions: number): DataFrame { return this.derive((n) => repartition(n, npartitions)); }
  mapPartitions(fn: (table: never) => unknown, options?: MapPartitionsOptions): DataFrame { return this.derive((n) => mapPartitions(n, fn, options)); }
  /** count, mean, std, min, 25%, 50%, 75%, max of the numeric columns (a lazy one-partition frame). */
  describe(): DataFrame { return this.derive(describe); }
  /** Number of rows (lazy). */
  length(): Scalar<number> { return new Scalar<number>(this.plan.map(rowCount), 'int64'); }

  head(n = 5, options?: ComputeOptions): Promise<LocalFrame> { return headRows(this.plan, n, options).then((t) => new LocalFrame(t)); }
  tail(n = 5, options?: ComputeOptions): Promise<LocalFrame> { return tailRows(this.plan, n, options).then((t) => new LocalFrame(t)); }
  info(options?: InfoOptions): Promise<string> { return info(this.plan, options); }
  toCsv(path: string, options?: ToCsvOptions): Promise<string[]> { return toCsv(this.plan, path, options); }
  /** One Parquet file (default), or a folder of part files (path ending in '/' or `single: false`); see verbs/to-parquet.ts. */
  toParquet(path: string, options?: ToParquetOptions): Promise<string[]> { return toParquet(this.plan, path, options); }

  /** Every partition, brought together in memory. */
  async compute(options: ComputeOptions = {}): Promise<LocalFrame> {
    const { tables } = await runTables(this.plan, options);
    return new LocalFrame(toTable(concatPartsArrow(tables.map(fromTable))));
  }

  /** Runs a deferred plan's first pass (getDummies' categories) so columns are known. */
  async resolve(options: ComputeOptions = {}): Promise<DataFrame> {
    return new DataFrame(Plan.of(await this.plan.resolve(clientOf(options))));
  }

  /** Starts computing every partition and keeps them on the cluster; later verbs read them. */
  async persist(options: ComputeOptions = {}): Promise<DataFrame> {
    const client = clientOf(options);
    const node = await this.plan.resolve(client);
    const { graph, keys } = graphOf(node);
    const futures = client.submitGraph(graph, [...keys]);
    await Promise.all(futures.map((f) => f.result().then(() => undefined)));
    return DataFrame._of(sourceNode('persisted', node.token, node.meta, {}, [...keys], futures));
  }

  /**
   * Drops this frame's hold on the partitions `persist()` kept on the cluster: they are freed once no
   * other frame or future refers to them (as deleting a persisted collection does in Dask). Using the
   * frame afterwards is an error that says so. A frame that was not persisted holds nothing: no-op.
   */
  release(): void {
    const n = this.plan.node;
    if (n?.kind === 'source' && n.holds !== undefined) for (const f of n.holds) if (isFuture(f)) f.release();
  }

  toString(): string {
    const n = this.plan.node;
    if (!n) return 'DataFrame(deferred: columns known after the first pass)';
    return `DataFrame(npartitions=${n.npartitions}, index=[${n.meta!.index.map((c) => c.name).join(', ')}], columns=[${n.meta!.columns.map((c) => `${c.name}: ${c.dtype}`).join(', ')}])`;
  }

  /** @internal fillna with literal values and lazy Scalars (side inputs). */
  static _fillnaPlan(plan: Plan, value: LitValue | Scalar | Readonly<Record<string, LitValue | Scalar>>): Plan {
    const scalars: Scalar[] = [];
    const collect = (v: unknown) => {
      if (v instanceof Scalar) scalars.push(v);
    };
    if (value instanceof Scalar) collect(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    return Plan.all([plan, ...scalars.map((s) => s.plan)], ([node, ...sides]) => {
      const input = (v: unknown): FillValue => (v instanceof Scalar ? { node: sides[scalars.indexOf(v)]!, dtype: v.dtype } : (v as LitValue));
      const mapped = value instanceof Scalar || value === null || typeof value !== 'object' ? input(value) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, input(v)]));
      return fillna(node!, mapped);
    });
  }
}

/** Frames one after another (columns unified; a column missing from a frame is null there). */
export function concatFrames(frames: readonly DataFrame[]): DataFrame {
  return new DataFrame(Plan.all(frames.map((f) => f.plan), (nodes) => concat(nodes)));
}

export type { Cell, Schema };
