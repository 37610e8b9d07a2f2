import { describe, expect, it } from 'vitest';
import { accuracy, f1 } from '../../src/ml/metrics/classification.js';
import { negMeanSquaredError, r2 } from '../../src/ml/metrics/regression.js';
import { rocAuc } from '../../src/ml/metrics/rocAuc.js';
import { scorer, SCORER_NAMES } from '../../src/ml/metrics/scorer.js';
import { DecisionTreeClassifier } from '../../src/ml/tree/decisionTree.js';
import { fixture } from './fixtures.js';

interface MetricCase {
  metric: string;
  args: [number[], number[]];
  value: number;
  sampleWeight?: number[];
}

const { cases } = fixture<{ cases: MetricCase[] }>('metrics.json');

const METRICS: Record<string, (a: number[], b: number[], w?: number[]) => number> = {
  accuracy: (a, b, w) => accuracy(a, b, w),
  f1: (a, b) => f1(a, b),
  roc_auc: (a, b) => rocAuc(a, b),
  r2: (a, b) => r2(a, b),
  neg_mean_squared_error: (a, b) => negMeanSquaredError(a, b),
};

describe('metrics equal scikit-learn to 1e-12', () => {
  it.each(Object.keys(METRICS))('%s', (name) => {
    const mine = cases.filter((c) => c.metric === name);
    expect(mine.length).toBeGreaterThan(1);
    for (const c of mine) {
      const got = METRICS[name]!(c.args[0], c.args[1], c.sampleWeight);
      expect(Math.abs(got - c.value), `${name}(${JSON.stringify(c.args).slice(0, 80)}…) = ${got}, sklearn ${c.value}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('rocAuc counts tied scores as half', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
});

describe('metric errors', () => {
  it('rocAuc needs both classes', () => {
    expect(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(/only one class \(1\) is present/);
    expect(() => rocAuc([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/3 classes/);
  });

  it('lengths must agree', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(/yTrue has 2 values but yPred has 1/);
  });

  it('f1 is binary', () => {
    expect(() => f1([0, 1, 2], [0, 1, 2])).toThrow(/3 classes/);
    expect(() => f1([0, 2], [2, 0])).toThrow(/posLabel=1 is not a valid label/);
  });
});

describe('scorer', () => {
  const X = [Float64Array.of(0, 1, 2, 3, 4, 5)];
  const y = [0, 0, 1, 0, 1, 1];
  const tree = new DecisionTreeClassifier({ maxDepth: 1, randomState: 0 }).fit(X, y);

  it('looks up scikit-learn names and camelCase aliases', () => {
    expect(scorer('accuracy')(tree, X, y)).toBe(tree.score(X, y));
    expect(scorer('roc_auc')(tree, X, y)).toBe(scorer('rocAuc')(tree, X, y));
    expect(scorer(null)(tree, X, y)).toBe(tree.score(X, y));
    expect(SCORER_NAMES).toEqual(['accuracy', 'f1', 'roc_auc', 'r2', 'neg_mean_squared_error']);
  });

  it('lists the valid names for an unknown one', () => {
    expect(() => scorer('auc')).toThrow(/unknown scoring "auc"; valid names are: accuracy, f1, roc_auc, r2, neg_mean_squared_error/);
    expect(() => scorer('acuracy')).toThrow(/did you mean "accuracy"/);
  });
});
