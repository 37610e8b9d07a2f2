/**
 * Cross-validation splitters: scikit-learn's `KFold`, `StratifiedKFold` and `ShuffleSplit`,
 * producing the same folds for the same inputs — including shuffled ones, because the shuffles
 * use a bit-exact port of numpy's `RandomState` (see `random/mt19937.ts`).
 *
 * A split is a `[train, test]` pair of Int32Array row indices, as `for (const [train, test] of
 * cv.split(X, y))` reads like scikit-learn's loop. Folds are plain data: a grid search computes
 * them once on the client and ships indices, never the splitter.
 */
import { TuskError } from '../../errors.js';
import { isFeatures, type FeaturesInput } from '../data/features.js';
import { entropySeed, RandomState } from '../random/mt19937.js';

export type Split = readonly [train: Int32Array, test: Int32Array];

export interface Splitter {
  readonly name: string;
  /** `X` only provides the number of rows: a count, an array of rows or columns, or `Features`. */
  split(X: number | FeaturesInput, y?: ArrayLike<number>): Split[];
  getNSplits(): number;
}

/** Number of samples in `X` (rows of a row array, length of a column, or a plain count). */
export function nSamplesOf(X: number | FeaturesInput): number {
  if (typeof X === 'number') {
    if (!(Number.isInteger(X) && X >= 0)) throw new TuskError('InvalidArgument', `number of samples must be a non-negative integer, got ${X}`);
    return X;
  }
  if (isFeatures(X)) return X.nRows;
  if (Array.isArray(X)) {
    if (X.length === 0) return 0;
    return ArrayBuffer.isView(X[0]) ? (X[0] as unknown as ArrayLike<number>).length : X.length;
  }
  const cols = Object.values(X as Record<string, ArrayLike<unknown>>);
  return cols.length === 0 ? 0 : cols[0]!.length;
}

export function checkNSplits(who: string, nSplits: unknown, min = 2): number {
  if (!(typeof nSplits === 'number' && Number.isInteger(nSplits) && nSplits >= min)) {
    throw new TuskError('InvalidArgument', `${who}: nSplits must be an integer >= ${min}, got ${JSON.stringify(nSplits)}`);
  }
  return nSplits;
}

export function checkShuffleSeed(who: string, shuffle: boolean, randomState: number | null): void {
  if (!shuffle && randomState !== null) {
    throw new TuskError('InvalidArgument', `${who}: randomState has no effect without shuffle`, {
      hint: 'set shuffle: true, or leave randomState unset',
    });
  }
  if (randomState !== null && !(Number.isInteger(randomState) && randomState >= 0 && randomState <= 0xffffffff)) {
    throw new TuskError('InvalidArgument', `${who}: randomState must be null or an integer in [0, 2**32 - 1], got ${randomState}`);
  }
}

/** A fresh generator per `split` call, as `check_random_state(int)` gives scikit-learn. */
export function generatorFor(randomState: number | null): RandomState {
  return new RandomState(randomState ?? entropySeed());
}

/** Turn per-sample fold numbers into `[train, test]` pairs, both ascending (scikit-learn's masks). */
export function foldsFromAssignment(testFold: Int32Array, nSplits: number): Split[] {
  const n = testFold.length;
  const sizes = new Int32Array(nSplits);
  for (let i = 0; i < n; i++) sizes[testFold[i]!]!++;
  const out: Split[] = [];
  for (let k = 0; k < nSplits; k++) {
    const test = new Int32Array(sizes[k]!);
    const train = new Int32Array(n - sizes[k]!);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (testFold[i] === k) test[a++] = i;
      else train[b++] = i;
    }
    out.push([train, test]);
  }
  return out;
}
