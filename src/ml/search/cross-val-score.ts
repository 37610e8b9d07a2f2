/** `crossValScore`: one estimator, every fold a task on the cluster; the test score per fold. */
import type { Estimator, EstimatorSpec, Params } from '../estimator.js';
import { BaseSearchCV, type SearchOptions } from './search-cv.js';
import type { SearchX, SearchY } from './input.js';

class SingleCandidate extends BaseSearchCV {
  protected candidates(): Params[] {
    return [{}];
  }
  protected checkSpace(_spec: EstimatorSpec): void {}
}

export async function crossValScore(estimator: Estimator, X: SearchX, y: SearchY, options: Omit<SearchOptions, 'refit'> = {}): Promise<Float64Array> {
  const search = new SingleCandidate(estimator, { ...options, refit: false });
  await search.fit(X, y);
  return Float64Array.from(search.cvResults_!.splitTestScores, (fold) => fold[0]!);
}
