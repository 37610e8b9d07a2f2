/**
 * Decoding Arrow vectors into verb columns: every dtype, whole and sliced (a sliced Data keeps an
 * offset while Arrow JS has already cut its offsets and value buffers, but not its bit buffers),
 * checked cell by cell against Arrow's own `get`.
 */
import { Bool, Float32, Float64, Int32, Int64, Uint8, Utf8, type DataType, type Vector, makeVector, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fromVector, getCell } from '../../src/frame/core/column.js';
import type { Dtype } from '../../src/frame/core/dtypes.js';

const cases: [Dtype, DataType, unknown[]][] = [
  ['string', new Utf8(), ['a', 'bb', null, 'ddd', 'e', '', 'ffff', null, 'g']],
  ['float64', new Float64(), [1.5, 2, null, 4, 5, -0, 7, null, 9]],
  ['float32', new Float32(), [1.5, 2, null, 4, 5, 6, 7, null, 9]],
  ['int32', new Int32(), [1, 2, null, 4, 5, 6, 7, null, 9]],
  ['uint8', new Uint8(), [1, 2, null, 4, 5, 6, 7, null, 9]],
  ['int64', new Int64(), [1n, 2n, null, 4n, 2n ** 62n, 6n, 7n, null, 9n]],
  ['bool', new Bool(), [true, false, null, true, false, true, true, null, false]],
];

function expectSame(v: Vector, dtype: Dtype): void {
  const c = fromVector(v, dtype);
  expect(c.values.length).toBe(v.length);
  for (let i = 0; i < v.length; i++) {
    const want = v.get(i) as unknown;
    const got = getCell(c, i);
    if (want === null) expect(got, `row ${i}`).toBeNull();
    else if (typeof want === 'bigint') expect(BigInt(got as number | bigint), `row ${i}`).toBe(want);
    else expect(got, `row ${i}`).toEqual(want);
  }
}

describe('fromVector', () => {
  for (const [dtype, type, values] of cases) {
    it(`${dtype}: whole, sliced and multi-chunk vectors decode cell for cell`, () => {
      const v = vectorFromArray(values, type) as Vector;
      expectSame(v, dtype);
      for (const [a, b] of [[2, 9], [1, 4], [3, 3], [5, 9]] as const) expectSame(v.slice(a, b), dtype);
      // Two chunks, the second one sliced: offsets apply per chunk.
      const two = makeVector([v.slice(0, 4).data[0]!, v.slice(5, 9).data[0]!]) as Vector;
      expectSame(two, dtype);
    });
  }
});
