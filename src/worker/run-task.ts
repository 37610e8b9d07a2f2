/** Run one task: find its function, call it, and make the result ready to cross threads. */
import { builtinOps } from './ops.js';
import { loadFunction, loadFunctionSync } from './load-fn.js';
import { shareResult } from './codec.js';

export async function runTask(op: string, args: readonly unknown[]): Promise<unknown> {
  const fn = loadFunctionSync(op, builtinOps) ?? (await loadFunction(op, builtinOps));
  let value = fn(...args);
  if (value instanceof Promise) value = await value;
  return shareResult(value);
}

/** Synchronous fast path: undefined means "needs async" (an import, or the function returned a promise). */
export function tryRunTaskSync(op: string, args: readonly unknown[]): { value: unknown } | { pending: Promise<unknown> } | undefined {
  const fn = loadFunctionSync(op, builtinOps);
  if (!fn) return undefined;
  const value = fn(...args);
  if (value instanceof Promise) return { pending: value.then(shareResult) };
  return { value: shareResult(value) };
}
