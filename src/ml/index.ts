/**
 * `tusk/ml` — model selection in the spirit of scikit-learn + dask-ml: estimators whose
 * configuration is plain data, scikit-learn-exact splitters, metrics and parameter grids, and
 * `fitAndScore`, the unit of work a distributed grid search schedules. Nothing here knows about
 * threads; orchestration over a cluster is built on these pieces one layer up.
 *
 * Parity with scikit-learn is a feature: the same seeds give the same folds, candidates and
 * (with integer sample weights) the same trees, via a port of numpy's MT19937 `RandomState`.
 *
 */
import '../dashboard/install.js'; // lets `dashboardAddress` start the dashboard when only tusk/ml is imported


// estimators
export { DecisionTreeClassifier, DECISION_TREE_DEFAULTS } from './tree/decisionTree.js';
export type { DecisionTreeClassifierParams } from './tree/decisionTree.js';
export { RandomForestClassifier, RANDOM_FOREST_DEFAULTS } from './ensemble/randomForest.js';
export type { RandomForestClassifierParams } from './ensemble/randomForest.js';
export type { Criterion, MaxFeatures } from './tree/params.js';
export type { TreeModel, TreeModelJSON } from './tree/treeModel.js';
export type { ClassWeight } from './classWeight.js';
export type { Estimator, EstimatorJSON, EstimatorSpec, ParamValue, Params } from './estimator.js';
export {
  checkSearchSpace,
  estimatorFromJSON,
  estimatorFromSpec,
  estimatorNames,
  estimatorParamNames,
  registerEstimator,
  specWithParams,
} from './estimators.js';
export type { EstimatorEntry } from './estimators.js';

// splitters
export { KFold } from './splitters/kFold.js';
export type { KFoldOptions } from './splitters/kFold.js';
export { StratifiedKFold } from './splitters/stratifiedKFold.js';
export type { StratifiedKFoldOptions } from './splitters/stratifiedKFold.js';
export { ShuffleSplit } from './splitters/shuffleSplit.js';
export type { ShuffleSplitOptions } from './splitters/shuffleSplit.js';
export { checkCv } from './splitters/checkCv.js';
export type { Split, Splitter } from './splitters/splitter.js';

// metrics
export { accuracy, f1 } from './metrics/classification.js';
export { rocAuc } from './metrics/rocAuc.js';
export { meanSquaredError, negMeanSquaredError, r2 } from './metrics/regression.js';
export { scorer, SCORER_NAMES } from './metrics/scorer.js';
export type { Scorer } from './metrics/scorer.js';

// parameter search
export { ParameterGrid } from './grid/parameterGrid.js';
export type { ParamGridSpec } from './grid/parameterGrid.js';
export { ParameterSampler } from './grid/parameterSampler.js';
export type { ParamSpaceSpec, ParameterSamplerOptions } from './grid/parameterSampler.js';
export type { Distribution } from './grid/distributions.js';
export { fitAndScore } from './fitAndScore.js';
export type { FitAndScoreOptions, FitAndScoreResult } from './fitAndScore.js';

// input handling
export { takeRows, toFeatures } from './data/features.js';
export type { Features, FeaturesInput } from './data/features.js';
export type { TargetInput } from './data/target.js';
export { checkTrainingClasses, checkXy } from './validation.js';

// numpy-compatible random stream (legacy RandomState / MT19937)
export { RandomState } from './random/mt19937.js';

// parallel model search on the cluster
export { GridSearchCV } from './search/grid-search-cv.js';
export { RandomizedSearchCV } from './search/randomized-search-cv.js';
export type { RandomizedSearchOptions } from './search/randomized-search-cv.js';
export { BaseSearchCV } from './search/search-cv.js';
export type { SearchOptions } from './search/search-cv.js';
export { crossValScore } from './search/cross-val-score.js';
export type { CvResults } from './search/results.js';
export type { SearchX, SearchY, Computable } from './search/input.js';
