/**
 * `StratifiedKFold`: folds that keep each class's share, scikit-learn's algorithm (>= 0.24).
 * Classes are numbered by first appearance; each fold's quota per class comes from dealing the
 * sorted labels round-robin; each class then fills folds in blocks (0,0,…,1,1,…), shuffled
 * per class when `shuffle` is set. It is the default splitter of classifiers' grid searches.
 */
import { TuskError } from '../../errors.js';
import type { FeaturesInput } from '../data/features.js';
import { checkClassLabels, toTarget } from '../data/target.js';
import { checkNSplits, checkShuffleSeed, foldsFromAssignment, generatorFor, nSamplesOf, type Split, type Splitter } from './splitter.js';

export interface StratifiedKFoldOptions {
  nSplits?: number;
  shuffle?: boolean;
  randomState?: number | null;
}

export class StratifiedKFold implements Splitter {
  readonly name = 'StratifiedKFold';
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(options: StratifiedKFoldOptions = {}) {
    this.nSplits = checkNSplits('StratifiedKFold', options.nSplits ?? 5);
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkShuffleSeed('StratifiedKFold', this.shuffle, this.randomState);
  }

  split(X: number | FeaturesInput, yIn?: ArrayLike<number>): Split[] {
    if (yIn === undefined) {
      throw new TuskError('InvalidArgument', 'StratifiedKFold.split needs y (the class labels to stratify on)');
    }
    const y = toTarget(yIn, nSamplesOf(X));
    checkClassLabels(y, 'StratifiedKFold');
    const n = y.length;
    const k = this.nSplits;
    if (k > n) {
      throw new TuskError('InvalidArgument', `StratifiedKFold: cannot have nSplits=${k} greater than the number of samples (${n})`);
    }

    // Encode classes by order of first appearance.
    const code = new Map<number, number>();
    const yEnc = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let c = code.get(y[i]!);
      if (c === undefined) code.set(y[i]!, (c = code.size));
      yEnc[i] = c;
    }
    const nClasses = code.size;
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[yEnc[i]!]!++;
    if (counts.every((c) => k > c)) {
      throw new TuskError('InvalidArgument', `StratifiedKFold: nSplits=${k} cannot be greater than the number of members in each class (largest class has ${Math.max(...counts)})`, {
        hint: 'use fewer splits',
      });
    }

    // allocation[fold][class]: round-robin over the labels sorted by class code.
    const allocation = new Int32Array(k * nClasses);
    let pos = 0;
    for (let c = 0; c < nClasses; c++) {
      for (let j = 0; j < counts[c]!; j++, pos++) allocation[(pos % k) * nClasses + c]!++;
    }

    const rng = this.shuffle ? generatorFor(this.randomState) : null;
    const testFold = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const foldsForClass = new Int32Array(counts[c]!);
      let p = 0;
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f * nClasses + c]!; j++) foldsForClass[p++] = f;
      if (rng) rng.shuffle(foldsForClass);
      p = 0;
      for (let i = 0; i < n; i++) if (yEnc[i] === c) testFold[i] = foldsForClass[p++]!;
    }
    return foldsFromAssignment(testFold, k);
  }

  getNSplits(): number {
    return this.nSplits;
  }
}
