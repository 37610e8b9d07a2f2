/**
 * `ShuffleSplit`: independent random train/test splits, each a fresh permutation of the rows
 * (test = its head, train = the next `nTrain`). Sizes follow scikit-learn: an integer is a count,
 * a non-integer a fraction (test rounded up, train rounded down); by default 10% is test.
 */
import { TuskError } from '../../errors.js';
import type { FeaturesInput } from '../data/features.js';
import { checkNSplits, checkShuffleSeed, generatorFor, nSamplesOf, type Split, type Splitter } from './splitter.js';

export interface ShuffleSplitOptions {
  nSplits?: number;
  testSize?: number | null;
  trainSize?: number | null;
  randomState?: number | null;
}

export class ShuffleSplit implements Splitter {
  readonly name = 'ShuffleSplit';
  readonly nSplits: number;
  readonly testSize: number | null;
  readonly trainSize: number | null;
  readonly randomState: number | null;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = checkNSplits('ShuffleSplit', options.nSplits ?? 10, 1);
    this.testSize = options.testSize ?? null;
    this.trainSize = options.trainSize ?? null;
    this.randomState = options.randomState ?? null;
    checkShuffleSeed('ShuffleSplit', true, this.randomState);
  }

  split(X: number | FeaturesInput): Split[] {
    const n = nSamplesOf(X);
    const [nTrain, nTest] = shuffleSplitSizes(n, this.testSize, this.trainSize, 0.1);
    const rng = generatorFor(this.randomState);
    const out: Split[] = [];
    for (let s = 0; s < this.nSplits; s++) {
      const perm = rng.permutation(n);
      out.push([perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)]);
    }
    return out;
  }

  getNSplits(): number {
    return this.nSplits;
  }
}

/** `_validate_shuffle_split`: the (train, test) sizes for `n` samples. */
export function shuffleSplitSizes(n: number, testSize: number | null, trainSize: number | null, defaultTest: number): [number, number] {
  if (testSize === null && trainSize === null) testSize = defaultTest;
  const check = (name: string, v: number | null): void => {
    if (v === null) return;
    const ok = Number.isInteger(v) ? v > 0 && v < n : v > 0 && v < 1;
    if (!ok) {
      throw new TuskError('InvalidArgument', `ShuffleSplit: ${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
    }
  };
  check('testSize', testSize);
  check('trainSize', trainSize);
  if (testSize !== null && trainSize !== null && !Number.isInteger(testSize) && !Number.isInteger(trainSize) && testSize + trainSize > 1) {
    throw new TuskError('InvalidArgument', `ShuffleSplit: testSize + trainSize = ${testSize + trainSize} should be in (0, 1]; reduce them`);
  }
  let nTest = testSize === null ? NaN : Number.isInteger(testSize) ? testSize : Math.ceil(testSize * n);
  let nTrain = trainSize === null ? NaN : Number.isInteger(trainSize) ? trainSize : Math.floor(trainSize * n);
  if (trainSize === null) nTrain = n - nTest;
  else if (testSize === null) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new TuskError('InvalidArgument', `ShuffleSplit: the sum of train (${nTrain}) and test (${nTest}) sizes exceeds the ${n} samples`);
  }
  if (nTrain === 0) {
    throw new TuskError('InvalidArgument', `ShuffleSplit: with n_samples=${n}, testSize=${testSize} and trainSize=${trainSize}, the training set would be empty`);
  }
  return [nTrain, nTest];
}
