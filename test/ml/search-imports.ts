// The tusk/ml names the search tests use, through the public entry point.
export { GridSearchCV, RandomForestClassifier, RandomizedSearchCV, StratifiedKFold, crossValScore, fitAndScore } from '../../src/ml/index.js';
export { isTuskError } from '../../src/errors.js';
