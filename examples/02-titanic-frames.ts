/**
 * The Dask tutorial's data part (In[13]–In[18]) on lazy frames: read the Titanic CSVs, impute
 * ages by class and sex, fill ports and fares, one-hot encode, and print `info()` like pandas.
 * Example 03 runs the grid search on what `preprocessTitanic` returns.
 * Run: npm start (all examples) or node dist/examples/02-titanic-frames.js
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, LocalCluster } from 'tusk';
import { col, readCsv, type DataFrame } from 'tusk/frame';

const DATA_DIR = path.resolve(import.meta.dirname, '..', fs.existsSync(path.resolve(import.meta.dirname, '../data')) ? 'data/titanic' : '../data/titanic');

export interface Titanic {
  train: DataFrame;
  test: DataFrame;
}

/**
 * In [13]–[18]: the tutorial's preprocessing, lazily; with `verbose` it prints what the
 * tutorial's cells print (`info()` before and after, the imputation table, port and fare).
 */
export async function preprocessTitanic(client: Client, { verbose = false } = {}): Promise<Titanic> {
  // In [13]
  let train = readCsv(path.join(DATA_DIR, 'train.csv'), { indexCol: 'PassengerId' });
  let test = readCsv(path.join(DATA_DIR, 'test.csv'), { indexCol: 'PassengerId' });

  // In [14]
  if (verbose) await train.info({ client });

  // In [15]: test uses train's age table, most frequent port and mean fare
  const ageImputation = train.groupby(['Pclass', 'Sex']).col('Age').mean();
  train = train.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  train = train.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);
  test = test.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  test = test.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);

  const mostFrequentPort = (await train.col('Embarked').valueCounts().idxmax().compute({ client })) as string;
  const averageFare = await train.col('Fare').mean().compute({ client });
  if (verbose) {
    console.log(`\nage imputation table:\n${String(await ageImputation.compute({ client }))}`);
    console.log(`most frequent port: ${mostFrequentPort}, average fare: ${averageFare}\n`);
  }

  train = train.fillna({ Embarked: mostFrequentPort }).drop(['Name', 'Ticket', 'Cabin']);
  test = test.fillna({ Embarked: mostFrequentPort, Fare: averageFare }).drop(['Name', 'Ticket', 'Cabin']);

  // In [16]
  train = train.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });
  test = test.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });

  // In [17], In [18]
  if (verbose) {
    await train.info({ client });
    console.log();
    await test.info({ client });
  }
  return { train, test };
}

export async function main(): Promise<void> {
  await using cluster = new LocalCluster({ nWorkers: 2 });
  await using client = new Client(cluster);
  await client.ready;
  const { train } = await preprocessTitanic(client, { verbose: true });
  const t = await train.compute({ client });
  console.log(`\n${String(t.head())}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
