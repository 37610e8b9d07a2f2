/**
 * tusk/frame — lazy DataFrames whose partitions are Arrow tables, run partition-wise on a
 * cluster (like dask.dataframe). Re-exports only.
 *
 *   readCsv / readParquet / fromArrow / fromColumns  →  DataFrame (lazy plan)  →  compute() → LocalFrame
 *   core/    plan nodes, lowering to task graphs (fused partition steps, tree reductions)
 *   verbs/   one verb per file: plan in, plan out, arguments checked at the edge
 *   ops/     worker-side kernels on partitions; tasks.ts is what workers import
 *   expr/    column expressions: build, type-check, evaluate
 *   local/   computed frames and pandas-style printing (repr, info)
 */
export { DataFrame, concatFrames as concat } from './frame.js';
export { Series } from './series.js';
export { Scalar } from './scalar.js';
export { GroupBy, SeriesGroupBy, type GroupByOptions, type TopKOptions } from './groupby.js';
export type { SplitOut } from './verbs/aggregate.js';
export { readCsv, readParquet, fromArrow, fromColumns } from './read.js';
export { col, lit, Expr, type ExprLike, type LitValue } from './expr/expr.js';
export { LocalFrame, LocalSeries } from './local/local-frame.js';
export type { DisplayOptions } from './local/to-string.js';
export type { Cell } from './core/column.js';
export type { Dtype } from './core/dtypes.js';
export type { ComputeOptions } from './core/run.js';
export type { AggFn } from './ops/aggregate.js';
export type { AggSpecInput } from './verbs/aggregate.js';
export type { GetDummiesOptions } from './verbs/get-dummies.js';
export type { JoinOptions, MergeOptions, How } from './verbs/join.js';
export type { SortOptions } from './verbs/sort-values.js';
export type { ToCsvOptions } from './verbs/to-csv.js';
export type { ToParquetOptions } from './verbs/to-parquet.js';
export type { ReadParquetOptions } from './verbs/read-parquet.js';
export type { ParquetFilter, ParquetFilters, FilterOp, FilterValue } from './parquet/filters.js';
export type { ParquetCompression } from './parquet/write.js';
export type { InfoOptions } from './verbs/info.js';
export type { MapPartitionsOptions } from './verbs/reshape.js';
export type { CsvOptions } from './csv/options.js';
