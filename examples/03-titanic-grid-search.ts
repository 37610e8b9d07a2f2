/**
 * The Dask tutorial's machine-learning part (In[19]–In[27]): a random-forest grid search —
 * 18 candidates × 4 folds = 72 fits, every fit a task on the local cluster — on the
 * preprocessed Titanic frames of example 02, then predictions for the test set written as a
 * `dask_submission.csv`-style file (PassengerId,Survived).
 * Run: npm start (all examples) or node dist/examples/03-titanic-grid-search.js [--out dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, LocalCluster } from 'tusk';
import { fromColumns } from 'tusk/frame';
import { GridSearchCV, RandomForestClassifier } from 'tusk/ml';
import { preprocessTitanic } from './02-titanic-frames.js';

export async function main(outDir = path.resolve('out')): Promise<void> {
  await using cluster = new LocalCluster({ nWorkers: 2 });
  await using client = new Client(cluster);
  await client.ready;
  const prepared = await preprocessTitanic(client);
  // getDummies' columns depend on the data: resolve() runs that pass, so the columns are known
  const train = await prepared.train.resolve({ client });
  const test = await prepared.test.resolve({ client });
  const FEATURES_COLS = test.columns; // every column left: the tutorial's features
  const TARGET = 'Survived';

  // In [20]
  const params = {
    maxDepth: [2, 4, 6],
    nEstimators: [100, 200, 500],
    classWeight: [null, 'balanced'],
  };

  // In [22]: the tutorial's RandomForestClassifier() draws fresh seeds each run; a fixed
  // randomState makes this walkthrough print the same figures every time.
  const model = new RandomForestClassifier({ randomState: 0 });
  const gridCv = new GridSearchCV(model, params, { cv: 4, verbose: 1, client });
  await gridCv.fit(train.select(FEATURES_COLS), train.col(TARGET));

  // In [23], In [24]
  console.log(gridCv.bestParams_);
  console.log(gridCv.bestScore_);

  // In [25]: predictions for the test set, indexed like it
  const predictions = await gridCv.bestEstimator_!.predict(test.select(FEATURES_COLS));
  const ids = (await test.select([]).compute({ client })).index() as number[];
  const submission = fromColumns(
    { Survived: Array.from(predictions) },
    { index: { PassengerId: ids }, dtype: { Survived: 'int64', PassengerId: 'int64' } },
  );

  // In [26]
  console.log(String(await submission.head(5, { client })));

  // In [27]
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, 'dask_submission.csv');
  await submission.toCsv(out, { client });
  const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  const survived = lines.slice(1).filter((l) => l.endsWith(',1')).length;
  console.log(`\nwrote ${out}: ${lines.length - 1} passengers, ${survived} predicted to survive`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--out');
  await main(i >= 0 ? path.resolve(process.argv[i + 1]!) : undefined);
}
