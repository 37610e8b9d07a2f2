/**
 * `KFold`: consecutive folds (the first `n % nSplits` one sample larger), optionally over a
 * shuffled order. Both index arrays come out ascending, as scikit-learn returns them.
 */
import { TuskError } from '../../errors.js';
import type { FeaturesInput } from '../data/features.js';
import { checkNSplits, checkShuffleSeed, foldsFromAssignment, generatorFor, nSamplesOf, type Split, type Splitter } from './splitter.js';

export interface KFoldOptions {
  nSplits?: number;
  shuffle?: boolean;
  randomState?: number | null;
}

export class KFold implements Splitter {
  readonly name = 'KFold';
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = checkNSplits('KFold', options.nSplits ?? 5);
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkShuffleSeed('KFold', this.shuffle, this.randomState);
  }

  split(X: number | FeaturesInput): Split[] {
    const n = nSamplesOf(X);
    if (this.nSplits > n) {
      throw new TuskError('InvalidArgument', `KFold: cannot have nSplits=${this.nSplits} greater than the number of samples (${n})`);
    }
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) generatorFor(this.randomState).shuffle(order);
    const testFold = new Int32Array(n);
    let current = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      for (let p = current; p < current + size; p++) testFold[order[p]!] = k;
      current += size;
    }
    return foldsFromAssignment(testFold, this.nSplits);
  }

  getNSplits(): number {
    return this.nSplits;
  }
}
