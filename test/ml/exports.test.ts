import { describe, expect, it } from 'vitest';
import * as ml from '../../src/ml/index.js';

// The public surface of tusk/ml, pinned: adding or removing an export should be a decision.
describe('tusk/ml exports', () => {
  it('lists exactly the public API', () => {
    expect(Object.keys(ml).sort()).toEqual([
      'BaseSearchCV',
      'DECISION_TREE_DEFAULTS',
      'DecisionTreeClassifier',
      'GridSearchCV',
      'KFold',
      'ParameterGrid',
      'ParameterSampler',
      'RANDOM_FOREST_DEFAULTS',
      'RandomForestClassifier',
      'RandomState',
      'RandomizedSearchCV',
      'SCORER_NAMES',
      'ShuffleSplit',
      'StratifiedKFold',
      'accuracy',
      'checkCv',
      'checkSearchSpace',
      'checkTrainingClasses',
      'checkXy',
      'crossValScore',
      'estimatorFromJSON',
      'estimatorFromSpec',
      'estimatorNames',
      'estimatorParamNames',
      'f1',
      'fitAndScore',
      'meanSquaredError',
      'negMeanSquaredError',
      'r2',
      'registerEstimator',
      'rocAuc',
      'scorer',
      'specWithParams',
      'takeRows',
      'toFeatures',
    ]);
  });
});
