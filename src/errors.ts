/**
 * Errors for people: every Tusk error names what failed and where, and what to do.
 *
 * Each error carries a `code` (a tag, checked with `isTuskError(err, 'ColumnNotFound')`),
 * optional `context` (key, chunk index, file, line, column…), an optional `hint`
 * (the "what to do") and the underlying `cause`.
 */

export type TuskErrorCode =
  | 'Cancelled'
  | 'KilledWorker'
  | 'TaskFailed'
  | 'ClientClosed'
  | 'ClusterClosed'
  | 'FreeVariable'
  | 'UnshippableFunction'
  | 'InvalidArgument'
  | 'MissingKey'
  | 'CyclicGraph'
  | 'OutOfMemory'
  | 'SpillFailed'
  | 'ShapeMismatch'
  | 'InvalidChunks'
  | 'UnsupportedDtype'
  | 'IndexOutOfRange'
  | 'FileFormat'
  | 'ColumnNotFound'
  | 'CsvParse'
  | 'TypeMismatch'
  | 'Timeout';

export interface TuskErrorOptions {
  context?: Record<string, unknown>;
  hint?: string;
  cause?: unknown;
}

export class TuskError extends Error {
  readonly code: TuskErrorCode;
  readonly context: Record<string, unknown>;
  readonly hint: string | undefined;

  constructor(code: TuskErrorCode, message: string, options: TuskErrorOptions = {}) {
    super(options.hint ? `${message}\n  hint: ${options.hint}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = `TuskError[${code}]`;
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
}

/** A future's task was cancelled (or one it depends on was). */
export class CancelledError extends TuskError {
  constructor(key: string) {
    super('Cancelled', `task ${key} was cancelled`, { context: { key } });
    this.name = 'CancelledError';
  }
}

/** A task killed the worker thread running it too many times. */
export class KilledWorker extends TuskError {
  constructor(key: string, deaths: number, lastReason: string) {
    super(
      'KilledWorker',
      `task ${key} was running when its worker died ${deaths} times (last: ${lastReason}); it was not retried again`,
      {
        context: { key, deaths, lastReason },
        hint: 'the task itself probably crashes the worker (process.exit, out of heap, native crash): run it locally to debug, or give workers more memory',
      },
    );
    this.name = 'KilledWorker';
  }
}

/**
 * A task threw on a worker. `remoteStack` is the worker's stack trace; `key` the task.
 * When a dependency failed, `key` is the dependency that failed and `dependent` the task that could not run.
 */
export class TaskError extends TuskError {
  readonly remoteName: string;
  readonly remoteMessage: string;
  readonly remoteStack: string | undefined;

  constructor(key: string, remote: { name: string; message: string; stack?: string }, dependent?: string) {
    const where = dependent && dependent !== key ? `task ${dependent} could not run: its dependency ${key} failed` : `task ${key} failed`;
    super('TaskFailed', `${where}: ${remote.name}: ${remote.message}`, { context: { key, dependent } });
    this.name = 'TaskError';
    this.remoteName = remote.name;
    this.remoteMessage = remote.message;
    this.remoteStack = remote.stack;
    if (remote.stack) this.stack = `${this.name}: ${this.message}\n--- remote stack (worker) ---\n${remote.stack}`;
  }
}

export function isTuskError(err: unknown, code?: TuskErrorCode): err is TuskError {
  return err instanceof TuskError && (code === undefined || err.code === code);
}

/** Closest candidate by edit distance, for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
