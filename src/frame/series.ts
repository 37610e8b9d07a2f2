/**
 * A lazy column with the frame's index (`df.col('Fare')`): reductions give lazy `Scalar`s,
 * `valueCounts` a Series indexed by value; `compute()` gives a `LocalSeries`.
 */
import type { Cell } from './core/column.js';
import { TuskError } from './../errors.js';
import type { Node } from './core/node.js';
import { Plan } from './core/plan.js';
import { type ComputeOptions, runTables } from './core/run.js';
import { concatTables, toTable } from './core/part.js';
import { LocalSeries } from './local/local-frame.js';
import type { AggFn } from './ops/aggregate.js';
import { Scalar } from './scalar.js';
import { columnAgg } from './verbs/aggregate.js';
import { DataFrame } from './frame.js';
import { fillna } from './verbs/fillna.js';
import { rename } from './verbs/columns.js';
import type { LitValue } from './expr/expr.js';
import { idx, rowCount, seriesColumn, unique, valueCounts } from './verbs/summaries.js';
import { sortValues } from './verbs/sort-values.js';
import { headRows } from './verbs/head.js';

export class Series {
  /** @internal a plan whose frame has exactly one data column. */
  constructor(readonly plan: Plan) {}

  private known(): Node {
    const n = this.plan.node;
    if (!n) throw new TuskError('InvalidArgument', "this Series' columns are not known until its first pass runs", { hint: 'await series.compute() or df.resolve() first' });
    return n;
  }

  get name(): string {
    return seriesColumn(this.known()).name;
  }

  get dtype(): string {
    return seriesColumn(this.known()).dtype;
  }

  get npartitions(): number {
    return this.known().npartitions;
  }

  private agg(fn: AggFn, ddof?: number): Scalar<number> {
    let dtype = null;
    const plan = this.plan.map((n) => {
      const r = columnAgg(n, seriesColumn(n).name, fn, { ddof });
      dtype = r.dtype;
      return r.node;
    });
    return new Scalar<number>(plan, dtype);
  }

  sum(): Scalar<number> { return this.agg('sum'); }
  mean(): Scalar<number> { return this.agg('mean'); }
  /** Exact median (float64; missing values skipped). */
  median(): Scalar<number> { return this.agg('median'); }
  count(): Scalar<number> { return this.agg('count'); }
  min(): Scalar<Cell> { return this.agg('min') as Scalar<Cell>; }
  max(): Scalar<Cell> { return this.agg('max') as Scalar<Cell>; }
  std(options: { ddof?: number } = {}): Scalar<number> { return this.agg('std', options.ddof); }
  var(options: { ddof?: number } = {}): Scalar<number> { return this.agg('var', options.ddof); }
  nunique(): Scalar<number> { return this.agg('nunique'); }
  first(): Scalar<Cell> { return this.agg('first') as Scalar<Cell>; }
  last(): Scalar<Cell> { return this.agg('last') as Scalar<Cell>; }

  /** Counts per value, most frequent first (ties: first seen first). */
  valueCounts(options: { normalize?: boolean } = {}): Series {
    return new Series(this.plan.map((n) => valueCounts(n, options)));
  }

  /** Distinct values in order of appearance (missing ones left out). */
  unique(): Scalar<Cell[]> {
    return new Scalar<Cell[]>(this.plan.map(unique), null);
  }

  /** Index label of the largest value (the first, on ties). */
  idxmax(): Scalar<Cell> {
    return new Scalar<Cell>(this.plan.map((n) => idx(n, 'max')), this.plan.node?.meta!.index[0]?.dtype ?? 'int64');
  }

  idxmin(): Scalar<Cell> {
    return new Scalar<Cell>(this.plan.map((n) => idx(n, 'min')), this.plan.node?.meta!.index[0]?.dtype ?? 'int64');
  }

  length(): Scalar<number> {
    return new Scalar<number>(this.plan.map(rowCount), 'int64');
  }

  fillna(value: LitValue | Scalar): Series {
    return new Series(DataFrame._fillnaPlan(this.plan, value));
  }

  rename(name: string): Series {
    return new Series(this.plan.map((n) => rename(n, { [seriesColumn(n).name]: name })));
  }

  sortValues(options: { ascending?: boolean } = {}): Series {
    return new Series(this.plan.map((n) => sortValues(n, seriesColumn(n).name, options)));
  }

  toFrame(): DataFrame {
    return new DataFrame(this.plan);
  }

  async compute(options: ComputeOptions = {}): Promise<LocalSeries> {
    const { tables } = await runTables(this.plan, options);
    return new LocalSeries(toTable(concatTables(tables)));
  }

  async head(n = 5, options: ComputeOptions = {}): Promise<LocalSeries> {
    return new LocalSeries(await headRows(this.plan, n, options));
  }

  toString(): string {
    const n = this.plan.node;
    return n ? `Series(name=${JSON.stringify(seriesColumn(n).name)}, dtype=${seriesColumn(n).dtype}, npartitions=${n.npartitions})` : 'Series(deferred)';
  }

  static _of(node: Node): Series {
    return new Series(Plan.of(node));
  }
}
