import { describe, expect, it } from 'vitest';
import { isTuskError } from '../../src/errors.js';
import { takeRows, toFeatures } from '../../src/ml/data/features.js';
import { estimatorFromSpec, estimatorNames, estimatorParamNames } from '../../src/ml/estimators.js';
import { fitAndScore } from '../../src/ml/fitAndScore.js';
import { KFold } from '../../src/ml/splitters/kFold.js';
import { checkTrainingClasses, checkXy } from '../../src/ml/validation.js';
import { titanic } from './fixtures.js';

const data = titanic();
const spec = { name: 'RandomForestClassifier', params: { nEstimators: 20, maxDepth: 4, randomState: 0 } };

describe('fitAndScore', () => {
  it('fits on the training rows and scores the test rows', () => {
    const [train, test] = new KFold({ nSplits: 4 }).split(data.X)[1]!;
    const r = fitAndScore(spec, data.X, data.y, train, test, null, { returnTrainScore: true });
    const est = estimatorFromSpec(spec).fit(takeRows(toFeatures(data.X), train), Array.from(train, (i) => data.y[i]!));
    expect(r.testScore).toBe(est.score(takeRows(toFeatures(data.X), test), Array.from(test, (i) => data.y[i]!)));
    expect(r.trainScore).toBeGreaterThan(r.testScore - 0.1);
    expect(r.fitTime).toBeGreaterThan(0);
    expect(r.scoreTime).toBeGreaterThanOrEqual(0);
    expect(r.nTestSamples).toBe(test.length);
    const auc = fitAndScore(spec, data.X, data.y, train, test, 'roc_auc');
    expect(auc.testScore).toBeGreaterThan(0.8);
    expect(auc.trainScore).toBeUndefined();
  });

  it('takes rows, columns or named columns alike', () => {
    const train = Int32Array.from({ length: 600 }, (_, i) => i);
    const test = Int32Array.from({ length: 291 }, (_, i) => 600 + i);
    const rows = Array.from({ length: data.y.length }, (_, i) => data.columns.map((c) => c[i]!));
    const a = fitAndScore(spec, data.X, data.y, train, test);
    expect(fitAndScore(spec, data.columns, Array.from(data.y), train, test).testScore).toBe(a.testScore);
    expect(fitAndScore(spec, rows, data.y, train, test).testScore).toBe(a.testScore);
  });

  it('fails clearly on a fold whose training set has one class', () => {
    const X = [Float64Array.of(1, 2, 3, 4, 5, 6)];
    const y = [0, 0, 0, 1, 1, 1];
    // Unshuffled KFold on label-sorted data: fold 1 trains on labels 0 only.
    const folds = new KFold({ nSplits: 2 }).split(X);
    expect(() => fitAndScore(spec, X, y, folds[1]![0], folds[1]![1], null, { fold: 1 })).toThrow(
      /fold 1's training set has a single class \(every label is 0\)[\s\S]*StratifiedKFold/,
    );
  });

  it('fails clearly on bad specs and indices', () => {
    expect(() => fitAndScore({ name: 'RandomForest', params: {} }, data.X, data.y, [0, 1], [2])).toThrow(
      /unknown estimator "RandomForest"; known estimators are: DecisionTreeClassifier, RandomForestClassifier[\s\S]*did you mean "RandomForestClassifier"/,
    );
    expect(() => fitAndScore(spec, data.X, data.y, [0, 1, 5000], [2])).toThrow(/row index 5000 \(position 2\) is out of range for 891 rows/);
    expect(() => fitAndScore(spec, data.X, data.y, [0, 1], [])).toThrow(/test set is empty/);
    expect(() => fitAndScore(spec, data.X, data.y, [0, 1], [2], 'precision')).toThrow(/unknown scoring "precision"/);
  });
});

describe('input validation', () => {
  it('X and y lengths must agree', () => {
    expect(() => checkXy(data.X, data.y.subarray(1))).toThrow(/X has 891 rows but y has 890 values/);
  });

  it('non-numeric features are named, with a getDummies hint', () => {
    const X = { Age: [22, 38], Embarked: ['S', 'C'] };
    try {
      checkXy(X, [0, 1]);
      expect.unreachable();
    } catch (e) {
      expect(isTuskError(e, 'TypeMismatch')).toBe(true);
      expect((e as Error).message).toMatch(/X: column "Embarked" is not numeric \(row 0 holds "S"\)/);
      expect((e as Error).message).toMatch(/getDummies\(df, \{ columns: \['Embarked'\] \}\)/);
    }
    expect(() => checkXy([[1, 'a']], [0])).toThrow(/column "x1" is not numeric/);
  });

  it('missing values, ragged input and string labels are explained', () => {
    expect(() => checkXy({ Age: [22, undefined] } as never, [0, 1])).toThrow(/column "Age" has a missing value at row 1/);
    expect(() => checkXy([Float64Array.of(1, 2), Float64Array.of(1)], [0, 1])).toThrow(/column "x1" has 1 rows but column "x0" has 2/);
    expect(() => checkXy([[1, 2], [3]], [0, 1])).toThrow(/row 1 has 1 values but row 0 has 2/);
    expect(() => checkXy([[1], [2]], ['no', 'yes'])).toThrow(/y holds a string \("no" at position 0\)/);
    expect(() => checkXy([], [])).toThrow(/X is empty/);
  });

  it('booleans are 0/1 (one-hot columns from newer pandas)', () => {
    expect(Array.from(checkXy({ Sex_male: [true, false] }, [0, 1]).X.columns[0]!)).toEqual([1, 0]);
  });

  it('checkTrainingClasses names the fold', () => {
    expect(() => checkTrainingClasses([1, 1, 1], 2)).toThrow(/fold 2's training set has a single class/);
    expect(() => checkTrainingClasses([1, 0, 1])).not.toThrow();
  });
});

describe('estimator registry', () => {
  it('lists estimators and their parameters', () => {
    expect(estimatorNames()).toEqual(['DecisionTreeClassifier', 'RandomForestClassifier']);
    expect(estimatorParamNames('RandomForestClassifier')).toEqual([
      'bootstrap', 'classWeight', 'criterion', 'maxDepth', 'maxFeatures', 'maxSamples', 'minImpurityDecrease',
      'minSamplesLeaf', 'minSamplesSplit', 'minWeightFractionLeaf', 'nEstimators', 'randomState',
    ]);
  });
});
