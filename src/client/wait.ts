/** `wait` and `asCompleted`, as in dask.distributed. */
import { TuskError } from '../errors.js';
import { Future, withTimeout } from './future.js';

export type ReturnWhen = 'ALL_COMPLETED' | 'FIRST_COMPLETED' | 'FIRST_EXCEPTION';

export interface WaitResult<T> {
  done: Set<Future<T>>;
  notDone: Set<Future<T>>;
}

/**
 * Wait until all (or the first, or the first failed) of `futures` are done.
 * Never rejects because a task failed: look at `done` and each future's status.
 */
export async function wait<T>(
  futures: Iterable<Future<T>>,
  options: { returnWhen?: ReturnWhen; timeout?: number } = {},
): Promise<WaitResult<T>> {
  const list = [...futures];
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  if (!['ALL_COMPLETED', 'FIRST_COMPLETED', 'FIRST_EXCEPTION'].includes(returnWhen)) {
    throw new TuskError('InvalidArgument', `wait: returnWhen must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION, got ${returnWhen}`);
  }
  const dones = list.map((f) => f._owner._whenDone(f.key).then(() => f));
  let p: Promise<unknown>;
  if (returnWhen === 'ALL_COMPLETED' || list.length === 0) p = Promise.all(dones);
  else if (returnWhen === 'FIRST_COMPLETED') p = Promise.race(dones);
  else {
    p = new Promise<void>((resolve) => {
      let left = list.length;
      for (const d of dones) {
        void d.then((f) => {
          if (f.status === 'error' || --left === 0) resolve();
        });
      }
    });
  }
  await (options.timeout === undefined ? p : withTimeout(p, options.timeout, `wait for ${list.length} futures`));
  const done = new Set<Future<T>>();
  const notDone = new Set<Future<T>>();
  for (const f of list) (f.done() ? done : notDone).add(f);
  return { done, notDone };
}

/**
 * Iterate over futures in the order they finish. More futures can be `add`ed while iterating.
 * `withResults: true` yields `[future, result]` pairs (a failed task's error is thrown).
 */
export class AsCompleted<T> implements AsyncIterable<Future<T>> {
  private readonly finished: Future<T>[] = [];
  private pending = 0;
  private wakeup: (() => void) | undefined;

  constructor(futures: Iterable<Future<T>> = []) {
    for (const f of futures) this.add(f);
  }

  add(future: Future<T>): void {
    this.pending++;
    void future._owner._whenDone(future.key).then(() => {
      this.pending--;
      this.finished.push(future);
      this.wakeup?.();
    });
  }

  get count(): number {
    return this.pending + this.finished.length;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Future<T>> {
    for (;;) {
      if (this.finished.length) {
        yield this.finished.shift()!;
        continue;
      }
      if (this.pending === 0) return;
      await new Promise<void>((resolve) => (this.wakeup = resolve));
      this.wakeup = undefined;
    }
  }

  async *withResults(): AsyncIterableIterator<[Future<T>, T]> {
    for await (const f of this) yield [f, await f.result()];
  }
}

export function asCompleted<T>(futures: Iterable<Future<T>>): AsCompleted<T> {
  return new AsCompleted(futures);
}
