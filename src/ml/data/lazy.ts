/**
 * Lazy inputs: anything with `compute()` (a lazy data frame or series). Estimators' `predict`
 * and the searches accept them and compute them first, on the newest open client unless
 * `options` name one.
 */
export interface Computable {
  compute(options?: object): Promise<unknown>;
}

export function isComputable(x: unknown): x is Computable {
  return typeof x === 'object' && x !== null && typeof (x as { compute?: unknown }).compute === 'function';
}
