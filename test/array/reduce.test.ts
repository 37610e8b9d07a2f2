/** Reductions over any axes, chunkings and tree shapes against a naive reference. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { keyName } from '../../src/graph/tokenize.js';
import { chunksFor, expectClose, inProcessClient, refReduce, shapeArb } from './helpers.js';

const { client, close } = inProcessClient();
afterAll(close);

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[], ddof: number) => {
  const m = mean(v);
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(v.length - ddof, 0);
};
const argBest = (v: number[], better: (a: number, b: number) => boolean) => v.reduce((bi, x, i) => (better(x, v[bi]!) ? i : bi), 0);

const REF: Record<string, (v: number[], ddof: number) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  prod: (v) => v.reduce((a, b) => a * b, 1),
  mean,
  min: (v) => Math.min(...v),
  max: (v) => Math.max(...v),
  var: variance,
  std: (v, d) => Math.sqrt(variance(v, d)),
  argmin: (v) => argBest(v, (a, b) => a < b),
  argmax: (v) => argBest(v, (a, b) => a > b),
  any: (v) => (v.some((x) => x !== 0) ? 1 : 0),
  all: (v) => (v.every((x) => x !== 0) ? 1 : 0),
  countNonzero: (v) => v.filter((x) => x !== 0).length,
};

const caseArb = shapeArb(3, 6).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    chunks: chunksFor(shape),
    data: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }),
    kind: fc.constantFrom(...Object.keys(REF)),
    axis: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: -shape.length, max: shape.length - 1 }),
      fc.subarray(shape.map((_, k) => k), { minLength: 1 }),
    ),
    keepdims: fc.boolean(),
    splitEvery: fc.integer({ min: 2, max: 4 }),
    ddof: fc.constantFrom(0, 1),
    dtype: fc.constantFrom('float64', 'int32'),
    fused: fc.boolean(),
  }),
);

describe('reductions match the reference', () => {
  it('every kind, axis none / number / list, keepdims, splitEvery, stored or fused input', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const isArg = c.kind === 'argmin' || c.kind === 'argmax';
        const axis = isArg && Array.isArray(c.axis) ? c.axis[0] : c.axis;
        const data = c.dtype === 'float64' ? Float64Array.from(c.data, (v) => v / 2) : Int32Array.from(c.data);
        let x = ta.fromTypedArray(data, { shape: c.shape, chunks: c.chunks });
        let vals = Array.from(data);
        if (c.fused) {
          x = x.multiply(3).add(1);
          vals = vals.map((v) => v * 3 + 1);
        }
        const r = (ta as unknown as Record<string, (x: ta.ChunkedArray, o: object) => ta.ChunkedArray>)[c.kind === 'var' ? 'variance' : c.kind]!(x, {
          axis, keepdims: c.keepdims, splitEvery: c.splitEvery, ddof: c.ddof,
        });
        const nd = c.shape.length;
        const axes = axis === undefined ? c.shape.map((_, k) => k) : (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + nd : a));
        const want = refReduce({ data: vals, shape: c.shape }, axes, c.keepdims, (v) => REF[c.kind]!(v, c.ddof));
        expect(r.shape).toEqual(want.shape);
        const got = await r.toTypedArray({ client });
        expectClose(got, want.data, 1e-12);
      }),
      { numRuns: 120 },
    );
  });

  it('full reductions compute to numbers (booleans for any/all)', async () => {
    const x = ta.arange(10, { chunks: 3 });
    expect(await x.sum().compute({ client })).toBe(45);
    expect(await x.mean().compute({ client })).toBe(4.5);
    expect(await x.var({ ddof: 1 }).compute({ client })).toBeCloseTo(9.166666666666666, 12);
    expect(await x.argmax().compute({ client })).toBe(9);
    expect(await x.greater(8).any().compute({ client })).toBe(true);
    expect(await x.greater(8).all().compute({ client })).toBe(false);
    expect(x.sum().dtype).toBe('float64'); // integer sums are exact, reported as float64
    expect(x.argmax().dtype).toBe('int32');
  });

  it('the reduction tree has splitEvery fan-in', () => {
    const x = ta.random.normal([1000], { chunks: 10, seed: 3 });
    const { graph } = x.sum({ splitEvery: 4 }).toGraph();
    const names = Object.keys(graph).map((k) => keyName(k.split('.')[0]!));
    const count = (p: string) => names.filter((n) => n === p).length;
    expect([count('sum-partial'), count('sum-combine1'), count('sum-combine2'), count('sum-combine3'), count('sum')]).toEqual([100, 25, 7, 2, 1]);
  });

  it('reduction results broadcast back into expressions (x - x.mean())', async () => {
    const x = ta.fromTypedArray(Float64Array.of(1, 2, 3, 4, 5, 6), { shape: [2, 3], chunks: [1, 2] });
    const centred = x.subtract(x.mean({ axis: 0 }));
    expect(Array.from(await centred.toTypedArray({ client }))).toEqual([-1.5, -1.5, -1.5, 1.5, 1.5, 1.5]);
    expect(await x.subtract(x.mean()).sum().compute({ client })).toBe(0);
  });

  it('rejects bad axes with a clear error', () => {
    const x = ta.zeros([2, 3], { chunks: 1 });
    expect(() => x.sum({ axis: 2 })).toThrow(/axis 2 is out of bounds for an array of dimension 2/);
    expect(() => x.sum({ axis: [0, -2] })).toThrow(/repeated axis/);
    expect(() => x.argmin({ axis: [0, 1] })).toThrow(/single axis/);
  });
});
