/** Shared by the frame tests: an in-process cluster, the tutorial's preprocessing, fixtures. */
import fs from 'node:fs';
import path from 'node:path';
import { Client, LocalCluster } from '../../src/index.js';
import { type DataFrame, type Scalar, col, readCsv } from '../../src/frame/index.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DATA = path.join(ROOT, 'data/titanic');
export const FIXTURES = path.join(ROOT, 'test/fixtures/titanic');

export interface Fixture {
  shape: [number, number];
  columns: string[];
  dtypes: Record<string, string>;
  nullCounts: Record<string, number>;
  index: { name: string; dtype: string; values: number[] };
  values: Record<string, unknown[]>;
  ageImputation?: { Pclass: number; Sex: string; Age: number }[];
  mostFrequentPort?: string;
  averageFare?: number;
}

export const fixture = (name: string): Fixture => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
export const infoText = (name: string): string => fs.readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');

export function inProcessClient(): { client: Client; close: () => Promise<void> } {
  const cluster = new LocalCluster({ inProcess: true, nWorkers: 1 });
  const client = new Client(cluster);
  return { client, close: async () => (await client.close(), await cluster.close()) };
}

/** The tutorial's In[13]–In[16], on lazy frames. */
export async function preprocess(client: Client, blocksize?: number): Promise<{
  train: DataFrame; test: DataFrame; rawTrain: DataFrame; rawTest: DataFrame; ageImputation: ReturnType<DataFrame['col']>; mostFrequentPort: string; averageFare: number;
}> {
  const opts = { indexCol: 'PassengerId', ...(blocksize ? { blocksize } : {}) };
  const rawTrain = readCsv(path.join(DATA, 'train.csv'), opts);
  const rawTest = readCsv(path.join(DATA, 'test.csv'), opts);
  let train = rawTrain;
  let test = rawTest;
  const ageImputation = train.groupby(['Pclass', 'Sex']).col('Age').mean();
  train = train.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  train = train.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);
  test = test.join(ageImputation, { on: ['Pclass', 'Sex'], rsuffix: '_imp' });
  test = test.assign({ Age: col('Age').fillNull(col('Age_imp')) }).drop(['Age_imp']);
  const mostFrequentPort = (await (train.col('Embarked').valueCounts().idxmax() as Scalar<string>).compute({ client }));
  const averageFare = await train.col('Fare').mean().compute({ client });
  train = train.fillna({ Embarked: mostFrequentPort }).drop(['Name', 'Ticket', 'Cabin']);
  test = test.fillna({ Embarked: mostFrequentPort, Fare: averageFare }).drop(['Name', 'Ticket', 'Cabin']);
  train = train.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });
  test = test.getDummies({ columns: ['Pclass', 'Sex', 'Embarked'] });
  return { train, test, rawTrain, rawTest, ageImputation, mostFrequentPort, averageFare };
}
