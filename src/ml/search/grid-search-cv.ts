/** `GridSearchCV`: every combination of the grid, every fold, as tasks on the cluster. */
import type { Estimator, EstimatorSpec, Params } from '../estimator.js';
import { checkSearchSpace } from '../estimators.js';
import { ParameterGrid, type ParamGridSpec } from '../grid/parameterGrid.js';
import { BaseSearchCV, type SearchOptions } from './search-cv.js';

export class GridSearchCV extends BaseSearchCV {
  readonly paramGrid: ParamGridSpec;

  constructor(estimator: Estimator, paramGrid: ParamGridSpec, options: SearchOptions = {}) {
    super(estimator, options);
    this.paramGrid = paramGrid;
    checkSearchSpace(estimator.name, paramGrid as Parameters<typeof checkSearchSpace>[1]);
  }

  protected candidates(): Params[] {
    return new ParameterGrid(this.paramGrid).toArray() as Params[];
  }

  protected checkSpace(spec: EstimatorSpec): void {
    checkSearchSpace(spec.name, this.paramGrid as Parameters<typeof checkSearchSpace>[1]);
  }
}
