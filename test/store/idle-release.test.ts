/** An idle worker thread lets its scratch caches go (store/gc.ts releaseIdleCaches). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readRangeScratch } from '../../src/frame/csv/source.js';
import { scratchF64 } from '../../src/frame/ops/scratch.js';
import { releaseIdleCaches } from '../../src/store/gc.js';

it('releases the group-by scratch and the CSV read buffer, and they come back on demand', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-idle-')), 'x.csv');
  fs.writeFileSync(file, 'a,b\n'.repeat(100_000));
  try {
    const a = scratchF64('test.slot', 100_000);
    expect(scratchF64('test.slot', 100_000).buffer).toBe(a.buffer); // kept while busy
    const r = readRangeScratch(file, 0, 400_000);
    expect(r.length).toBe(400_000);
    const freed = releaseIdleCaches();
    expect(freed).toBeGreaterThanOrEqual(800_000 + 400_000);
    expect(scratchF64('test.slot', 100_000).buffer).not.toBe(a.buffer); // a fresh one after release
    expect(readRangeScratch(file, 0, 4)).toEqual(new Uint8Array([97, 44, 98, 10]));
    expect(releaseIdleCaches()).toBeGreaterThan(0);
    expect(releaseIdleCaches()).toBe(0); // nothing left to drop
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

it('lets go only of the caches not used lately', async () => {
  const { releaseStaleCaches } = await import('../../src/store/gc.js');
  releaseIdleCaches();
  scratchF64('test.slot', 100_000); // used now
  const t = performance.now();
  expect(releaseStaleCaches(1000, t)).toBe(0); // fresh: kept
  expect(releaseStaleCaches(1000, t + 5000)).toBeGreaterThanOrEqual(800_000); // five seconds on: stale
});
