/**
 * `df.groupby(keys)`: `.agg({ col: fn })` → a frame indexed by the keys; `.col(name).mean()`
 * (and the other aggregations) → a Series indexed by the keys. Both are one tree reduction;
 * with `splitOut` > 1 a hash-partitioned one whose result has that many partitions.
 */
import type { ColumnMeta } from './core/meta.js';
import { Plan } from './core/plan.js';
import type { AggFn } from './ops/aggregate.js';
import { DataFrame } from './frame.js';
import { Series } from './series.js';
import { type AggSpecInput, type SplitOut, aggItems, groupAgg, groupByKeys, groupCorr } from './verbs/aggregate.js';
import { groupTopK } from './verbs/group-topk.js';
import { requireColumn } from './core/meta.js';

export interface GroupByOptions {
  /** Partials combined per task in the reduction tree (default 8). */
  splitEvery?: number;
  ddof?: number;
  /**
   * Partitions of the result (default 1: one partition sorted by key). With P > 1 the groups are
   * cut into P buckets by a hash of their keys, each bucket reduced by its own tree into one
   * output partition — for results too big for one partition. Each partition is sorted by key;
   * the global order is by bucket, not by key (as Dask's `split_out`). 'auto' picks P from the
   * number of input partitions, the number of keys and the memory limit (`splitOutOf`).
   * Also for few groups but big states: an exact `median` keeps every value of its group (and
   * `nunique` every distinct one) until the end, so over data larger than memory pass `splitOut`
   * to spread them over P partitions the store can spill.
   */
  splitOut?: SplitOut;
  /**
   * `false`: groups in order of their first appearance instead of sorted by key (pandas'
   * `sort=False`; with `splitOut`, by bucket, then first appearance within the bucket). Skips
   * the sort of the keys — most of the final task's time when nearly every row is its own group.
   */
  sort?: boolean;
}

/** Options of `nlargest` / `nsmallest` (`splitOut` as the aggregations': hash-partitioned output). */
export type TopKOptions = Omit<GroupByOptions, 'ddof' | 'sort'>;

export class GroupBy {
  /** @internal `keys` are checked now when the plan is known. */
  constructor(private readonly plan: Plan, private readonly by: string | readonly string[], _keys?: ColumnMeta[]) {}

  agg(spec: AggSpecInput, options: GroupByOptions = {}): DataFrame {
    return new DataFrame(this.plan.map((n) => groupAgg(n, groupByKeys(n, this.by), aggItems(n.meta!, spec), options)));
  }

  col(name: string): SeriesGroupBy {
    if (this.plan.node) requireColumn(this.plan.node.meta!, name, 'groupby col');
    return new SeriesGroupBy(this.plan, this.by, name);
  }

  /** Rows per group (a Series named "size"). */
  size(options: GroupByOptions = {}): Series {
    return new Series(this.plan.map((n) => groupAgg(n, groupByKeys(n, this.by), [{ column: null, fn: 'size', out: 'size', inDtype: 'int64' }], options)));
  }
}

export class SeriesGroupBy {
  /** @internal */
  constructor(private readonly plan: Plan, private readonly by: string | readonly string[], private readonly column: string) {}

  agg(fn: AggFn, options: GroupByOptions = {}): Series {
    return new Series(this.plan.map((n) => groupAgg(n, groupByKeys(n, this.by), aggItems(n.meta!, { [this.column]: fn }), options)));
  }

  sum(o?: GroupByOptions): Series { return this.agg('sum', o); }
  mean(o?: GroupByOptions): Series { return this.agg('mean', o); }
  count(o?: GroupByOptions): Series { return this.agg('count', o); }
  size(o?: GroupByOptions): Series { return this.agg('size', o); }
  min(o?: GroupByOptions): Series { return this.agg('min', o); }
  max(o?: GroupByOptions): Series { return this.agg('max', o); }
  std(o?: GroupByOptions): Series { return this.agg('std', o); }
  var(o?: GroupByOptions): Series { return this.agg('var', o); }
  nunique(o?: GroupByOptions): Series { return this.agg('nunique', o); }
  first(o?: GroupByOptions): Series { return this.agg('first', o); }
  last(o?: GroupByOptions): Series { return this.agg('last', o); }
  /** Exact median per group (pandas' `median`: float64, missing values skipped). Holds each group's values while reducing. */
  median(o?: GroupByOptions): Series { return this.agg('median', o); }
  /** Pearson correlation with column `other` per group, over the rows where both are present (pandas' `corr`). */
  corr(other: string, o?: GroupByOptions): Series {
    return new Series(this.plan.map((n) => groupCorr(n, groupByKeys(n, this.by), this.column, other, o)));
  }
  /** The `n` largest values of each group, largest first; indexed by the keys (one row per value kept). */
  nlargest(n = 5, o?: TopKOptions): Series {
    return new Series(this.plan.map((node) => groupTopK(node, groupByKeys(node, this.by), this.column, n, true, o)));
  }
  /** The `n` smallest values of each group, smallest first. */
  nsmallest(n = 5, o?: TopKOptions): Series {
    return new Series(this.plan.map((node) => groupTopK(node, groupByKeys(node, this.by), this.column, n, false, o)));
  }
}

export { Plan };
