/**
 * The dask tutorial's grid search, in Tusk — in-process on one thread, and as GridSearchCV on a
 * LocalCluster of 1 and 2 worker threads (every fit a task): RandomForestClassifier over
 * maxDepth [2,4,6] × nEstimators [100,200,500] × classWeight [null,'balanced'], 4-fold
 * stratified CV on Titanic (72 fits, 19,200 trees), plus the refit of the best candidate —
 * what scikit-learn's GridSearchCV(refit=True) does. Peer: benchmarks/peers/ml.py.
 *
 * Run: npm run build && node dist/benchmarks/ml.js [--repeat 3]
 * Features come from test/fixtures/sklearn/titanic.json (the tutorial's pandas preprocessing,
 * written by scripts/fixtures/sklearn_splits.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitAndScore } from '../src/ml/fitAndScore.js';
import { ParameterGrid } from '../src/ml/grid/parameterGrid.js';
import { StratifiedKFold } from '../src/ml/splitters/stratifiedKFold.js';
import { estimatorFromSpec } from '../src/ml/estimators.js';
import { toFeatures } from '../src/ml/data/features.js';
import { Client, LocalCluster } from '../src/index.js';
import { GridSearchCV, RandomForestClassifier } from '../src/ml/index.js';
import { emit, machineLine } from './util.js';

const FIXTURE = 'test/fixtures/sklearn/titanic.json';
// Run from source or from dist/: look upward from here, then from the working directory.
function findFixture(): string {
  for (let dir of [import.meta.dirname, process.cwd()]) {
    for (;;) {
      if (fs.existsSync(path.join(dir, FIXTURE))) return path.join(dir, FIXTURE);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`cannot find ${FIXTURE}; run from the repository root`);
}
const fixture = JSON.parse(fs.readFileSync(findFixture(), 'utf8')) as {
  featureNames: string[];
  columns: number[][];
  y: number[];
};
const X = toFeatures(Object.fromEntries(fixture.featureNames.map((n, j) => [n, Float64Array.from(fixture.columns[j]!)])));
const y = Float64Array.from(fixture.y);

const grid = new ParameterGrid({ maxDepth: [2, 4, 6], nEstimators: [100, 200, 500], classWeight: [null, 'balanced'] });
const folds = new StratifiedKFold({ nSplits: 4 }).split(X, y);

function run(): { seconds: number; meanTestScore: number; bestScore: number; bestParams: unknown } {
  const t0 = performance.now();
  const means: number[] = [];
  for (const params of grid) {
    const spec = { name: 'RandomForestClassifier', params: { ...params, randomState: 0 } };
    let s = 0;
    for (const [train, test] of folds) s += fitAndScore(spec, X, y, train, test).testScore;
    means.push(s / folds.length);
  }
  const best = means.indexOf(Math.max(...means));
  estimatorFromSpec({ name: 'RandomForestClassifier', params: { ...grid.get(best), randomState: 0 } }).fit(X, y);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, meanTestScore: means.reduce((a, b) => a + b, 0) / means.length, bestScore: means[best]!, bestParams: grid.get(best) };
}

const args = process.argv.slice(2);
const repeat = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 1;
console.error(machineLine());
for (let r = 0; r < repeat; r++) {
  const { seconds, meanTestScore, bestScore, bestParams } = run();
  emit({
    workload: 'rf-grid-titanic',
    engine: 'tusk',
    backend: 'in-process',
    nJobs: 1,
    size: 72,
    unit: 'fits',
    trees: 19200,
    seconds: Math.round(seconds * 1000) / 1000,
    meanTestScore: Math.round(meanTestScore * 1e6) / 1e6,
    bestScore: Math.round(bestScore * 1e6) / 1e6,
    bestParams,
  });
}

/**
 * One cluster per worker count, started once (as the tutorial starts its cluster once) and
 * searched `repeat` times: search 0 is cold (every worker thread compiles the tree code on its
 * first fits), later searches are the steady state of a long-lived cluster.
 */
async function onCluster(nWorkers: number): Promise<void> {
  const cluster = new LocalCluster({ nWorkers });
  const client = new Client(cluster);
  await client.ready;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const search = new GridSearchCV(
      new RandomForestClassifier({ randomState: 0 }),
      { maxDepth: [2, 4, 6], nEstimators: [100, 200, 500], classWeight: [null, 'balanced'] },
      { cv: 4, client },
    );
    await search.fit(X, y);
    const seconds = (performance.now() - t0) / 1000;
    const means = search.cvResults_!.meanTestScore;
    emit({
      workload: 'rf-grid-titanic',
      engine: 'tusk',
      backend: 'LocalCluster',
      nWorkers,
      search: r,
      warm: r > 0,
      size: 72,
      unit: 'fits',
      trees: 19200,
      seconds: Math.round(seconds * 1000) / 1000,
      meanTestScore: Math.round((means.reduce((a, b) => a + b, 0) / means.length) * 1e6) / 1e6,
      bestScore: Math.round(search.bestScore_! * 1e6) / 1e6,
      bestParams: search.bestParams_,
    });
  }
  await client.close();
  await cluster.close();
}

await onCluster(1);
await onCluster(2);
