import { describe, expect, it } from 'vitest';
import { isTuskError } from '../../src/errors.js';
import { checkCv } from '../../src/ml/splitters/checkCv.js';
import { KFold } from '../../src/ml/splitters/kFold.js';
import { ShuffleSplit } from '../../src/ml/splitters/shuffleSplit.js';
import type { Splitter } from '../../src/ml/splitters/splitter.js';
import { StratifiedKFold } from '../../src/ml/splitters/stratifiedKFold.js';
import { fixture } from './fixtures.js';

interface SplitCase {
  kind: 'KFold' | 'StratifiedKFold' | 'ShuffleSplit';
  n: number;
  y?: number[];
  label?: string;
  params: Record<string, number | boolean | null>;
  folds: [number[], number[]][];
}

const { cases } = fixture<{ cases: SplitCase[] }>('splits.json');

function make(c: SplitCase): Splitter {
  switch (c.kind) {
    case 'KFold':
      return new KFold(c.params as never);
    case 'StratifiedKFold':
      return new StratifiedKFold(c.params as never);
    case 'ShuffleSplit':
      return new ShuffleSplit(c.params as never);
  }
}

describe('splitters give scikit-learn folds', () => {
  it.each(['KFold', 'StratifiedKFold', 'ShuffleSplit'] as const)('%s: every fixture case', (kind) => {
    const mine = cases.filter((c) => c.kind === kind);
    expect(mine.length).toBeGreaterThan(20);
    for (const c of mine) {
      const got = make(c).split(c.n, c.y).map(([tr, te]) => [Array.from(tr), Array.from(te)]);
      expect(got, `${kind} n=${c.n} ${c.label ?? ''} ${JSON.stringify(c.params)}`).toEqual(c.folds);
    }
  });

  it('returns Int32Array indices and reports its number of splits', () => {
    const [train, test] = new KFold({ nSplits: 3 }).split(10)[0]!;
    expect(train).toBeInstanceOf(Int32Array);
    expect(test).toBeInstanceOf(Int32Array);
    expect(new StratifiedKFold({ nSplits: 4 }).getNSplits()).toBe(4);
  });

  it('takes the number of rows from X in any accepted shape', () => {
    const cols = [new Float64Array(6), new Float64Array(6)];
    const rows = Array.from({ length: 6 }, () => [0, 0]);
    expect(new KFold({ nSplits: 2 }).split(cols)).toEqual(new KFold({ nSplits: 2 }).split(rows));
    expect(new KFold({ nSplits: 2 }).split({ a: [1, 2, 3, 4, 5, 6] })).toEqual(new KFold({ nSplits: 2 }).split(6));
  });
});

describe('splitter errors', () => {
  it('refuses more splits than samples or class members', () => {
    expect(() => new KFold({ nSplits: 5 }).split(3)).toThrow(/nSplits=5 greater than the number of samples \(3\)/);
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(4, [0, 0, 1, 1])).toThrow(/number of members in each class/);
  });

  it('refuses a seed without shuffle, like scikit-learn', () => {
    expect(() => new KFold({ nSplits: 2, randomState: 1 })).toThrow(/randomState has no effect without shuffle/);
  });

  it('StratifiedKFold needs class labels', () => {
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(4)).toThrow(/needs y/);
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0.5, 1.5, 0.5, 1.5])).toThrow(/looks continuous/);
    expect(() => new StratifiedKFold({ nSplits: 2 }).split(5, [0, 1, 0, 1])).toThrow(/X has 5 rows but y has 4/);
  });

  it('ShuffleSplit validates sizes', () => {
    expect(() => new ShuffleSplit({ testSize: 10 }).split(10)).toThrow(/testSize=10/);
    expect(() => new ShuffleSplit({ testSize: 0.6, trainSize: 0.6 }).split(10)).toThrow(/should be in \(0, 1\]/);
    expect(() => new ShuffleSplit({ testSize: 8, trainSize: 5 }).split(10)).toThrow(/exceeds the 10 samples/);
  });

  it('errors are TuskError InvalidArgument', () => {
    try {
      new KFold({ nSplits: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isTuskError(e, 'InvalidArgument')).toBe(true);
    }
  });
});

describe('checkCv', () => {
  it('a number means StratifiedKFold for classifiers on labels, KFold otherwise', () => {
    expect(checkCv(4, [0, 1, 0, 1], true).name).toBe('StratifiedKFold');
    expect(checkCv(4, [0.5, 1.5], true).name).toBe('KFold');
    expect(checkCv(4, [0, 1], false).name).toBe('KFold');
    expect(checkCv(null, [0, 1], true).getNSplits()).toBe(5);
    const ss = new ShuffleSplit();
    expect(checkCv(ss, undefined, true)).toBe(ss);
  });
});
