/** Creation, chunk specs and the array's metadata. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { isTuskError } from '../../src/errors.js';
import { chunksFor, expectClose, inProcessClient, shapeArb } from './helpers.js';

const { client, close } = inProcessClient();
afterAll(close);

describe('chunk specs', () => {
  it('accepts a size, a size per axis, explicit lists and auto', () => {
    expect(ta.zeros([10], { chunks: 4 }).chunks).toEqual([[4, 4, 2]]);
    expect(ta.zeros([10, 5], { chunks: [3, -1] }).chunks).toEqual([[3, 3, 3, 1], [5]]);
    expect(ta.zeros([10, 5], { chunks: [[5, 5], [2, 3]] }).chunks).toEqual([[5, 5], [2, 3]]);
    expect(ta.zeros([10, 5], { chunks: [[1, 9], 'auto'] }).chunks).toEqual([[1, 9], [5]]);
    const big = ta.zeros([2_000_000_000], { chunks: 'auto' });
    expect(big.chunks[0]![0]! * 8).toBe(128 * 2 ** 20);
    const wide = ta.zeros([100_000, 100_000]);
    const bytes = wide.chunks[0]![0]! * wide.chunks[1]![0]! * 8;
    expect(bytes).toBeGreaterThanOrEqual(64 * 2 ** 20);
    expect(bytes).toBeLessThanOrEqual(128 * 2 ** 20);
    expect(ta.zeros([0, 3], { chunks: 2 }).chunks).toEqual([[0], [2, 1]]);
  });

  it('explains chunks that do not fit the shape', () => {
    const fails = (f: () => unknown, re: RegExp) => {
      let err: unknown;
      try { f(); } catch (e) { err = e; }
      expect(isTuskError(err, 'InvalidChunks')).toBe(true);
      expect((err as Error).message).toMatch(re);
    };
    fails(() => ta.zeros([10], { chunks: [[4, 4]] }), /add up to 8, not 10/);
    fails(() => ta.zeros([10, 2], { chunks: [3] }), /1 axes given for 2/);
    fails(() => ta.zeros([10], { chunks: 0 }), /not a positive integer/);
    fails(() => ta.zeros([10], { chunks: 2.5 }), /shape \[10\]/);
    expect(() => ta.zeros([-1])).toThrow(/non-negative integer/);
  });

  it('reports shape, dtype, ndim, size, nbytes, numblocks', () => {
    const x = ta.ones([7, 4], { chunks: [3, 2], dtype: 'float32' });
    expect([x.shape, x.dtype, x.ndim, x.size, x.nbytes, x.numblocks]).toEqual([[7, 4], 'float32', 2, 28, 112, [3, 2]]);
  });
});

describe('creation', () => {
  it('zeros, ones, full with numpy default dtypes', async () => {
    expect(Array.from(await ta.zeros(5, { chunks: 2 }).toTypedArray({ client }))).toEqual([0, 0, 0, 0, 0]);
    expect(ta.zeros(3).dtype).toBe('float64');
    expect(ta.full([2], 3).dtype).toBe('int32');
    expect(ta.full([2], 2.5).dtype).toBe('float64');
    expect(ta.full([2], true).dtype).toBe('bool');
    const r = (await ta.full([2, 3], 7, { chunks: [1, 2], dtype: 'uint8' }).compute({ client })) as ta.NdResult;
    expect([Array.from(r.data), r.shape, r.dtype]).toEqual([[7, 7, 7, 7, 7, 7], [2, 3], 'uint8']);
  });

  it('arange and linspace follow numpy', async () => {
    expect(Array.from(await ta.arange(5, { chunks: 2 }).toTypedArray({ client }))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(await ta.arange(2, 11, 3, { chunks: 2 }).toTypedArray({ client }))).toEqual([2, 5, 8]);
    expect(Array.from(await ta.arange(1, 0, -0.25, { chunks: 3 }).toTypedArray({ client }))).toEqual([1, 0.75, 0.5, 0.25]);
    expect(ta.arange(3).dtype).toBe('int32');
    expect(ta.arange(0, 1, 0.5).dtype).toBe('float64');
    expect(ta.arange(0, 3e9).dtype).toBe('float64');
    expectClose(await ta.linspace(0, 1, 5, { chunks: 2 }).toTypedArray({ client }), [0, 0.25, 0.5, 0.75, 1]);
    expectClose(await ta.linspace(0, 1, 4, { chunks: 3, endpoint: false }).toTypedArray({ client }), [0, 0.25, 0.5, 0.75]);
  });

  it('random arrays give the same values whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb(2, 12).chain((s) => fc.tuple(fc.constant(s), chunksFor(s), chunksFor(s))),
        fc.constantFrom('normal', 'uniform', 'integers'),
        async ([shape, c1, c2], kind) => {
          const make = (chunks: number[][]) =>
            kind === 'integers' ? ta.random.integers(shape, { low: -5, high: 5, chunks, seed: 9 }) : ta.random[kind as 'normal'](shape, { chunks, seed: 9 });
          const a = await make(c1).toTypedArray({ client });
          const b = await make(c2).toTypedArray({ client });
          expect(Array.from(a)).toEqual(Array.from(b));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('random draws have the right distribution and range', async () => {
    const n = 200_000;
    const x = ta.random.normal([n], { chunks: 30_000, seed: 1 });
    expect(Math.abs((await x.mean().compute({ client })) as number)).toBeLessThan(0.01);
    expect(Math.abs(((await x.std().compute({ client })) as number) - 1)).toBeLessThan(0.01);
    const y = ta.random.normal([n], { chunks: 50_000, seed: 1, loc: 5, scale: 2 });
    expect(Math.abs(((await y.mean().compute({ client })) as number) - 5)).toBeLessThan(0.02);
    const u = ta.random.uniform([n], { chunks: 70_000, seed: 2, low: -1, high: 3 });
    expect(await u.min().compute({ client })).toBeGreaterThanOrEqual(-1);
    expect(await u.max().compute({ client })).toBeLessThan(3);
    const k = ta.random.integers([n], { chunks: 70_000, seed: 2, low: 3, high: 7 });
    expect(k.dtype).toBe('int32');
    expect([await k.min().compute({ client }), await k.max().compute({ client })]).toEqual([3, 6]);
    expect(ta.random.normal([5], { seed: 1 }).token).toBe(ta.random.normal([5], { seed: 1 }).token);
    expect(ta.random.normal([5], { seed: 1 }).token).not.toBe(ta.random.normal([5], { seed: 2 }).token);
  });

  it('fromTypedArray round-trips any shape and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb(3, 6).chain((s) => fc.tuple(fc.constant(s), chunksFor(s))), async ([shape, chunks]) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Float64Array.from({ length: n }, (_, i) => i * 1.5 - 3);
        const x = ta.fromTypedArray(data, { shape, chunks });
        expect(x.numblocks).toEqual(chunks.map((c) => c.length));
        expect(Array.from(await x.toTypedArray({ client }))).toEqual(Array.from(data));
        // rechunk of stored blocks moves values, never changes them
        expect(Array.from(await x.rechunk(shape.map(() => 2)).toTypedArray({ client }))).toEqual(Array.from(data));
      }),
      { numRuns: 40 },
    );
    expect(() => ta.fromTypedArray(new Float64Array(6), { shape: [4, 2] })).toThrow(/shape \[4,2\] holds 8 elements but the data has 6/);
  });

  it('builds huge arrays lazily', () => {
    const rss0 = process.memoryUsage().rss;
    const x = ta.random.normal([2_000_000_000], { chunks: 10_000_000, seed: 1 });
    const y = ta.add(ta.sin(x), ta.square(x));
    expect(y.numblocks).toEqual([200]);
    expect(y.nbytes).toBe(16e9);
    expect(y.sum().toGraph().keys).toHaveLength(1);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 2 ** 20); // 16 GB described, nothing allocated
  });
});
