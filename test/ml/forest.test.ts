import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from '../../src/ml/ensemble/randomForest.js';
import { estimatorFromJSON, estimatorFromSpec } from '../../src/ml/estimators.js';
import { fitAndScore } from '../../src/ml/fitAndScore.js';
import { ParameterGrid } from '../../src/ml/grid/parameterGrid.js';
import { StratifiedKFold } from '../../src/ml/splitters/stratifiedKFold.js';
import { fixture, rowsOf, titanic } from './fixtures.js';

interface ForestFixture {
  fold: { train: number[]; test: number[] };
  forests: { params: Record<string, never>; exact: boolean; proba1: number[]; accuracy: number; featureImportances: number[]; nodeCounts: number[] }[];
  grid: { candidates: Record<string, never>[]; splitTestScores: number[][]; meanTestScore: number[]; bestParams: Record<string, unknown>; bestScore: number };
}

const fx = fixture<ForestFixture>('forest.json');
const data = titanic();
const Xtrain = rowsOf(data.columns, fx.fold.train);
const ytrain = fx.fold.train.map((i) => data.y[i]!);
const Xtest = rowsOf(data.columns, fx.fold.test);
const ytest = fx.fold.test.map((i) => data.y[i]!);

describe('RandomForestClassifier equals scikit-learn for the same randomState', () => {
  it.each(fx.forests.filter((f) => f.exact).map((f) => [JSON.stringify(f.params), f] as const))('%s', (_, f) => {
    const rf = new RandomForestClassifier(f.params).fit(Xtrain, ytrain);
    expect(rf.trees_.map((t) => t.nodeCount)).toEqual(f.nodeCounts);
    expect(Array.from(rf.predictProba(Xtest)[1]!)).toEqual(f.proba1);
    expect(rf.score(Xtest, ytest)).toBe(f.accuracy);
    const imp = rf.featureImportances_;
    f.featureImportances.forEach((v, j) => expect(Math.abs(imp[j]! - v)).toBeLessThanOrEqual(1e-15));
  });

  // Non-integer weights: sums are added in another order than scikit-learn's, so splits that tie
  // up to rounding may go the other way. The forests are the same model, not the same bits.
  it.each(fx.forests.filter((f) => !f.exact).map((f) => [JSON.stringify(f.params), f] as const))('%s (statistically)', (_, f) => {
    const rf = new RandomForestClassifier(f.params).fit(Xtrain, ytrain);
    const p = rf.predictProba(Xtest)[1]!;
    const meanAbs = f.proba1.reduce((s, v, i) => s + Math.abs(v - p[i]!), 0) / p.length;
    expect(meanAbs).toBeLessThan(0.05);
    expect(Math.abs(rf.score(Xtest, ytest) - f.accuracy)).toBeLessThan(0.03);
  });
});

