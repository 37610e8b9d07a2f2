/**
 * Bootstrap samples as scikit-learn draws them: tree i gets a seed from the forest's
 * generator, `RandomState(seed).randint(0, n, nBootstrap)` picks its rows, and the rows enter
 * the tree as per-row counts multiplied into the sample weights — the data is never copied.
 */
import { TuskError } from '../../errors.js';
import { classWeightVector } from '../classWeight.js';
import { RandomState } from '../random/mt19937.js';

/** `_get_n_samples_bootstrap`: `maxSamples` null (all), a count, or a fraction rounded half-even. */
export function nBootstrapSamples(nSamples: number, maxSamples: number | null): number {
  if (maxSamples === null) return nSamples;
  if (Number.isInteger(maxSamples) && maxSamples >= 1) {
    if (maxSamples > nSamples) {
      throw new TuskError('InvalidArgument', `maxSamples=${maxSamples} is larger than the ${nSamples} training samples`, {
        hint: 'use at most the number of rows, or a fraction in (0, 1]',
      });
    }
    return maxSamples;
  }
  return Math.max(roundHalfEven(nSamples * maxSamples), 1);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Per-tree sample weights: `base` (sample × class weights, or 1) times each row's bootstrap
 * count, times the bootstrap's own balanced class weights for `'balanced_subsample'`.
 * One instance serves every tree of a fit; `weightsFor` overwrites the same buffer each time.
 */
export class Bootstrapper {
  private readonly rng = new RandomState(0);
  private readonly idx: Int32Array;
  private readonly weight: Float64Array;

  constructor(
    private readonly n: number,
    nBootstrap: number,
    private readonly base: Float64Array | null,
    private readonly subsample: { classes: Float64Array; encoded: Int32Array } | null,
  ) {
    this.idx = new Int32Array(nBootstrap);
    this.weight = new Float64Array(n);
  }

  weightsFor(seed: number): Float64Array {
    const { n, idx, base, subsample } = this;
    const w = this.weight;
    this.rng.seed(seed).randintArray(0, n, idx.length, idx);
    w.fill(0);
    for (let j = 0; j < idx.length; j++) w[idx[j]!]! += 1;
    if (base) for (let i = 0; i < n; i++) w[i] = base[i]! * w[i]!;
    if (subsample) {
      const cw = classWeightVector('balanced', subsample.classes, subsample.encoded, idx);
      for (let i = 0; i < n; i++) w[i] = w[i]! * cw[subsample.encoded[i]!]!;
    }
    return w;
  }
}
