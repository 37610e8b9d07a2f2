/**
 * Why Tusk has its own random forest (issue 5 named mljs's ml-random-forest as the first choice):
 * the tutorial's grid without classWeight (mljs has no class weights) — maxDepth [2,4,6] ×
 * nEstimators [100,200,500], 4-fold stratified CV on the Titanic features, scikit-learn's folds —
 * fitted with ml-random-forest 2 and with Tusk's RandomForestClassifier, one thread each.
 * Run from the repository root after `npm run build` and `cd benchmarks/peers && npm install`:
 *   node benchmarks/peers/mljs-forest.mjs
 */
import fs from 'node:fs';
import { RandomForestClassifier as MlForest } from 'ml-random-forest';
import { RandomForestClassifier, StratifiedKFold } from '../../dist/src/ml/index.js';

const fx = JSON.parse(fs.readFileSync('test/fixtures/sklearn/titanic.json', 'utf8'));
const nRows = fx.y.length;
const rows = Array.from({ length: nRows }, (_, i) => fx.columns.map((c) => c[i]));
const y = fx.y.map(Number);
const X = Object.fromEntries(fx.featureNames.map((n, j) => [n, Float64Array.from(fx.columns[j])]));
const folds = new StratifiedKFold({ nSplits: 4 }).split(nRows, Float64Array.from(y));
const grid = [];
for (const maxDepth of [2, 4, 6]) for (const nEstimators of [100, 200, 500]) grid.push({ maxDepth, nEstimators });

function cv(fitPredict) {
  const t0 = performance.now();
  const scores = grid.map((p) => {
    let s = 0;
    for (const [train, test] of folds) {
      const pred = fitPredict(p, Array.from(train), Array.from(test));
      let ok = 0;
      for (let k = 0; k < test.length; k++) if (pred[k] === y[test[k]]) ok++;
      s += ok / test.length;
    }
    return s / folds.length;
  });
  return { seconds: (performance.now() - t0) / 1000, meanTestScore: scores.reduce((a, b) => a + b, 0) / scores.length, bestScore: Math.max(...scores) };
}

const pick = (cols, idx) => Object.fromEntries(Object.entries(cols).map(([n, c]) => [n, Float64Array.from(idx, (i) => c[i])]));
for (const [engine, fitPredict] of [
  ['ml-random-forest-2.1.0', (p, train, test) => {
    const m = new MlForest({ nEstimators: p.nEstimators, seed: 0, maxFeatures: Math.sqrt(12) / 12, replacement: true, treeOptions: { maxDepth: p.maxDepth } });
    m.train(train.map((i) => rows[i]), train.map((i) => y[i]));
    return m.predict(test.map((i) => rows[i]));
  }],
  ['tusk', (p, train, test) => {
    const m = new RandomForestClassifier({ ...p, randomState: 0 }).fit(pick(X, train), train.map((i) => y[i]));
    return Array.from(m.predict(pick(X, test)));
  }],
]) {
  const r = cv(fitPredict);
  console.log(JSON.stringify({ workload: 'rf-grid-titanic-no-classweight', engine, fits: grid.length * folds.length, seconds: +r.seconds.toFixed(3), meanTestScore: +r.meanTestScore.toFixed(6), bestScore: +r.bestScore.toFixed(6) }));
}
