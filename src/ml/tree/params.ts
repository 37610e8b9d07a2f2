/**
 * Tree hyper-parameters: their scikit-learn defaults, validation, and resolution into the
 * integers the builder uses. scikit-learn tells counts from fractions by Python type
 * (`2` vs `0.5`); JavaScript has one number type, so integers are counts and non-integers
 * fractions — except `minSamplesSplit: 1`, which can only mean "100%".
 */
import { TuskError } from '../../errors.js';

export type Criterion = 'gini' | 'entropy';
export type MaxFeatures = 'sqrt' | 'log2' | number | null;

/** The split-related parameters shared by `DecisionTreeClassifier` and `RandomForestClassifier`. */
export interface TreeGrowthParams {
  criterion: Criterion;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightFractionLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
}

/** What the builder consumes: every limit resolved to a number for this data set. */
export interface ResolvedGrowth {
  criterion: Criterion;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightLeaf: number;
  maxFeatures: number;
  minImpurityDecrease: number;
}

const INT32_MAX = 2147483647;

export function checkGrowthParams(p: TreeGrowthParams, who: string): void {
  const bad = (name: string, v: unknown, want: string): never => {
    throw new TuskError('InvalidArgument', `${who}: ${name} must be ${want}, got ${JSON.stringify(v)}`);
  };
  if (p.criterion !== 'gini' && p.criterion !== 'entropy') bad('criterion', p.criterion, "'gini' or 'entropy'");
  if (p.maxDepth !== null && !(Number.isInteger(p.maxDepth) && p.maxDepth >= 1)) bad('maxDepth', p.maxDepth, 'null or an integer >= 1');
  const mss = p.minSamplesSplit;
  if (!(typeof mss === 'number' && (Number.isInteger(mss) ? mss >= 1 : mss > 0 && mss < 1))) {
    bad('minSamplesSplit', mss, 'an integer >= 2 or a fraction in (0, 1]');
  }
  const msl = p.minSamplesLeaf;
  if (!(typeof msl === 'number' && (Number.isInteger(msl) ? msl >= 1 : msl > 0 && msl < 1))) {
    bad('minSamplesLeaf', msl, 'an integer >= 1 or a fraction in (0, 1)');
  }
  const mwf = p.minWeightFractionLeaf;
  if (!(typeof mwf === 'number' && mwf >= 0 && mwf <= 0.5)) bad('minWeightFractionLeaf', mwf, 'a number in [0, 0.5]');
  const mf = p.maxFeatures;
  if (!(mf === null || mf === 'sqrt' || mf === 'log2' || (typeof mf === 'number' && mf > 0 && (Number.isInteger(mf) || mf <= 1)))) {
    bad('maxFeatures', mf, "'sqrt', 'log2', null, an integer >= 1 or a fraction in (0, 1]");
  }
  if (!(typeof p.minImpurityDecrease === 'number' && p.minImpurityDecrease >= 0)) bad('minImpurityDecrease', p.minImpurityDecrease, 'a number >= 0');
}

/** scikit-learn's `BaseDecisionTree.fit` arithmetic, for `nSamples` rows of `nFeatures`. */
export function resolveGrowth(p: TreeGrowthParams, nSamples: number, nFeatures: number, totalWeight: number | null, who: string): ResolvedGrowth {
  const minSamplesLeaf = Number.isInteger(p.minSamplesLeaf) ? p.minSamplesLeaf : Math.ceil(p.minSamplesLeaf * nSamples);
  let minSamplesSplit: number;
  if (Number.isInteger(p.minSamplesSplit) && p.minSamplesSplit >= 2) minSamplesSplit = p.minSamplesSplit;
  else minSamplesSplit = Math.max(2, Math.ceil(p.minSamplesSplit * nSamples));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);

  let maxFeatures: number;
  const mf = p.maxFeatures;
  if (mf === 'sqrt') maxFeatures = Math.max(1, Math.trunc(Math.sqrt(nFeatures)));
  else if (mf === 'log2') maxFeatures = Math.max(1, Math.trunc(Math.log2(nFeatures)));
  else if (mf === null) maxFeatures = nFeatures;
  else if (Number.isInteger(mf)) maxFeatures = mf;
  else maxFeatures = Math.max(1, Math.trunc(mf * nFeatures));
  if (!(maxFeatures > 0 && maxFeatures <= nFeatures)) {
    throw new TuskError('InvalidArgument', `${who}: maxFeatures=${JSON.stringify(mf)} asks for ${maxFeatures} features but X has ${nFeatures}`, {
      hint: `use at most ${nFeatures}, a fraction, 'sqrt', 'log2' or null (all features)`,
    });
  }
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth === null ? INT32_MAX : p.maxDepth,
    minSamplesSplit,
    minSamplesLeaf,
    minWeightLeaf: p.minWeightFractionLeaf * (totalWeight ?? nSamples),
    maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
  };
}
