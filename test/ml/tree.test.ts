import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTuskError } from '../../src/errors.js';
import { toFeatures } from '../../src/ml/data/features.js';
import { binFeatures } from '../../src/ml/tree/binning.js';
import { TreeGrower } from '../../src/ml/tree/builder.js';
import { DecisionTreeClassifier } from '../../src/ml/tree/decisionTree.js';
import { resolveGrowth, type TreeGrowthParams } from '../../src/ml/tree/params.js';
import { fixture, titanic } from './fixtures.js';
import { referenceTree } from './referenceTree.js';

interface TreeFixture {
  trees: {
    params: Record<string, never>;
    sampleWeight: number[] | null;
    tree: Record<string, number[] | number>;
    featureImportances: number[];
  }[];
}

describe('DecisionTreeClassifier equals scikit-learn', () => {
  const { columns, y } = titanic();
  const fx = fixture<TreeFixture>('forest.json');

  it.each(fx.trees.map((t, i) => [i, JSON.stringify(t.params), t] as const))('tree %i %s', (_, __, t) => {
    const dt = new DecisionTreeClassifier(t.params).fit(columns, y, t.sampleWeight);
    const got = dt.tree_;
    const want = t.tree;
    expect(got.nodeCount).toBe(want.nodeCount);
    expect(got.maxDepth).toBe(want.maxDepth);
    for (const key of ['left', 'right', 'feature', 'threshold', 'nNodeSamples', 'weightedNNodeSamples', 'value'] as const) {
      expect(Array.from(got[key]), key).toEqual(want[key]);
    }
    // Gini is bit-exact; entropy goes through Math.log, which may differ from C's log in the last bit.
    const close = (a: ArrayLike<number>, b: number[]): void => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(b[i]!)));
    };
    if (t.params.criterion === 'entropy') {
      close(got.impurity, want.impurity as number[]);
      close(dt.featureImportances_, t.featureImportances);
    } else {
      expect(Array.from(got.impurity)).toEqual(want.impurity);
      expect(Array.from(dt.featureImportances_)).toEqual(t.featureImportances);
    }
  });
});

const growthArb = fc.record({
  criterion: fc.constantFrom('gini' as const, 'entropy' as const),
  maxDepth: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  minSamplesSplit: fc.integer({ min: 2, max: 6 }),
  minSamplesLeaf: fc.integer({ min: 1, max: 3 }),
  minWeightFractionLeaf: fc.constantFrom(0, 0, 0.1),
  maxFeatures: fc.constant(null as number | null),
  minImpurityDecrease: fc.constantFrom(0, 0, 0.01),
});

/** Values with ties, constants and near-equal values (closer than scikit-learn's 1e-7 threshold). */
const valueArb = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 3e-8, 6e-8, 1e-6),
  fc.double({ min: -100, max: 100, noNaN: true }),
);

const dataArb = fc
  .record({ nRows: fc.integer({ min: 2, max: 90 }), nFeatures: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 2, max: 3 }) })
  .chain(({ nRows, nFeatures, k }) =>
    fc.record({
      columns: fc.array(
        fc.oneof(
          fc.array(valueArb, { minLength: nRows, maxLength: nRows }),
          fc.array(fc.constantFrom(0, 1), { minLength: nRows, maxLength: nRows }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: nRows, maxLength: nRows }),
        ),
        { minLength: nFeatures, maxLength: nFeatures },
      ),
      y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: nRows, maxLength: nRows }),
      weight: fc.option(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nRows, maxLength: nRows }), { nil: null }),
      k: fc.constant(k),
      maxFeatures: fc.integer({ min: 1, max: nFeatures }),
      seed: fc.integer({ min: 0, max: 0x7ffffffe }),
      growth: growthArb,
    }),
  );

