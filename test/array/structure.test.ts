/** Structural ops (slice, take, reshape, transpose, concatenate, stack, cumsum, matmul, mapBlocks) against references. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { type Ref, chunksFor, expectClose, inProcessClient, shapeArb, sizeOf, stridesOf } from './helpers.js';

const { client, close } = inProcessClient();
afterAll(close);

const arrayArb = (maxNd = 3, maxDim = 6) =>
  shapeArb(maxNd, maxDim).chain((shape) => fc.record({ shape: fc.constant(shape), chunks: chunksFor(shape) }));

const iota = (shape: number[]) => Float64Array.from({ length: sizeOf(shape) }, (_, i) => i * 0.5 - 3);
const make = (a: { shape: number[]; chunks: number[][] }) => ta.fromTypedArray(iota(a.shape), { shape: a.shape, chunks: a.chunks });

/** Element at a multi-index of a C-order reference. */
const get = (r: Ref, idx: number[]) => r.data[idx.reduce((o, i, k) => o + i * stridesOf(r.shape)[k]!, 0)]!;

/** Builds a reference of `shape` from a function of the multi-index. */
function build(shape: number[], f: (idx: number[]) => number): Ref {
  const data: number[] = [];
  const st = stridesOf(shape);
  for (let flat = 0; flat < sizeOf(shape); flat++) data.push(f(shape.map((d, k) => Math.floor(flat / st[k]!) % d)));
  return { data, shape };
}

/** Python's list(range(dim))[start:stop:step], written independently of slicing.ts. */
function pySlice(dim: number, start: number | null, stop: number | null, step: number): number[] {
  const all = Array.from({ length: dim }, (_, i) => i);
  const out: number[] = [];
  if (step > 0) {
    let s = start ?? 0, e = stop ?? dim;
    if (s < 0) s = Math.max(0, s + dim);
    if (e < 0) e = Math.max(0, e + dim);
    for (let i = Math.min(s, dim); i < Math.min(e, dim); i += step) out.push(all[i]!);
  } else {
    let s = start ?? dim - 1, e = stop ?? -dim - 1;
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    s = Math.min(s, dim - 1);
    for (let i = s; i > e && i >= 0; i += step) out.push(all[i]!);
  }
  return out;
}

