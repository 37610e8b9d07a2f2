/**
 * Whole-range random streams: element i of a stream depends only on (seed, i), so any
 * chunk of a random array is `stream(seed, chunkOffset, chunkLength)` and the concatenation of
 * chunks equals the whole, whatever the split points.
 */
import { TuskError } from '../../errors.js';
import { allocate } from '../dtypes.js';
import { fillNormal } from './normal.js';
import { MAX_INDEX } from './threefry.js';
import { checkIntegerBounds, fillIntegers, fillUniform } from './uniform.js';

function target(what: string, first: number, n: number, out: Float64Array | undefined): Float64Array {
  if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(n) || n < 0 || first + n > MAX_INDEX) {
    throw new TuskError('InvalidArgument', `${what}: need integers first ≥ 0 and n ≥ 0 with first + n ≤ 2^53, got first=${first}, n=${n}`);
  }
  if (out && out.length < n) throw new TuskError('ShapeMismatch', `${what}: out has ${out.length} elements, need ${n}`);
  return out ?? allocate('float64', n);
}

/** Standard normals for stream elements first … first + n − 1. */
export function randomNormal(seed: number, first: number, n: number, out?: Float64Array): Float64Array {
  const o = target('randomNormal', first, n, out);
  fillNormal(seed, first, n, o, 0);
  return o;
}

/** Uniforms in [lo, hi) with 53 random bits each. */
export function randomUniform(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new TuskError('InvalidArgument', `randomUniform: bounds must be finite, got [${lo}, ${hi})`);
  const o = target('randomUniform', first, n, out);
  fillUniform(seed, lo, hi, first, n, o, 0);
  return o;
}

/** Integers in [lo, hi), unbiased (as float64 values: exact up to 2^53). */
export function randomIntegers(seed: number, lo: number, hi: number, first: number, n: number, out?: Float64Array): Float64Array {
  checkIntegerBounds(lo, hi);
  const o = target('randomIntegers', first, n, out);
  fillIntegers(seed, lo, hi, first, n, o, 0);
  return o;
}
