/** `cvResults_`: per-candidate scores and times, ranked the way scikit-learn ranks them. */
import type { Params } from '../estimator.js';
import type { FitAndScoreResult } from '../fitAndScore.js';

export interface CvResults {
  params: Params[];
  meanTestScore: number[];
  stdTestScore: number[];
  /** 1 is best; ties share the lower rank (scipy's rankdata 'min'). */
  rankTestScore: number[];
  /** splitTestScores[k][c]: fold k, candidate c (scikit-learn's split{k}_test_score). */
  splitTestScores: number[][];
  meanTrainScore?: number[];
  stdTrainScore?: number[];
  meanFitTime: number[];
  stdFitTime: number[];
  meanScoreTime: number[];
  stdScoreTime: number[];
  /** Each searched parameter's value per candidate (scikit-learn's param_<name>). */
  paramValues: Record<string, Params[string][]>;
}

/** `results[c * nSplits + k]` is candidate c on fold k. */
export function buildCvResults(candidates: Params[], nSplits: number, results: FitAndScoreResult[], withTrain: boolean): CvResults {
  const per = (c: number, f: (r: FitAndScoreResult) => number) => Array.from({ length: nSplits }, (_, k) => f(results[c * nSplits + k]!));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = (xs: number[]) => {
    const m = mean(xs);
    return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))); // numpy's default ddof=0, as scikit-learn reports
  };
  const test = candidates.map((_, c) => per(c, (r) => r.testScore));
  const fit = candidates.map((_, c) => per(c, (r) => r.fitTime));
  const sc = candidates.map((_, c) => per(c, (r) => r.scoreTime));
  const meanTestScore = test.map(mean);
  const out: CvResults = {
    params: candidates,
    meanTestScore,
    stdTestScore: test.map(std),
    rankTestScore: rankMin(meanTestScore),
    splitTestScores: Array.from({ length: nSplits }, (_, k) => test.map((t) => t[k]!)),
    meanFitTime: fit.map(mean),
    stdFitTime: fit.map(std),
    meanScoreTime: sc.map(mean),
    stdScoreTime: sc.map(std),
    paramValues: {},
  };
  if (withTrain) {
    const train = candidates.map((_, c) => per(c, (r) => r.trainScore ?? NaN));
    out.meanTrainScore = train.map(mean);
    out.stdTrainScore = train.map(std);
  }
  const names = [...new Set(candidates.flatMap((p) => Object.keys(p)))].sort();
  for (const n of names) out.paramValues[n] = candidates.map((p) => (n in p ? p[n]! : null));
  return out;
}

/** Rank descending by score, ties sharing the minimum rank; NaN scores rank last together. */
function rankMin(scores: number[]): number[] {
  const finite = scores.map((s) => (Number.isNaN(s) ? -Infinity : s));
  return finite.map((s) => 1 + finite.filter((t) => t > s).length);
}
