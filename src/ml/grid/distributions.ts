/**
 * Parameter distributions for random search, as plain data so a search space can be shipped
 * and printed: `{ dist: 'uniform', loc, scale }`, `{ dist: 'loguniform', a, b }`,
 * `{ dist: 'randint', low, high }` — scipy.stats' names and arguments. Each draws from numpy's
 * legacy stream the way scipy's `rvs(random_state=rng)` does, so a seeded `ParameterSampler`
 * proposes scikit-learn's candidates.
 */
import { TuskError } from '../../errors.js';
import type { RandomState } from '../random/mt19937.js';

export type Distribution =
  | { readonly dist: 'uniform'; readonly loc?: number; readonly scale?: number }
  | { readonly dist: 'loguniform'; readonly a: number; readonly b: number }
  | { readonly dist: 'randint'; readonly low: number; readonly high: number };

export const DISTRIBUTION_NAMES = ['uniform', 'loguniform', 'randint'] as const;

export function isDistribution(v: unknown): v is Distribution {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'dist' in v;
}

/** Validate a distribution spec; `name` is the parameter it is for. */
export function checkDistribution(name: string, d: Distribution): void {
  const bad = (msg: string): never => {
    throw new TuskError('InvalidArgument', `parameter "${name}": ${msg}`, {
      hint: "write { dist: 'uniform', loc, scale }, { dist: 'loguniform', a, b } or { dist: 'randint', low, high }",
    });
  };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  switch (d.dist) {
    case 'uniform':
      if ((d.loc !== undefined && !finite(d.loc)) || (d.scale !== undefined && !(finite(d.scale) && d.scale >= 0))) bad('uniform needs finite loc and scale >= 0');
      return;
    case 'loguniform':
      if (!(finite(d.a) && finite(d.b) && d.a > 0 && d.b > d.a)) bad(`loguniform needs 0 < a < b, got a=${d.a}, b=${d.b}`);
      return;
    case 'randint':
      if (!(Number.isInteger(d.low) && Number.isInteger(d.high) && d.high > d.low)) bad(`randint needs integers low < high, got low=${d.low}, high=${d.high}`);
      return;
    default:
      bad(`unknown distribution ${JSON.stringify((d as { dist: unknown }).dist)}; valid are ${DISTRIBUTION_NAMES.join(', ')}`);
  }
}

/** One draw, consuming `rng` exactly as scipy's `rvs(random_state=rng)`. */
export function drawFrom(d: Distribution, rng: RandomState): number {
  switch (d.dist) {
    case 'uniform':
      return rng.uniform(0, 1) * (d.scale ?? 1) + (d.loc ?? 0);
    case 'loguniform': {
      // scipy's reciprocal distribution: the inverse CDF at a uniform draw.
      const u = rng.uniform(0, 1);
      return Math.exp(Math.log(d.a) + u * (Math.log(d.b) - Math.log(d.a)));
    }
    case 'randint':
      return rng.randint(d.low, d.high);
  }
}