describe('structure', () => {
  it('slice with steps, negatives and integer indices', async () => {
    const specArb = (dim: number) =>
      fc.oneof(
        fc.integer({ min: -dim, max: dim - 1 }),
        fc.constant(null),
        fc.tuple(fc.option(fc.integer({ min: -dim - 2, max: dim + 2 })), fc.option(fc.integer({ min: -dim - 2, max: dim + 2 })), fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0)),
      );
    await fc.assert(
      fc.asyncProperty(arrayArb().chain((a) => fc.tuple(fc.constant(a), fc.tuple(...a.shape.map(specArb)), fc.boolean(), fc.boolean())), async ([a, specs, generated, twice]) => {
        // Stored data, or a generated chain (sliced through a view, without computing whole blocks).
        let x = generated ? ta.random.normal(a.shape, { chunks: a.chunks, seed: 5 }).sin().add(ta.arange(a.shape[a.shape.length - 1]!, { dtype: 'float64' })) : make(a);
        const ref: Ref = { data: Array.from(await x.toTypedArray({ client })), shape: a.shape };
        if (twice) {
          // Slice a slice: views compose.
          x = x.slice(...a.shape.map(() => null));
        }
        const y = x.slice(...(specs as ta.SliceSpec[]));
        const sel = specs.map((s, k) => (typeof s === 'number' ? [s < 0 ? s + a.shape[k]! : s] : s === null ? pySlice(a.shape[k]!, null, null, 1) : pySlice(a.shape[k]!, s[0], s[1], s[2])));
        const keep = specs.map((s) => typeof s !== 'number');
        const outShape = sel.filter((_, k) => keep[k]).map((l) => l.length);
        expect(y.shape).toEqual(outShape);
        let data: number[] = [];
        if (sizeOf(outShape) > 0) {
          const full = build(sel.map((l) => l.length), (idx) => get(ref, idx.map((i, k) => sel[k]![i]!)));
          data = full.data;
        }
        expect(Array.from(await y.toTypedArray({ client }))).toEqual(data);
      }),
      { numRuns: 80 },
    );
  });

  it('slices of generated chains are views: no whole block is computed, views compose', async () => {
    const x = ta.random.normal([4000, 3000], { chunks: [1000, 1000], seed: 2 });
    const y = x.sin().slice([10, 13], [5, 9]);
    const { graph } = y.toGraph();
    expect(Object.keys(graph)).toHaveLength(1); // one fused task making 12 elements
    const full = (await x.slice([0, 20], [0, 20]).sin().compute({ client })) as ta.NdResult;
    const got = (await y.compute({ client })) as ta.NdResult;
    const want = [10, 11, 12].flatMap((i) => [5, 6, 7, 8].map((j) => full.data[i * 20 + j]!));
    expect(Array.from(got.data)).toEqual(want);
    const z = x.slice([10, 20], [5, 9]).sin().slice([-3, null], 2);
    expect(Array.from(await z.toTypedArray({ client }))).toEqual([17, 18, 19].map((i) => full.data[i * 20 + 7]!));
    // argmin/argmax of a view report the view's own flat indices
    const v = x.slice([10, 20], [5, 9]);
    const vv = Array.from(await v.toTypedArray({ client }));
    expect(await v.argmax().compute({ client })).toBe(vv.indexOf(Math.max(...vv)));
    expect(await v.argmin({ axis: 1 }).compute({ client })).toEqual(
      Int32Array.from({ length: 10 }, (_, i) => { const row = vv.slice(i * 4, i * 4 + 4); return row.indexOf(Math.min(...row)); }),
    );
    // x[1:] − x[:-1]: two views of one generator cannot share a program; both still fuse per block.
    const r = ta.random.uniform([100], { chunks: 30, seed: 1 });
    const d = r.slice([1, null]).subtract(r.slice([null, -1]));
    const rv = await r.toTypedArray({ client });
    expectClose(await d.toTypedArray({ client }), Array.from({ length: 99 }, (_, i) => rv[i + 1]! - rv[i]!), 0);
  });

  it('take and compress along an axis', async () => {
    await fc.assert(
      fc.asyncProperty(
        arrayArb().chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: a.shape.length - 1 }))).chain(([a, axis]) =>
          fc.tuple(fc.constant(a), fc.constant(axis), fc.array(fc.integer({ min: -a.shape[axis]!, max: a.shape[axis]! - 1 }), { maxLength: 9 }), fc.array(fc.boolean(), { minLength: a.shape[axis]!, maxLength: a.shape[axis]! })),
        ),
        async ([a, axis, idxs, mask]) => {
          const x = make(a);
          const ref: Ref = { data: Array.from(iota(a.shape)), shape: a.shape };
          const norm = idxs.map((i) => (i < 0 ? i + a.shape[axis]! : i));
          const want = build(a.shape.map((d, k) => (k === axis ? norm.length : d)), (idx) => get(ref, idx.map((v, k) => (k === axis ? norm[v]! : v))));
          expect(Array.from(await x.take(idxs, axis).toTypedArray({ client }))).toEqual(want.data);
          const where = mask.flatMap((m, i) => (m ? [i] : []));
          const want2 = build(a.shape.map((d, k) => (k === axis ? where.length : d)), (idx) => get(ref, idx.map((v, k) => (k === axis ? where[v]! : v))));
          expect(Array.from(await x.compress(mask, axis).toTypedArray({ client }))).toEqual(want2.data);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reshape keeps C order; transpose permutes axes', async () => {
    await fc.assert(
      fc.asyncProperty(arrayArb(), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), fc.boolean(), async (a, cuts, fused) => {
        const n = sizeOf(a.shape);
        // A new shape from a random factorisation of n, with one −1.
        const dims: number[] = [];
        let rest = n;
        for (const c of cuts) {
          const f = [1, 2, 3, 5][c % 4]!;
          if (rest % f === 0) {
            dims.push(f);
            rest /= f;
          }
        }
        dims.push(-1);
        const x = fused ? ta.random.uniform(a.shape, { chunks: a.chunks, seed: 3 }) : make(a);
        const flat = Array.from(await x.toTypedArray({ client }));
        const y = x.reshape(dims);
        expect(y.size).toBe(n);
        expect(Array.from(await y.toTypedArray({ client }))).toEqual(flat);
        const perm = a.shape.map((_, k) => k).reverse();
        const t = x.transpose(perm);
        const ref: Ref = { data: flat, shape: a.shape };
        const want = build(perm.map((p) => a.shape[p]!), (idx) => get(ref, perm.map((_, k) => idx[perm.indexOf(k)]!)));
        expect(t.shape).toEqual(want.shape);
        expect(Array.from(await t.toTypedArray({ client }))).toEqual(want.data);
      }),
      { numRuns: 50 },
    );
    const m = ta.arange(6, { chunks: 4 }).reshape([2, 3]);
    expect(Array.from(await m.T.toTypedArray({ client }))).toEqual([0, 3, 1, 4, 2, 5]);
    expect(() => m.reshape([4, 2])).toThrow(/cannot reshape an array of shape \[2,3\] \(size 6\) into shape \[4,2\]/);
  });

  it('concatenate and stack with different chunkings and dtypes', async () => {
    const a = ta.fromTypedArray(Float64Array.of(1, 2, 3, 4, 5, 6), { shape: [2, 3], chunks: [1, 2] });
    const b = ta.fromTypedArray(Int32Array.of(7, 8, 9), { shape: [1, 3], chunks: [1, 1] });
    const c = ta.concatenate([a, b], 0);
    expect([c.shape, c.dtype]).toEqual([[3, 3], 'float64']);
    expect(Array.from(await c.toTypedArray({ client }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const d = ta.concatenate([a, a.multiply(10)], -1);
    expect(Array.from(await d.toTypedArray({ client }))).toEqual([1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]);
    const s = ta.stack([ta.arange(3, { chunks: 2 }), ta.arange(3, { chunks: 1 }).multiply(2)], 1);
    expect(s.shape).toEqual([3, 2]);
    expect(Array.from(await s.toTypedArray({ client }))).toEqual([0, 0, 1, 2, 2, 4]);
    expect(() => ta.concatenate([a, ta.zeros([2, 2])], 0)).toThrow(/differ off axis 0/);
  });

  it('cumsum / cumprod across chunks', async () => {
    await fc.assert(
      fc.asyncProperty(arrayArb(3, 5).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: a.shape.length - 1 }))), async ([a, axis]) => {
        const x = ta.fromTypedArray(Float64Array.from({ length: sizeOf(a.shape) }, (_, i) => (i % 5) - 1.5), { shape: a.shape, chunks: a.chunks });
        const ref: Ref = { data: Array.from(await x.toTypedArray({ client })), shape: a.shape };
        for (const kind of ['sum', 'prod'] as const) {
          const want = build(a.shape, (idx) => {
            let acc = kind === 'sum' ? 0 : 1;
            for (let i = 0; i <= idx[axis]!; i++) {
              const v = get(ref, idx.map((w, k) => (k === axis ? i : w)));
              acc = kind === 'sum' ? acc + v : acc * v;
            }
            return acc;
          });
          const y = kind === 'sum' ? x.cumsum(axis) : x.cumprod(axis);
          expectClose(await y.toTypedArray({ client }), want.data, 1e-12);
        }
      }),
      { numRuns: 40 },
    );
    expect(Array.from(await ta.arange(5, { chunks: 2 }).cumsum().toTypedArray({ client }))).toEqual([0, 1, 3, 6, 10]);
  });

  it('blocked matmul', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([m, k, n]) =>
          fc.tuple(fc.constant([m, k, n]), chunksFor([m, k]), chunksFor([k, n])),
        ),
        async ([[m, k, n], ca, cb]) => {
          const av = Float64Array.from({ length: m! * k! }, (_, i) => (i % 7) - 3);
          const bv = Float64Array.from({ length: k! * n! }, (_, i) => (i % 5) - 2);
          const y = ta.fromTypedArray(av, { shape: [m!, k!], chunks: ca }).matmul(ta.fromTypedArray(bv, { shape: [k!, n!], chunks: cb }));
          const want: number[] = [];
          for (let i = 0; i < m!; i++) for (let j = 0; j < n!; j++) {
            let s = 0;
            for (let l = 0; l < k!; l++) s += av[i * k! + l]! * bv[l * n! + j]!;
            want.push(s);
          }
          expect(Array.from(await y.toTypedArray({ client }))).toEqual(want);
        },
      ),
      { numRuns: 40 },
    );
    expect(() => ta.zeros([2, 3]).matmul(ta.zeros([2, 3]))).toThrow(/\[2,3\] and \[2,3\] do not line up/);
  });

  it('mapBlocks ships a function to every block', async () => {
    const x = ta.arange(10, { chunks: 4, dtype: 'float64' });
    const y = x.mapBlocks((b, info) => b.map((v) => v * 2 + info.index[0]!));
    expect(Array.from(await y.toTypedArray({ client }))).toEqual([0, 2, 4, 6, 9, 11, 13, 15, 18, 20]);
  });
});