describe("the tutorial's grid search", () => {
  it('gives scikit-learn\'s cv_results_ (exactly for classWeight null) and the same best candidate', () => {
    const grid = new ParameterGrid({ maxDepth: [2, 4, 6], nEstimators: [100, 200, 500], classWeight: [null, 'balanced'] });
    const folds = new StratifiedKFold({ nSplits: 4 }).split(data.X, data.y);
    const t0 = performance.now();
    const means: number[] = [];
    grid.toArray().forEach((params, i) => {
      expect(params).toEqual(fx.grid.candidates[i]);
      const spec = { name: 'RandomForestClassifier', params: { ...params, randomState: 0 } };
      const scores = folds.map(([train, test]) => fitAndScore(spec, data.X, data.y, train, test).testScore);
      if (params.classWeight === null) expect(scores).toEqual(fx.grid.splitTestScores[i]);
      else scores.forEach((s, k) => expect(Math.abs(s - fx.grid.splitTestScores[i]![k]!)).toBeLessThan(0.03));
      means.push(scores.reduce((a, b) => a + b, 0) / scores.length);
    });
    const best = means.indexOf(Math.max(...means));
    expect({ ...grid.get(best) }).toEqual(fx.grid.bestParams);
    expect(means[best]).toBeCloseTo(fx.grid.bestScore, 12);
    console.log(`72 fits (19,200 trees) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  });

  it('4-fold CV accuracy with maxDepth 6, nEstimators 100 is about 0.82, like scikit-learn', () => {
    const folds = new StratifiedKFold({ nSplits: 4 }).split(data.X, data.y);
    for (const randomState of [0, 1, null]) {
      const spec = { name: 'RandomForestClassifier', params: { maxDepth: 6, nEstimators: 100, randomState } };
      const mean = folds.reduce((s, [train, test]) => s + fitAndScore(spec, data.X, data.y, train, test).testScore, 0) / folds.length;
      expect(mean).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('RandomForestClassifier API', () => {
  it('is deterministic under a seed and varies without one', () => {
    const a = new RandomForestClassifier({ nEstimators: 20, randomState: 7 }).fit(data.X, data.y);
    const b = new RandomForestClassifier({ nEstimators: 20, randomState: 7 }).fit(data.X, data.y);
    expect(b.toJSON()).toEqual(a.toJSON());
    const c = new RandomForestClassifier({ nEstimators: 20, randomState: 8 }).fit(data.X, data.y);
    expect(c.toJSON()).not.toEqual(a.toJSON());
    const u1 = new RandomForestClassifier({ nEstimators: 5 }).fit(data.X, data.y);
    const u2 = new RandomForestClassifier({ nEstimators: 5 }).fit(data.X, data.y);
    expect(u1.toJSON()).not.toEqual(u2.toJSON());
  });

  it('specs and fitted models are plain data that round-trip', () => {
    const rf = new RandomForestClassifier({ nEstimators: 15, maxDepth: 4, classWeight: { 0: 1, 1: 2 }, randomState: 3 });
    const spec = JSON.parse(JSON.stringify(rf.toSpec()));
    expect(spec.name).toBe('RandomForestClassifier');
    expect(estimatorFromSpec(spec).getParams()).toEqual(rf.getParams());
    rf.fit(data.X, data.y);
    const back = estimatorFromJSON(JSON.parse(JSON.stringify(rf.toJSON())));
    expect(back.predictProba!(data.X)).toEqual(rf.predictProba(data.X));
    expect(Array.from((back as RandomForestClassifier).featureImportances_)).toEqual(Array.from(rf.featureImportances_));
    expect(structuredClone(rf.toJSON())).toEqual(rf.toJSON());
  });

  it('exposes classes, feature names and importances', () => {
    const rf = new RandomForestClassifier({ nEstimators: 10, randomState: 0 }).fit(data.X, data.y);
    expect(Array.from(rf.classes_)).toEqual([0, 1]);
    expect(rf.featureNamesIn_).toEqual(data.names);
    const total = rf.featureImportances_.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    // Sex is the strongest single predictor of survival.
    const top = data.names[rf.featureImportances_.indexOf(Math.max(...rf.featureImportances_))];
    expect(['Sex_female', 'Sex_male', 'Fare', 'Age']).toContain(top);
  });

  it('explains bad parameters', () => {
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(/nEstimators must be an integer >= 1, got 0/);
    expect(() => new RandomForestClassifier({ bootstrap: false, maxSamples: 0.5 })).toThrow(/maxSamples needs bootstrap: true/);
    expect(() => new RandomForestClassifier({ n_estimators: 10 } as never)).toThrow(/did you mean "nEstimators"/);
    expect(() => new RandomForestClassifier({ randomState: -1 })).toThrow(/randomState must be null or an integer/);
    expect(() => new RandomForestClassifier({ classWeight: { 0: 1, 5: 2 } }).fit([Float64Array.of(1, 2, 3)], [0, 1, 0])).toThrow(
      /classWeight has labels that are not classes of y/,
    );
    expect(() => new RandomForestClassifier({ maxSamples: 10 }).fit([Float64Array.of(1, 2, 3)], [0, 1, 0])).toThrow(/maxSamples=10 is larger than the 3/);
  });
});
