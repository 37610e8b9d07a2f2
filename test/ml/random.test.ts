import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/ml/random/mt19937.js';

// Expected values printed by numpy 1.24 (`np.random.RandomState(seed)`).
describe('RandomState (numpy legacy MT19937)', () => {
  it('matches the raw stream and random_sample', () => {
    const r = new RandomState(42);
    expect([r.nextUint32(), r.nextUint32()]).toEqual([1608637542, 3421126067]);
    expect(r.randomSample()).toBe(0.9507143064099162);
  });

  it('matches permutation and randint', () => {
    expect(Array.from(new RandomState(0).permutation(10))).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    const r = new RandomState(7);
    expect(Array.from(r.randintArray(0, 668, 8))).toEqual([175, 196, 537, 502, 579, 211, 615, 348]);
    expect(r.randint(0, 2147483647)).toBe(1322904761);
  });

  it('reseeding restarts the stream', () => {
    const r = new RandomState(3);
    const a = Array.from(r.randintArray(0, 100, 700));
    expect(Array.from(r.seed(3).randintArray(0, 100, 700))).toEqual(a);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new RandomState(-1)).toThrow(/randomState must be an integer/);
    expect(() => new RandomState(2 ** 32)).toThrow(/randomState must be an integer/);
    expect(() => new RandomState(1.5)).toThrow(/randomState must be an integer/);
  });
});
