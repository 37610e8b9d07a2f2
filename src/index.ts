/**
 * Tusk: lazy, chunked, parallel computing for data larger than memory.
 *
 * `tusk` — futures on a cluster (this file); `tusk/array` — chunked arrays;
 * `tusk/frame` — data frames on Apache Arrow; `tusk/ml` — parallel model search.
 */
import './dashboard/install.js'; // lets `dashboardAddress` start the dashboard

export { Client } from './client/client.js';
export type { SubmitOptions, MapOptions, MaybeFuture, FutureArgs, Gathered, ClusterLike } from './client/client.js';
export { LocalCluster } from './client/local-cluster.js';
export type { LocalClusterOptions } from './client/local-cluster.js';
export { Future, isFuture } from './client/future.js';
export type { FutureStatus } from './client/future.js';
export { wait, asCompleted, AsCompleted } from './client/wait.js';
export type { ReturnWhen, WaitResult } from './client/wait.js';
export { ops } from './client/ops.js';
export type { Ops, Numeric, TypedArray, ResultArray, UnaryOp, BinaryOp, ReduceOp, Elementwise, Elementwise2 } from './client/ops.js';
export { fromModule } from './client/ship.js';
export { random } from './random.js';
export { TuskError, TaskError, CancelledError, KilledWorker, isTuskError } from './errors.js';
export type { TuskErrorCode } from './errors.js';
export type { Graph, Task, Key, Ref } from './graph/types.js';
export { ref } from './graph/types.js';
export type { SchedulerEvent } from './scheduler/events.js';
export { config, setConfig, parseBytes, formatBytes } from './config.js';
