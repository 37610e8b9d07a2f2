/**
 * The Dask tutorial's data part (In[13]–In[18], In[25]–In[27]) on lazy frames: read the Titanic
 * CSVs, impute ages by class and sex, fill ports and fares, one-hot encode, print `info()`
 * like pandas, and write a submission-shaped CSV.
 * Run: npm start (all examples) or node dist/examples/02-titanic-frames.js
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, LocalCluster } from 'tusk';
import { col, fromColumns, readCsv } from 'tusk/frame';

const DATA_DIR = path.resolve(import.meta.dirname, '..', fs.existsSync(path.resolve(import.meta.dirname, '../data')) ? 'data/titanic' : '../data/titanic');

export async function main(): Promise<void> {
  await using cluster = new LocalCluster({ nWorkers: 2 });
  await using client = new Client(cluster);
  await client.ready;

  // In [13]
  let train = readCsv(path.join(DATA_DIR, 'train.csv'), { indexCol: 'PassengerId' });
  let test = readCsv(path.join(DATA_DIR, 'test.csv'), { indexCol: 'PassengerId' });

  // In [14]
  await train.info({ client });

  // In [15]: test uses train's age table, most frequent port and mean fare
  const ageImputation = train.groupby(['Pclass', 'Sex']).col('Age').mean();
  train = train.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  train = train.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);
  test = test.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  test = test.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);

  const mostFrequentPort = (await train.col('Embarked').valueCounts().idxmax().compute({ client })) as string;
  const averageFare = await train.col('Fare').mean().compute({ client });
  console.log(`\nage imputation table:\n${String(await ageImputation.compute({ client }))}`);
  console.log(`most frequent port: ${mostFrequentPort}, average fare: ${averageFare}\n`);

  train = train.fillna({ Embarked: mostFrequentPort }).drop(['Name', 'Ticket', 'Cabin']);
  test = test.fillna({ Embarked: mostFrequentPort, Fare: averageFare }).drop(['Name', 'Ticket', 'Cabin']);

  // In [16]
  train = train.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });
  test = test.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });

  // In [17], In [18]
  await train.info({ client });
  console.log();
  await test.info({ client });

  const t = await train.compute({ client });
  console.log(`\n${String(t.head())}`);

  // In [25]–[27]: a submission frame indexed like test, written to CSV (the model comes with tusk/ml).
  const testLocal = await test.compute({ client });
  const ids = testLocal.index() as number[];
  const predictions = testLocal.get('Sex_female').map((v) => Number(v)); // a stand-in model: women survive
  const submission = fromColumns({ Survived: predictions }, { index: { PassengerId: ids }, dtype: { Survived: 'int64', PassengerId: 'int64' } });
  console.log(`\n${String(await submission.head(5, { client }))}`);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-')), 'dask_submission.csv');
  await submission.toCsv(out, { client });
  console.log(`\nwrote ${out}: ${fs.readFileSync(out, 'utf8').split('\n').slice(0, 3).join(' | ')} …`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
