/**
 * `ParameterSampler`: `nIter` random candidates for a randomized search, scikit-learn's
 * algorithm and random stream. When every parameter is a list, candidates are drawn from the
 * grid without replacement (and never more than the grid holds); otherwise each draw picks one
 * value per parameter — a uniform choice from a list or a draw from a distribution.
 */
import { TuskError } from '../../errors.js';
import type { ParamValue, Params } from '../estimator.js';
import { entropySeed, RandomState } from '../random/mt19937.js';
import { checkDistribution, drawFrom, isDistribution, type Distribution } from './distributions.js';
import { byCodePoint, ParameterGrid } from './parameterGrid.js';

export type ParamSpaceSpec = Readonly<Record<string, readonly ParamValue[] | Distribution>>;

export interface ParameterSamplerOptions {
  randomState?: number | null;
}

export class ParameterSampler implements Iterable<Params> {
  private readonly spaces: readonly ParamSpaceSpec[];
  readonly nIter: number;
  readonly randomState: number | null;

  constructor(space: ParamSpaceSpec | readonly ParamSpaceSpec[], nIter: number, options: ParameterSamplerOptions = {}) {
    this.spaces = Array.isArray(space) ? (space as readonly ParamSpaceSpec[]) : [space as ParamSpaceSpec];
    if (this.spaces.length === 0) throw new TuskError('InvalidArgument', 'ParameterSampler: the search space is empty');
    for (const s of this.spaces) {
      for (const [k, v] of Object.entries(s)) {
        if (Array.isArray(v)) {
          if (v.length === 0) throw new TuskError('InvalidArgument', `ParameterSampler: "${k}" has an empty list of candidates`);
        } else if (isDistribution(v)) checkDistribution(k, v);
        else {
          throw new TuskError('InvalidArgument', `ParameterSampler: "${k}" must be a list of candidates or a distribution, got ${JSON.stringify(v)}`, {
            hint: `e.g. { ${k}: [1, 2, 3] } or { ${k}: { dist: 'randint', low: 1, high: 4 } }`,
          });
        }
      }
    }
    if (!(Number.isInteger(nIter) && nIter >= 1)) throw new TuskError('InvalidArgument', `ParameterSampler: nIter must be an integer >= 1, got ${nIter}`);
    this.nIter = nIter;
    this.randomState = options.randomState ?? null;
  }

  toArray(): Params[] {
    const rng = new RandomState(this.randomState ?? entropySeed());
    const allLists = this.spaces.every((s) => Object.values(s).every((v) => Array.isArray(v)));
    if (allLists) {
      const grid = new ParameterGrid(this.spaces as readonly Readonly<Record<string, readonly ParamValue[]>>[]);
      const n = Math.min(this.nIter, grid.length);
      return sampleWithoutReplacement(grid.length, n, rng).map((i) => grid.get(i));
    }
    const out: Params[] = [];
    for (let it = 0; it < this.nIter; it++) {
      const space = this.spaces[rng.randint(0, this.spaces.length)]!;
      const params: Params = {};
      for (const k of Object.keys(space).sort(byCodePoint)) {
        const v = space[k]!;
        params[k] = Array.isArray(v) ? (v as readonly ParamValue[])[rng.randint(0, v.length)]! : drawFrom(v as Distribution, rng);
      }
      out.push(params);
    }
    return out;
  }

  [Symbol.iterator](): Iterator<Params> {
    return this.toArray()[Symbol.iterator]();
  }
}

/** scikit-learn's `sample_without_replacement(method='auto')`: three algorithms by sampling ratio. */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: RandomState): number[] {
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  const out: number[] = [];
  if (ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(0, nPopulation);
      while (selected.has(j)) j = rng.randint(0, nPopulation);
      selected.add(j);
      out.push(j);
    }
    return out;
  }
  for (let i = 0; i < nSamples; i++) out.push(i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}
