/**
 * `ParameterGrid`: every combination of the listed values, in scikit-learn's order — keys
 * sorted, the last key varying fastest (`itertools.product`) — so candidate i here is candidate
 * i in scikit-learn's `cv_results_`. A list of grids is walked one grid after another.
 */
import { TuskError } from '../../errors.js';
import type { ParamValue, Params } from '../estimator.js';

export type ParamGridSpec = Readonly<Record<string, readonly ParamValue[]>>;

export class ParameterGrid implements Iterable<Params> {
  private readonly grids: { keys: string[]; values: (readonly ParamValue[])[] }[];

  constructor(grid: ParamGridSpec | readonly ParamGridSpec[]) {
    const list = Array.isArray(grid) ? (grid as readonly ParamGridSpec[]) : [grid as ParamGridSpec];
    this.grids = list.map((g, gi) => {
      if (typeof g !== 'object' || g === null || Array.isArray(g)) {
        throw new TuskError('InvalidArgument', `ParameterGrid: grid ${gi} must be an object mapping parameter names to lists of values`);
      }
      const keys = Object.keys(g).sort(byCodePoint);
      const values = keys.map((k) => {
        const v = g[k];
        if (!Array.isArray(v)) {
          throw new TuskError('InvalidArgument', `ParameterGrid: the value of "${k}" must be a list of candidates, got ${JSON.stringify(v)}`, {
            hint: `wrap a single value in a list: { ${k}: [${JSON.stringify(v)}] }`,
          });
        }
        if (v.length === 0) throw new TuskError('InvalidArgument', `ParameterGrid: "${k}" has an empty list of candidates`);
        return v as readonly ParamValue[];
      });
      return { keys, values };
    });
  }

  /** Number of candidates. */
  get length(): number {
    return this.grids.reduce((n, g) => n + g.values.reduce((m, v) => m * v.length, 1), 0);
  }

  /** Candidate `i`, without enumerating the ones before it. */
  get(i: number): Params {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) {
      throw new TuskError('IndexOutOfRange', `ParameterGrid: index ${i} is out of range for ${this.length} candidates`);
    }
    let ind = i;
    for (const g of this.grids) {
      const total = g.values.reduce((m, v) => m * v.length, 1);
      if (ind >= total) {
        ind -= total;
        continue;
      }
      const out: Params = {};
      for (let j = g.keys.length - 1; j >= 0; j--) {
        const n = g.values[j]!.length;
        out[g.keys[j]!] = g.values[j]![ind % n]!;
        ind = Math.floor(ind / n);
      }
      return sortedKeys(out, g.keys);
    }
    throw new Error('unreachable');
  }

  *[Symbol.iterator](): Iterator<Params> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  toArray(): Params[] {
    return [...this];
  }
}

/** Python's string order (by character code, for ordinary names); `localeCompare` would not match. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedKeys(p: Params, keys: readonly string[]): Params {
  const out: Params = {};
  for (const k of keys) out[k] = p[k]!;
  return out;
}
