/** `RandomizedSearchCV`: `nIter` candidates drawn from lists and distributions (seeded like scikit-learn). */
import type { Estimator, EstimatorSpec, Params } from '../estimator.js';
import { checkSearchSpace } from '../estimators.js';
import { ParameterSampler, type ParamSpaceSpec } from '../grid/parameterSampler.js';
import { BaseSearchCV, type SearchOptions } from './search-cv.js';

export interface RandomizedSearchOptions extends SearchOptions {
  /** Candidates to draw (default 10). */
  nIter?: number;
  randomState?: number | null;
}

export class RandomizedSearchCV extends BaseSearchCV {
  readonly paramDistributions: ParamSpaceSpec;
  readonly nIter: number;
  private readonly randomState: number | null;

  constructor(estimator: Estimator, paramDistributions: ParamSpaceSpec, options: RandomizedSearchOptions = {}) {
    super(estimator, options);
    this.paramDistributions = paramDistributions;
    this.nIter = options.nIter ?? 10;
    this.randomState = options.randomState ?? null;
    checkSearchSpace(estimator.name, paramDistributions as Parameters<typeof checkSearchSpace>[1]);
  }

  protected candidates(): Params[] {
    return new ParameterSampler(this.paramDistributions, this.nIter, { randomState: this.randomState }).toArray() as Params[];
  }

  protected checkSpace(spec: EstimatorSpec): void {
    checkSearchSpace(spec.name, this.paramDistributions as Parameters<typeof checkSearchSpace>[1]);
  }
}
