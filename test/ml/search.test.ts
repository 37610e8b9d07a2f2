/**
 * GridSearchCV on real worker threads: every fit a task, data scattered once. The reference is
 * the same folds fitted one by one in this process with fitAndScore (itself checked against
 * scikit-learn in fitAndScore.test.ts and forest.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { Client, LocalCluster, type SchedulerEvent } from '../../src/index.js';
import {
  GridSearchCV, RandomForestClassifier, RandomizedSearchCV, StratifiedKFold, crossValScore, fitAndScore, isTuskError,
} from './search-imports.js';
import { titanic } from './fixtures.js';

let cluster: LocalCluster;
let client: Client;
beforeAll(async () => {
  cluster = new LocalCluster({ nWorkers: 2 });
  client = new Client(cluster);
  await client.ready;
});
afterAll(async () => {
  await client.close();
  await cluster.close();
});

const grid = { maxDepth: [2, 4], nEstimators: [20], classWeight: [null, 'balanced'] };

describe('GridSearchCV on the cluster', () => {
  it('equals the folds fitted one by one, prints joblib-style progress, refits the best', async () => {
    const { X, y } = titanic();
    const lines: string[] = [];
    const search = new GridSearchCV(new RandomForestClassifier({ randomState: 0 }), grid, { cv: 4, verbose: 1, client, print: (l) => lines.push(l) });
    await search.fit(X, y);
    const folds = new StratifiedKFold({ nSplits: 4 }).split(y.length, y);
    const expected = search.cvResults_!.params.map((p) =>
      folds.map(([train, test]) => fitAndScore({ name: 'RandomForestClassifier', params: { randomState: 0, ...p } }, X, y, train, test).testScore),
    );
    expect(search.cvResults_!.params).toEqual([
      { classWeight: null, maxDepth: 2, nEstimators: 20 },
      { classWeight: null, maxDepth: 4, nEstimators: 20 },
      { classWeight: 'balanced', maxDepth: 2, nEstimators: 20 },
      { classWeight: 'balanced', maxDepth: 4, nEstimators: 20 },
    ]);
    expected.forEach((scores, c) => scores.forEach((s, k) => expect(search.cvResults_!.splitTestScores[k]![c]).toBe(s)));
    const means = expected.map((s) => s.reduce((a, b) => a + b) / s.length);
    const best = means.indexOf(Math.max(...means));
    expect(search.bestIndex_).toBe(best);
    expect(search.bestScore_).toBeCloseTo(means[best]!, 15);
    expect(search.bestParams_).toEqual(search.cvResults_!.params[best]);
    expect(search.cvResults_!.rankTestScore[best]).toBe(1);
    expect(lines[0]).toBe('Fitting 4 folds for each of 4 candidates, totalling 16 fits');
    expect(lines[1]).toBe('[Parallel(n_jobs=-1)]: Using backend TuskClusterBackend with 2 concurrent workers.');
    expect(lines.at(-1)).toMatch(/^\[Parallel\(n_jobs=-1\)\]: Done  16 out of  16 \| elapsed: +\d+\.\ds finished$/);
    // The refit best estimator equals one fitted here on all rows.
    const local = new RandomForestClassifier({ randomState: 0, ...search.bestParams_ }).fit(X, y);
    expect(Array.from(search.bestEstimator_!.predict(X))).toEqual(Array.from(local.predict(X)));
    expect(Array.from(await search.predict(X))).toEqual(Array.from(local.predict(X)));
  });

  it('scatters the data once: every fit task reads the same shared copy', async () => {
    const { X, y } = titanic();
    const events: SchedulerEvent[] = [];
    const off = client.on((e) => events.push(e));
    await new GridSearchCV(new RandomForestClassifier({ randomState: 1 }), { maxDepth: [2, 3], nEstimators: [5] }, { cv: 3, client, refit: false }).fit(X, y);
    off();
    const fits = events.filter((e) => e.type === 'finished' && e.key.startsWith('fitAndScoreTask-'));
    expect(fits).toHaveLength(6);
    // One data key held, and no task other than the fits ran (no copies of X per task).
    expect(events.filter((e) => e.type === 'finished').length).toBe(6);
    expect(client.memory().keys).toBe(0); // released after the search
  });

  it('accepts Arrow tables, RandomizedSearchCV and crossValScore', async () => {
    const { X, y, names, columns } = titanic();
    const table = tableFromArrays(Object.fromEntries(names.map((n, j) => [n, columns[j]!])));
    const scores = await crossValScore(new RandomForestClassifier({ randomState: 0, nEstimators: 10, maxDepth: 3 }), table, y, { cv: 3, client });
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(s).toBeGreaterThan(0.7);
    const rs = new RandomizedSearchCV(new RandomForestClassifier({ randomState: 0, nEstimators: 5 }), { maxDepth: { dist: 'randint', low: 2, high: 6 } }, { nIter: 3, randomState: 0, cv: 3, client, refit: false });
    await rs.fit(X, y);
    expect(rs.cvResults_!.params).toHaveLength(3);
  });
});

describe('bad input fails before any fit is launched', () => {
  async function noTasks(run: () => Promise<unknown>): Promise<Error> {
    const queued: string[] = [];
    const off = client.on((e) => e.type === 'queued' && queued.push(e.key));
    try {
      await run();
      throw new Error('expected an error');
    } catch (err) {
      expect(queued).toEqual([]);
      return err as Error;
    } finally {
      off();
    }
  }
  const search = () => new GridSearchCV(new RandomForestClassifier(), { maxDepth: [2] }, { cv: 3, client });

  it('X and y of different lengths', async () => {
    const { X, y } = titanic();
    const err = await noTasks(() => search().fit(X, y.subarray(0, 100)));
    expect(err.message).toMatch(/891 rows but y has 100/);
  });

  it('a non-numeric feature: names the column and suggests getDummies', async () => {
    const { X, y } = titanic();
    const err = await noTasks(() => search().fit({ ...X, Sex: Array.from(y, (v) => (v ? 'female' : 'male')) }, y));
    expect(err.message).toMatch(/column "Sex" is not numeric/);
    expect(err.message).toMatch(/getDummies/);
  });

  it('an unknown parameter name lists the valid ones', async () => {
    const err = await noTasks(async () => new GridSearchCV(new RandomForestClassifier(), { max_depth: [2] }, { client }));
    expect(isTuskError(err)).toBe(true);
    expect(err.message).toMatch(/max_depth/);
    expect(err.message).toMatch(/maxDepth/);
    expect(err.message).toMatch(/nEstimators/);
  });

  it('a fold whose training set has a single class', async () => {
    const y = new Float64Array(20).fill(0);
    y[19] = 1;
    const X = { a: Float64Array.from({ length: 20 }, (_, i) => i) };
    const err = await noTasks(() => new GridSearchCV(new RandomForestClassifier(), { maxDepth: [2] }, { cv: new StratifiedKFold({ nSplits: 2 }), client }).fit(X, y));
    expect(err.message).toMatch(/class/i);
  });
});
