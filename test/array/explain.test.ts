/** Golden text of optimized graphs: catches accidental changes to fusion and tree shape. */
import { describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';

describe('explain', () => {
  it('the issue example: one fused task per chunk, then a splitEvery tree', () => {
    const x = ta.random.normal([2_000_000_000], { chunks: 10_000_000, seed: 1 });
    const y = ta.add(ta.sin(x), ta.square(x));
    expect(y.explain()).toBe(
      [
        'ChunkedArray<float64>(shape=[2000000000], chunks=[10000000×200])',
        'optimized graph: 1 layer, 200 tasks, output add',
        '  add: 200 tasks, fused program per block',
        '      r0 = randomNormal(seed=1) float64',
        '      r1 = sin(r0) float64',
        '      r0 = square(r0) float64',
        '      r0 = add(r1, r0) float64  → out',
      ].join('\n'),
    );
    expect(y.sum().explain()).toBe(
      [
        'ChunkedArray<float64>(shape=[], chunks=[])',
        'optimized graph: 4 layers, 230 tasks, output sum',
        '  sum-partial: 200 tasks, sum over block axes [0] of a fused program',
        '      r0 = randomNormal(seed=1) float64',
        '      r1 = sin(r0) float64',
        '      r0 = square(r0) float64',
        '      r0 = add(r1, r0) float64  → out',
        '  sum-combine1: 25 tasks, combine sum of ≤ 8 partials  ← sum-partial',
        '  sum-combine2: 4 tasks, combine sum of ≤ 8 partials  ← sum-combine1',
        '  sum: 1 task, combine + finalize sum of ≤ 4 partials  ← sum-combine2',
      ].join('\n'),
    );
  });

  it('stored inputs, broadcasting and rechunking show as separate layers', () => {
    const a = ta.fromTypedArray(new Float64Array(12), { shape: [3, 4], chunks: [2, 4] });
    const row = ta.fromTypedArray(new Float64Array(4), { chunks: 3 });
    const y = a.multiply(row).add(1).mean({ axis: 0 });
    expect(y.explain()).toBe(
      [
        'ChunkedArray<float64>(shape=[4], chunks=[(3, 1)])',
        'optimized graph: 5 layers, 10 tasks, output mean',
        '  array: 2 stored chunks',
        '  rechunk: 4 tasks, rechunkBlock  ← array',
        '  array#2: 2 stored chunks',
        '  mean-partial: 4 tasks, mean over block axes [0] of fused program  ← rechunk, array#2',
        '      r0 = input 0 (rechunk) float64',
        '      r1 = input 1 (array#2) float64',
        '      r1 = multiply(r0, r1) float64',
        '      r0 = const 1 float64',
        '      r0 = add(r1, r0) float64  → out',
        '  mean: 2 tasks, combine + finalize mean of ≤ 2 partials  ← mean-partial',
      ].join('\n'),
    );
  });
});
