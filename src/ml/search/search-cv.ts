/**
 * Cross-validated model search on a cluster (scikit-learn's BaseSearchCV, joblib's Dask backend
 * folded in): the data are scattered once, every (candidate, fold) fit is one task that reads
 * them from shared memory, and the best candidate is refit on all rows as one more task.
 * Everything that can be wrong with the input is checked before the first fit is launched.
 */
import { Client } from '../../client/client.js';
import { defaultClient } from '../../client/default-client.js';
import type { Future } from '../../client/future.js';
import { fromModule, toRunnableModuleUrl } from '../../client/ship.js';
import { TuskError } from '../../errors.js';
import type { Estimator, EstimatorSpec, Params } from '../estimator.js';
import { checkSearchSpace, estimatorFromJSON, specWithParams } from '../estimators.js';
import type { FitAndScoreResult } from '../fitAndScore.js';
import { scorer } from '../metrics/scorer.js';
import { checkCv } from '../splitters/checkCv.js';
import type { Split, Splitter } from '../splitters/splitter.js';
import { checkTrainingClasses } from '../validation.js';
import type { Features } from '../data/features.js';
import { resolveX, resolveY, type SearchX, type SearchY } from './input.js';
import { Progress, type Print } from './progress.js';
import type { SearchData } from './tasks.js';
import { buildCvResults, type CvResults } from './results.js';

export interface SearchOptions {
  /** Folds: a count (stratified for classifiers, as in scikit-learn) or a splitter (default 5). */
  cv?: number | Splitter;
  /** Score name (`accuracy`, `f1`, `rocAuc`, `r2`, `negMeanSquaredError`…); default: the estimator's `score`. */
  scoring?: string | null;
  /** Refit the best candidate on all rows (default true). */
  refit?: boolean;
  /** 0 quiet; 1 the tutorial's lines; 10+ a line per fit. */
  verbose?: number;
  /** Client to run on (default: the default local cluster). */
  client?: Client;
  /** Most fits running at once (default -1: as many as the cluster takes). */
  nJobs?: number;
  returnTrainScore?: boolean;
  /** Where progress lines go (default console.log). */
  print?: Print;
}

// Workers run compiled code: under a TypeScript runner this maps to the dist/ twin.
const tasksModule = toRunnableModuleUrl(new URL('./tasks.js', import.meta.url));

export abstract class BaseSearchCV {
  readonly estimator: Estimator;
  readonly options: Readonly<SearchOptions>;
  cvResults_: CvResults | undefined;
  bestIndex_: number | undefined;
  bestParams_: Params | undefined;
  bestScore_: number | undefined;
  bestEstimator_: Estimator | undefined;
  nSplits_: number | undefined;
  refitTime_: number | undefined;

  constructor(estimator: Estimator, options: SearchOptions = {}) {
    if (!estimator || typeof estimator.toSpec !== 'function') {
      throw new TuskError('InvalidArgument', 'the estimator must be a Tusk estimator, e.g. new RandomForestClassifier()');
    }
    this.estimator = estimator;
    this.options = { ...options };
    scorer(options.scoring ?? null); // unknown scoring names fail here, listing the valid ones
  }

  /** The candidates to try, in order. */
  protected abstract candidates(): Params[];
  /** Checks of the search space against the estimator (names, values). */
  protected abstract checkSpace(spec: EstimatorSpec): void;

