/**
 * `ta.random`: seeded, counter-based random arrays. Element i depends only on (seed, i), so
 * the same seed gives the same values whatever the chunking, and a random array is a
 * generator that fuses into the chain using it. Without a seed, a fresh one is drawn (and the
 * keys differ from build to build, as they must).
 */
import { TuskError } from '../errors.js';
import type { ChunkSpec } from './chunks.js';
import type { ChunkedArray } from './chunked-array.js';
import { type ShapeLike, generated } from './creation.js';
import { elementwise } from './elementwise.js';

export interface RandomOptions {
  chunks?: ChunkSpec;
  /** An integer in [0, 2^53). */
  seed?: number;
}

function seedOf(seed: number | undefined): number {
  if (seed === undefined) return Math.floor(Math.random() * 2 ** 53);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new TuskError('InvalidArgument', `random: seed must be an integer in [0, 2^53), got ${seed}`);
  return seed;
}

/** Normal draws with mean `loc` (default 0) and standard deviation `scale` (default 1). */
export function normal(shape: ShapeLike, options: RandomOptions & { loc?: number; scale?: number } = {}): ChunkedArray {
  let x = generated('random_normal', { op: 'randomNormal', seed: seedOf(options.seed) }, shape, options.chunks);
  if (options.scale !== undefined && options.scale !== 1) x = elementwise('multiply', [x, options.scale]);
  if (options.loc !== undefined && options.loc !== 0) x = elementwise('add', [x, options.loc]);
  return x;
}

/** Uniform draws in [low, high) (default [0, 1)). */
export function uniform(shape: ShapeLike, options: RandomOptions & { low?: number; high?: number } = {}): ChunkedArray {
  const lo = options.low ?? 0;
  const hi = options.high ?? 1;
  return generated('random_uniform', { op: 'randomUniform', seed: seedOf(options.seed), lo, hi }, shape, options.chunks);
}

/** Integers in [low, high) — `high` exclusive, as numpy's `Generator.integers`. int32 when the bounds fit. */
export function integers(shape: ShapeLike, options: RandomOptions & { low?: number; high: number; dtype?: 'int32' | 'float64' }): ChunkedArray {
  const lo = options.low ?? 0;
  return generated('random_integers', { op: 'randomIntegers', seed: seedOf(options.seed), lo, hi: options.high, dtype: options.dtype }, shape, options.chunks);
}

/** `ta.random.normal(…)` etc. */
export const random = { normal, uniform, integers } as const;
