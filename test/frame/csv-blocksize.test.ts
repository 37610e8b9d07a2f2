/** readCsv's default blocksize: two partitions per core for small inputs, and small enough for the memory limit. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Client, LocalCluster } from '../../src/index.js';
import { readCsv } from '../../src/frame/index.js';

it('keeps a block to a sixteenth of the memory limit per thread (never under 4 MiB)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-blocksize-'));
  const file = path.join(dir, 'x.csv');
  const line = 'a,b,c\n' + '123456,654321,0.5\n'.repeat(2_000_000); // ~36 MB
  fs.writeFileSync(file, line);
  const size = fs.statSync(file).size;
  const cores = Math.max(1, os.availableParallelism());
  try {
    // A roomy default: two partitions per core (or 64 MiB blocks), as before.
    const roomy = new LocalCluster({ inProcess: true, nWorkers: 1, memoryLimit: '8GiB' });
    const c1 = new Client(roomy);
    const perCore = Math.max(4 * 2 ** 20, Math.ceil(size / (2 * cores)));
    const want = Math.ceil(size / Math.min(64 * 2 ** 20, perCore));
    expect(readCsv(file).npartitions).toBeGreaterThanOrEqual(want - 1);
    expect(readCsv(file).npartitions).toBeLessThanOrEqual(want);
    await c1.close();
    await roomy.close();
    // A 64 MiB limit on one thread: 4 MiB blocks.
    const tight = new LocalCluster({ inProcess: true, nWorkers: 1, memoryLimit: '64MiB' });
    const c2 = new Client(tight);
    const n = readCsv(file).npartitions;
    expect(n).toBeGreaterThanOrEqual(Math.floor(size / (4 * 2 ** 20)));
    expect(n).toBeLessThanOrEqual(Math.ceil(size / (4 * 2 ** 20)) + 1);
    await c2.close();
    await tight.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
