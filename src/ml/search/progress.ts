/**
 * Progress lines like joblib's `Parallel(verbose=…)`, so the tutorial's output reads the same:
 *
 *   [Parallel(n_jobs=-1)]: Using backend TuskClusterBackend with 2 concurrent workers.
 *   [Parallel(n_jobs=-1)]: Done  50 tasks      | elapsed:    1.2s
 *   [Parallel(n_jobs=-1)]: Done  72 out of  72 | elapsed:    1.9s finished
 *
 * Intermediate lines follow joblib's own thinning (`_verbosity_filter`): with verbose 1 they
 * appear at 50, 200, 450… finished tasks; with verbose ≥ 10, at every task.
 */

export type Print = (line: string) => void;

export class Progress {
  private done = 0;
  private readonly t0 = performance.now();
  private readonly tag: string;

  constructor(
    private readonly total: number,
    private readonly verbose: number,
    nJobs: number,
    private readonly print: Print,
  ) {
    this.tag = `[Parallel(n_jobs=${nJobs})]`;
  }

  start(workers: number): void {
    if (this.verbose > 0) this.print(`${this.tag}: Using backend TuskClusterBackend with ${workers} concurrent workers.`);
  }

  /** One more task finished. */
  tick(): void {
    this.done++;
    if (this.verbose <= 0) return;
    const elapsed = this.elapsed();
    if (this.done === this.total) {
      this.print(`${this.tag}: Done ${pad3(this.done)} out of ${pad3(this.total)} | elapsed: ${shortTime(elapsed)} finished`);
    } else if (!verbosityFilter(this.done, this.verbose)) {
      this.print(`${this.tag}: Done ${pad3(this.done)} tasks      | elapsed: ${shortTime(elapsed)}`);
    }
  }

  elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

/** joblib's rule: true means "stay quiet at this index". */
function verbosityFilter(index: number, verbose: number): boolean {
  if (verbose > 10) return false;
  const v = 0.5 * (11 - verbose) ** 2;
  return Math.floor(Math.sqrt(index / v)) === Math.floor(Math.sqrt((index - 1) / v));
}

function pad3(n: number): string {
  return String(n).padStart(3);
}

/** joblib's short_format_time. */
export function shortTime(t: number): string {
  return t > 60 ? `${(t / 60).toFixed(1).padStart(4)}min` : ` ${t.toFixed(1).padStart(5)}s`;
}
