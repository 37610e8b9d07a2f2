/**
 * A lazy single value (`series.mean()`, `valueCounts().idxmax()`): `await s.compute()` runs it.
 * It can be used where a value is expected by another lazy verb (`fillna({ Fare: mean })`),
 * in which case it becomes a side input of that verb's tasks and nothing runs early.
 */
import type { Cell } from './core/column.js';
import type { Dtype } from './core/dtypes.js';
import type { Node } from './core/node.js';
import type { Plan } from './core/plan.js';
import { type ComputeOptions, runPlan } from './core/run.js';

export class Scalar<T = Cell> {
  /** @internal */
  constructor(readonly plan: Plan, readonly dtype: Dtype | null) {}

  async compute(options: ComputeOptions = {}): Promise<T> {
    const { values } = await runPlan(this.plan, options);
    return values[0] as T;
  }

  /** @internal the plan node, when known now (verbs taking a Scalar use it as a side input). */
  get node(): Node | undefined {
    return this.plan.node;
  }

  toString(): string {
    return `Scalar<${this.dtype ?? 'value'}>(${this.plan.node ? this.plan.node.label : 'deferred'})`;
  }
}
