/**
 * A `Future` is a handle to a task's result that lives on the cluster. Results stay on the
 * cluster while some future refers to them: `release()` drops this handle's reference, and a
 * future that is garbage-collected drops it too.
 */
import { inspect } from 'node:util';
import { TuskError } from '../errors.js';

export type FutureStatus = 'pending' | 'finished' | 'error' | 'cancelled' | 'lost';

/** What a future needs from its client. */
export interface FutureOwner {
  _status(key: string): FutureStatus;
  _result(key: string): Promise<unknown>;
  _whenDone(key: string): Promise<void>;
  _cancel(keys: string[]): Promise<void>;
  _release(key: string, future: object): void;
  readonly id: string;
}

const FUTURE = Symbol.for('tusk.future');

export class Future<T = unknown> {
  readonly key: string;
  /** @internal */
  readonly _owner: FutureOwner;
  private released = false;

  /** @internal use `client.submit`, `client.map` or `client.scatter`. */
  constructor(key: string, owner: FutureOwner) {
    this.key = key;
    this._owner = owner;
    Object.defineProperty(this, FUTURE, { value: true });
  }

  get status(): FutureStatus {
    if (this.released) return 'lost';
    return this._owner._status(this.key);
  }

  /** True once the task finished, failed or was cancelled. */
  done(): boolean {
    return this.status !== 'pending';
  }

  /**
   * The task's result. Rejects with the task's error (carrying the worker's stack), with
   * `CancelledError` if it was cancelled, or with a `Timeout` error after `timeoutMs`.
   */
  async result(timeoutMs?: number): Promise<T> {
    this.assertHeld('result');
    if (timeoutMs === undefined) return (await this._owner._result(this.key)) as T;
    await withTimeout(this._owner._whenDone(this.key), timeoutMs, `result of ${this.key}`);
    return (await this._owner._result(this.key)) as T;
  }

  /** The task's error once done (undefined if it finished fine). */
  async exception(timeoutMs?: number): Promise<Error | undefined> {
    this.assertHeld('exception');
    const done = this._owner._whenDone(this.key);
    await (timeoutMs === undefined ? done : withTimeout(done, timeoutMs, `exception of ${this.key}`));
    try {
      await this._owner._result(this.key);
      return undefined;
    } catch (err) {
      return err as Error;
    }
  }

  /** Stop the task if it has not finished (and everything that depends on it). */
  cancel(): Promise<void> {
    return this._owner._cancel([this.key]);
  }

  /** Drop this handle's reference to the result; the cluster frees it when no future refers to it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this._owner._release(this.key, this);
  }

  /** Call `cb(this)` once the future is done (at once if it already is). Errors in `cb` are reported, not thrown. */
  addDoneCallback(cb: (future: Future<T>) => void): void {
    void this._owner._whenDone(this.key).then(() => {
      try {
        cb(this);
      } catch (err) {
        process.emitWarning(`a done-callback of future ${this.key} threw: ${(err as Error)?.stack ?? String(err)}`);
      }
    });
  }

  toString(): string {
    return `<Future: ${this.status}, key: ${this.key}>`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private assertHeld(what: string): void {
    if (this.released) {
      throw new TuskError('MissingKey', `${what}() of future ${this.key} after release()`, {
        hint: 'keep the future until you have read its result',
      });
    }
  }
}

export function isFuture(x: unknown): x is Future {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[FUTURE] === true;
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TuskError('Timeout', `${what}: not done after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
