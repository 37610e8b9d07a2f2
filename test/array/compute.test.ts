/** Results, persist, deterministic keys, the default cluster, and real worker threads. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as ta from 'tusk/array';
import { Client, LocalCluster } from 'tusk';
import { expectClose, inProcessClient } from './helpers.js';

const { client, close } = inProcessClient();
afterAll(close);

describe('results', () => {
  it('compute gives a number for 0-d, a typed array for 1-d, { data, shape, dtype } for n-d', async () => {
    const x = ta.arange(6, { chunks: 4 });
    expect(await x.sum().compute({ client })).toBe(15);
    const v = await x.compute({ client });
    expect(v).toBeInstanceOf(Int32Array);
    expect(Array.from(v as Int32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    const m = ta.fromTypedArray(Float64Array.of(1, 2, 3, 4, 5, 6), { shape: [2, 3], chunks: [1, 2] });
    expect(await m.compute({ client })).toEqual({ data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], dtype: 'float64' });
    expect(await m.sum({ axis: 1, keepdims: true }).compute({ client })).toEqual({ data: Float64Array.of(6, 15), shape: [2, 1], dtype: 'float64' });
  });

  it('the same expression built twice has the same keys', () => {
    const build = () => ta.random.normal([50, 40], { chunks: [20, 15], seed: 4 }).sin().add(ta.arange(40, { chunks: 7 })).std({ axis: 0, ddof: 1 });
    expect(build().toGraph()).toEqual(build().toGraph());
    const a = build().toGraph().keys;
    const b = ta.random.normal([50, 40], { chunks: [20, 15], seed: 4 }).cos().add(ta.arange(40, { chunks: 7 })).std({ axis: 0, ddof: 1 }).toGraph().keys;
    expect(a).not.toEqual(b);
  });

  it('persist holds blocks on the cluster and later expressions read them', async () => {
    const x = ta.random.uniform([1000], { chunks: 100, seed: 5 });
    const events: string[] = [];
    const off = client.on((e) => void (e.type === 'finished' && events.push(e.key)));
    const p = x.multiply(2).persist({ client });
    expect(p.numblocks).toEqual([10]);
    const s1 = (await p.sum().compute({ client })) as number;
    const before = events.filter((k) => k.startsWith('multiply')).length;
    const s2 = (await p.add(1).sum().compute({ client })) as number;
    off();
    expect(events.filter((k) => k.startsWith('multiply')).length).toBe(before); // not recomputed
    expect(before).toBe(10);
    expect(s2).toBeCloseTo(s1 + 1000, 9);
    expectClose([s1], [(await x.sum().compute({ client })) as number * 2], 1e-12);
  });

  it('runs on the default cluster when no client is given (config.set)', async () => {
    ta.config.set({ inProcess: true, nWorkers: 1, memoryLimit: '256MiB' });
    try {
      expect(await ta.arange(100, { chunks: 30 }).sum().compute()).toBe(4950);
    } finally {
      await ta.config.close();
      ta.config.set({ inProcess: undefined, nWorkers: undefined, memoryLimit: undefined });
    }
  });
});

describe('out of core', () => {
  it('a persisted array larger than the memory budget spills and still sums exactly', async () => {
    const cluster = new LocalCluster({ inProcess: true, memoryLimit: '1MiB' });
    const c = new Client(cluster);
    try {
      const x = ta.random.uniform([400_000], { chunks: 25_000, seed: 7 }).multiply(4).floor(); // 3.2 MB of float64
      const p = x.persist({ client: c });
      const small = (await p.sum().compute({ client: c })) as number;
      // Spilling runs in the background: wait for the store to settle under its target.
      await vi.waitFor(() => {
        expect(c.memory().spilled).toBeGreaterThan(0);
        expect(c.memory().managed).toBeLessThanOrEqual(0.6 * 2 ** 20);
      }, { timeout: 5000 });
      expect(small).toBe(await x.sum().compute({ client }));
      expect(Array.from(await p.slice([399_990]).toTypedArray({ client: c }))).toEqual(Array.from(await x.slice([399_990]).toTypedArray({ client })));
    } finally {
      await c.close();
      await cluster.close();
    }
  });
});

describe('end to end on worker threads', () => {
  it('fused chains and reductions on 2 worker threads', async () => {
    const cluster = new LocalCluster({ nWorkers: 2 });
    const c = new Client(cluster);
    try {
      const x = ta.random.normal([300_000], { chunks: 40_000, seed: 1 });
      const y = ta.add(ta.sin(x), ta.square(x));
      const [sum, mean] = [await y.sum().compute({ client: c }), await y.mean().compute({ client: c })];
      const ref = (await y.sum().compute({ client })) as number;
      expect(sum).toBe(ref); // same partials, same tree, bit-identical on threads
      expect(mean).toBeCloseTo(ref / 300_000, 12);
      const m = ta.fromTypedArray(Float64Array.from({ length: 60 }, (_, i) => i), { shape: [6, 10], chunks: [4, 3] });
      const r = (await m.subtract(m.mean({ axis: 0 })).compute({ client: c })) as ta.NdResult;
      expect(Array.from(r.data.slice(0, 3))).toEqual([-25, -25, -25]);
      // Structural ops load their own worker module.
      const s = m.T.slice([null, null, -1], [1, 3]).cumsum(0).reshape([-1]);
      expect(Array.from(await s.toTypedArray({ client: c }))).toEqual(Array.from(await s.toTypedArray({ client })));
    } finally {
      await c.close();
      await cluster.close();
    }
  });

  it('a script using the default cluster exits on its own', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const entry = pathToFileURL(path.join(root, 'dist/src/array/index.js')).href;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import * as ta from ${JSON.stringify(entry)};
      ta.config.set({ nWorkers: 2 });
      const x = ta.random.normal([100000], { chunks: 25000, seed: 1 });
      console.log(await ta.add(ta.sin(x), ta.square(x)).sum().compute() > 0);
    `], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true');
    expect(r.status).toBe(0);
  });
});
