/** Messages between the pool (main thread) and a worker thread. Plain data only. */

export interface RunMessage {
  readonly type: 'run';
  readonly tasks: readonly WireTask[];
}

export interface WireTask {
  /** Pool-assigned run id (positive int32), written to the thread's slot while it runs. */
  readonly id: number;
  readonly key: string;
  readonly op: string;
  /** Arguments with references already replaced by values (encoded for the wire). */
  readonly args: readonly unknown[];
}

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WireOutcome =
  | { readonly id: number; readonly ok: true; readonly value: unknown; readonly start: number; readonly duration: number }
  | { readonly id: number; readonly ok: false; readonly error: WireError; readonly start: number; readonly duration: number };

export interface DoneMessage {
  readonly type: 'done';
  readonly outcomes: readonly WireOutcome[];
}

export interface WorkerInit {
  /** One int32 per thread: the run id executing now, 0 when idle. Read by the pool when a thread dies. */
  readonly slots: SharedArrayBuffer;
  readonly index: number;
  readonly name: string;
  /**
   * Process resident bytes above which the thread hands its C library's free heap memory back to
   * the system after a task (`trimMemory`); absent: never.
   */
  readonly trimAboveBytes?: number;
  /** Bytes of reusable scratch the thread may keep between tasks (store/gc.ts `setScratchBudget`); absent: the default. */
  readonly scratchBytes?: number;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: typeof err === 'string' ? err : safeString(err) };
}

function safeString(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