describe('tree builder (presorted histograms) equals the naive per-node-sort reference', () => {
  it('for random data, integer weights and parameters', () => {
    fc.assert(
      fc.property(dataArb, (d) => {
        const X = toFeatures(d.columns.map((c) => Float64Array.from(c)));
        const y = Int32Array.from(d.y);
        const weight = d.weight ? Float64Array.from(d.weight) : null;
        fc.pre(!weight || weight.some((v) => v > 0));
        const params: TreeGrowthParams = { ...d.growth, maxFeatures: d.maxFeatures };
        const total = weight ? weight.reduce((a, b) => a + b, 0) : null;
        const g = resolveGrowth(params, X.nRows, X.columns.length, total, 'test');
        const got = new TreeGrower(binFeatures(X), d.k).grow(y, weight, g, d.seed);
        const want = referenceTree(X.columns, y, d.k, weight, g, d.seed);
        expect(Array.from(got.feature)).toEqual(want.feature);
        expect(Array.from(got.threshold)).toEqual(want.threshold);
        expect(Array.from(got.left)).toEqual(want.left);
        expect(Array.from(got.right)).toEqual(want.right);
        expect(Array.from(got.nNodeSamples)).toEqual(want.nNodeSamples);
        expect(Array.from(got.impurity)).toEqual(want.impurity);
        expect(Array.from(got.value)).toEqual(want.value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tree properties', () => {
  /** Rows with pairwise distinct values in every column (a random permutation of 0..n-1 scaled). */
  const distinctArb = fc
    .record({ n: fc.integer({ min: 2, max: 60 }), f: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: 0, max: 1000 }) })
    .chain(({ n, f, seed }) =>
      fc.record({
        columns: fc.array(fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), { minLength: f, maxLength: f }),
        y: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
        perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        seed: fc.constant(seed),
      }),
    );

  it('with maxDepth null, a tree fits distinct points perfectly', () => {
    fc.assert(
      fc.property(distinctArb, ({ columns, y, seed }) => {
        const X = columns.map((c) => Float64Array.from(c, (v) => v * 0.37 - 5));
        const dt = new DecisionTreeClassifier({ randomState: seed }).fit(X, y);
        expect(Array.from(dt.predict(X))).toEqual(y);
      }),
      { numRuns: 100 },
    );
  });

  it('predictions do not depend on the order of the training rows', () => {
    fc.assert(
      fc.property(distinctArb, ({ columns, y, perm, seed }) => {
        const X = columns.map((c) => Float64Array.from(c));
        const Xp = X.map((c) => Float64Array.from(perm, (i) => c[i]!));
        const yp = perm.map((i) => y[i]!);
        const params = { randomState: seed, maxDepth: 3, maxFeatures: 'sqrt' as const };
        const a = new DecisionTreeClassifier(params).fit(X, y);
        const b = new DecisionTreeClassifier(params).fit(Xp, yp);
        const query = X.map((c) => Float64Array.from(c, (v, i) => v + (i % 3) - 1.5));
        expect(Array.from(b.predict(query))).toEqual(Array.from(a.predict(query)));
        expect(b.predictProba(query)).toEqual(a.predictProba(query));
      }),
      { numRuns: 100 },
    );
  });
});

describe('DecisionTreeClassifier API', () => {
  const X = [Float64Array.of(0, 1, 2, 3, 4, 5), Float64Array.of(1, 1, 0, 0, 1, 0)];
  const y = [3, 3, 7, 3, 7, 7];

  it('keeps labels, probabilities and the estimator protocol', () => {
    const dt = new DecisionTreeClassifier({ randomState: 0 }).fit(X, y);
    expect(Array.from(dt.classes_)).toEqual([3, 7]);
    expect(Array.from(dt.predict(X))).toEqual(y);
    const proba = dt.predictProba(X);
    expect(proba).toHaveLength(2);
    expect(proba[0]![0]! + proba[1]![0]!).toBe(1);
    expect(dt.score(X, y)).toBe(1);
    expect(dt.getParams().randomState).toBe(0);
    expect(dt.setParams({ maxDepth: 1 }).getParams().maxDepth).toBe(1);
    expect(dt.toSpec()).toEqual({ name: 'DecisionTreeClassifier', params: dt.getParams() });
  });

  it('round-trips through JSON', () => {
    const dt = new DecisionTreeClassifier({ randomState: 1, maxDepth: 2 }).fit(X, y);
    const back = DecisionTreeClassifier.fromJSON(JSON.parse(JSON.stringify(dt.toJSON())));
    expect(back.predictProba(X)).toEqual(dt.predictProba(X));
    expect(Array.from(back.featureImportances_)).toEqual(Array.from(dt.featureImportances_));
  });

  it('explains bad input and bad parameters', () => {
    const dt = new DecisionTreeClassifier();
    expect(() => dt.predict(X)).toThrow(/not fitted yet: call fit\(X, y\) before predict/);
    expect(() => dt.fit(X, [0, 1])).toThrow(/X has 6 rows but y has 2 values/);
    expect(() => dt.fit({ Age: [1, 2], Sex: ['male', 'female'] }, [0, 1])).toThrow(
      /column "Sex" is not numeric \(row 0 holds "male"\)[\s\S]*getDummies\(df, \{ columns: \['Sex'\] \}\)/,
    );
    expect(() => dt.fit({ Age: [1, NaN] }, [0, 1])).toThrow(/column "Age" has a missing value at row 1[\s\S]*fillna/);
    expect(() => dt.fit(X, [0.5, 1, 0, 1, 0, 1])).toThrow(/needs class labels/);
    expect(() => new DecisionTreeClassifier({ max_depth: 3 } as never)).toThrow(/no parameter "max_depth"[\s\S]*did you mean "maxDepth"/);
    expect(() => new DecisionTreeClassifier({ criterion: 'mse' as never })).toThrow(/criterion must be 'gini' or 'entropy'/);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 5 }).fit(X, y)).toThrow(/asks for 5 features but X has 2/);
    const fitted = new DecisionTreeClassifier().fit(X, y);
    expect(() => fitted.predict([X[0]!])).toThrow(/X has 1 features, but DecisionTreeClassifier was fitted with 2/);
    try {
      dt.fit({ Sex: ['male'] }, [0]);
    } catch (e) {
      expect(isTuskError(e, 'TypeMismatch')).toBe(true);
    }
  });
});
