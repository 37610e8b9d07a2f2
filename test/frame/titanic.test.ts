/**
 * Acceptance: the tutorial's preprocessing (In[13]–In[18]) reproduces pandas exactly — names,
 * order, dtypes, every value, `info()` text — whatever the partitioning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import type { LocalFrame } from '../../src/frame/index.js';
import { type Fixture, fixture, inProcessClient, infoText, preprocess } from './helpers.js';

function expectLike(t: LocalFrame, f: Fixture): void {
  expect(t.columns).toEqual(f.columns);
  expect(t.dtypes).toEqual(f.dtypes);
  expect(t.shape).toEqual(f.shape);
  expect(t.indexNames).toEqual([f.index.name]);
  expect(t.index()).toEqual(f.index.values);
  for (const c of f.columns) {
    const want = f.values[c]!.map((v) => (v === undefined ? null : v));
    expect(t.get(c), `column ${c}`).toEqual(want);
  }
}

describe.each([undefined, 4096, 1024])('titanic preprocessing (blocksize %s)', (blocksize) => {
  let env: ReturnType<typeof inProcessClient>;
  beforeAll(() => {
    env = inProcessClient();
  });
  afterAll(() => env.close());

  it('matches pandas: values, dtypes, info before and after', async () => {
    const { client } = env;
    const r = await preprocess(client, blocksize);
    if (blocksize) expect(r.rawTrain.npartitions).toBeGreaterThan(10);
    const ft = fixture('preprocessed-train');
    const fs = fixture('preprocessed-test');
    expect(r.mostFrequentPort).toBe(ft.mostFrequentPort);
    expect(r.averageFare).toBe(ft.averageFare);
    const age = await r.ageImputation.compute({ client });
    expect(age.index()).toEqual(ft.ageImputation!.map((a) => [a.Pclass, a.Sex]));
    expect(age.values()).toEqual(ft.ageImputation!.map((a) => a.Age));

    expect(await r.rawTrain.info({ client, print: false })).toBe(infoText('train.info-before'));
    expect(await r.rawTest.info({ client, print: false })).toBe(infoText('test.info-before'));
    expect(await r.train.info({ client, print: false })).toBe(infoText('train.info-after'));
    expect(await r.test.info({ client, print: false })).toBe(infoText('test.info-after'));

    const train = await r.train.compute({ client });
    const test = await r.test.compute({ client });
    expectLike(train, ft);
    expectLike(test, fs);
    expect(train.info()).toBe(infoText('train.info-after'));
  });

  it('raw read matches pandas', async () => {
    const { client } = env;
    const r = await preprocess(client, blocksize);
    expectLike(await r.rawTrain.compute({ client }), fixture('raw-train'));
    expectLike(await r.rawTest.compute({ client }), fixture('raw-test'));
  });
});

describe('titanic on real worker threads', () => {
  it('same result with nWorkers: 2', async () => {
    await using cluster = new LocalCluster({ nWorkers: 2 });
    await using client = new Client(cluster);
    await client.ready;
    const r = await preprocess(client, 8192);
    expectLike(await r.train.compute({ client }), fixture('preprocessed-train'));
    expectLike(await r.test.compute({ client }), fixture('preprocessed-test'));
  });
});