  async fit(X: SearchX, y: SearchY): Promise<this> {
    const spec = this.estimator.toSpec();
    this.checkSpace(spec);
    const client = this.options.client ?? defaultClient();
    const computeOptions = { client };
    const Xf = await resolveX(X, computeOptions);
    const yv = await resolveY(y, Xf.nRows, computeOptions);
    const isClassifier = this.estimator.kind === 'classifier';
    const splitter = checkCv(this.options.cv ?? 5, yv, isClassifier);
    const splits: Split[] = splitter.split(Xf.nRows, yv);
    if (isClassifier) splits.forEach(([train], k) => checkTrainingClasses(pick(yv, train), k));
    const candidates = this.candidates();
    const specs = candidates.map((p) => specWithParams(spec, p));
    const nFits = candidates.length * splits.length;
    const print = this.options.print ?? ((l: string) => console.log(l));
    const verbose = this.options.verbose ?? 0;
    if (verbose > 0) {
      print(`Fitting ${splits.length} folds for each of ${candidates.length} candidates, totalling ${nFits} fits`);
    }

    await client.ready;
    const nJobs = this.options.nJobs ?? -1;
    const progress = new Progress(nFits, verbose, nJobs, print);
    progress.start(nJobs > 0 ? Math.min(nJobs, client.workers().length) : client.workers().length);
    const data = client.scatter<SearchData>({ X: Xf, y: yv });
    const fitTask = fromModule<(d: SearchData, s: EstimatorSpec, tr: Int32Array, te: Int32Array, sc: string | null, o: object) => FitAndScoreResult>(tasksModule, 'fitAndScoreTask');
    const scoring = this.options.scoring ?? null;
    const returnTrainScore = this.options.returnTrainScore ?? false;
    const results: FitAndScoreResult[] = new Array(nFits);
    try {
      await runLimited(nFits, nJobs, (i) => {
        const c = Math.floor(i / splits.length);
        const k = i % splits.length;
        const [train, test] = splits[k]!;
        return client.submitWith({ pure: false }, fitTask, data, specs[c]!, train, test, scoring, { returnTrainScore, fold: k });
      }, (i, r) => {
        results[i] = r;
        progress.tick();
      });
      this.nSplits_ = splits.length;
      this.cvResults_ = buildCvResults(candidates, splits.length, results, returnTrainScore);
      const best = this.cvResults_.rankTestScore.indexOf(1);
      this.bestIndex_ = best;
      this.bestParams_ = candidates[best]!;
      this.bestScore_ = this.cvResults_.meanTestScore[best]!;
      if (this.options.refit ?? true) {
        const refit = fromModule<(d: SearchData, s: EstimatorSpec) => { model: ReturnType<Estimator['toJSON']>; seconds: number }>(tasksModule, 'refitTask');
        const refitFuture = client.submitWith({ pure: false }, refit, data, specs[best]!);
        const { model, seconds } = await refitFuture.result().finally(() => refitFuture.release());
        this.bestEstimator_ = estimatorFromJSON(model);
        this.refitTime_ = seconds;
      }
    } finally {
      data.release();
    }
    return this;
  }

  /** Predictions of the refit best estimator; X may be lazy. */
  async predict(X: SearchX): Promise<Float64Array> {
    const est = this.fitted();
    return est.predict(await this.features(X));
  }

  async score(X: SearchX, y: SearchY): Promise<number> {
    const est = this.fitted();
    const Xf = await this.features(X);
    return scorer(this.options.scoring ?? null)(est, Xf, await resolveY(y, Xf.nRows, { client: this.options.client ?? defaultClient() }));
  }

  private async features(X: SearchX): Promise<Features> {
    return resolveX(X, { client: this.options.client ?? defaultClient() });
  }

  private fitted(): Estimator {
    if (!this.bestEstimator_) {
      throw new TuskError('InvalidArgument', 'this search has no refit estimator yet', { hint: 'await search.fit(X, y) first (with refit: true)' });
    }
    return this.bestEstimator_;
  }
}

/** Submit `n` tasks, at most `limit` in flight (all at once when limit ≤ 0), handing each result over in completion order. */
async function runLimited<T>(n: number, limit: number, submit: (i: number) => Future<T>, onResult: (i: number, r: T) => void): Promise<void> {
  const width = limit > 0 ? Math.min(limit, n) : n;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const f = submit(i);
      try {
        onResult(i, await f.result());
      } finally {
        f.release();
      }
    }
  };
  if (limit > 0) {
    await Promise.all(Array.from({ length: width }, lane));
    return;
  }
  const futures = Array.from({ length: n }, (_, i) => submit(i));
  await Promise.all(futures.map(async (f, i) => onResult(i, await f.result())));
  for (const f of futures) f.release();
}

function pick(y: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]!]!;
  return out;
}

export { checkSearchSpace };
