/** sortValues out of core: under a tiny memory budget (everything spills) the answer equals the in-memory one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import { fromColumns } from '../../src/frame/index.js';

describe('sortValues under a tiny memory budget', () => {
  const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-ooc-sort-'));
  afterAll(() => fs.rmSync(spillDir, { recursive: true, force: true }));

  it('spills, gives the in-memory answer, leaves no file', async () => {
    const n = 20_000;
    const k = Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const s = Array.from({ length: n }, (_, i) => `s${(i * 31) % 577}`);
    const v = Array.from({ length: n }, (_, i) => i);
    const df = fromColumns({ k, s, v }, { npartitions: 8, dtype: { k: 'int64', s: 'string', v: 'int64' } });
    const mem = new LocalCluster({ inProcess: true, nWorkers: 1 });
    const memClient = new Client(mem);
    const want = (await df.sortValues(['k', 's']).compute({ client: memClient })).toRecords();
    await memClient.close();
    await mem.close();
    const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: 64 * 1024, spillDir });
    const client = new Client(cluster);
    const spilledKeys: string[] = [];
    cluster.scheduler.on((e) => {
      if (e.type === 'spilled') spilledKeys.push(e.key);
    });
    const got = (await df.sortValues(['k', 's']).compute({ client })).toRecords();
    await client.close();
    await cluster.close();
    expect(got).toEqual(want);
    expect(fs.readdirSync(spillDir)).toEqual([]);
    expect(spilledKeys.length).toBeGreaterThan(0);
    console.log('spilled', spilledKeys.length, spilledKeys.filter((k) => k.includes('split')).length);
  });
});
