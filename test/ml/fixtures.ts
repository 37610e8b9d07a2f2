/** Loading the scikit-learn fixtures written by scripts/fixtures/sklearn_*.py. */
import fs from 'node:fs';

export function fixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(new URL(`../fixtures/sklearn/${name}`, import.meta.url), 'utf8')) as T;
}

export interface Titanic {
  featureNames: string[];
  columns: number[][];
  y: number[];
}

/** The tutorial's preprocessed Titanic training set: 891 rows × 12 features, as named columns. */
export function titanic(): { X: Record<string, Float64Array>; columns: Float64Array[]; y: Float64Array; names: string[] } {
  const t = fixture<Titanic>('titanic.json');
  const columns = t.columns.map((c) => Float64Array.from(c));
  return {
    X: Object.fromEntries(t.featureNames.map((n, j) => [n, columns[j]!])),
    columns,
    y: Float64Array.from(t.y),
    names: t.featureNames,
  };
}

export function rowsOf(columns: readonly Float64Array[], idx: ArrayLike<number>): Float64Array[] {
  return columns.map((c) => Float64Array.from(Array.from(idx, (i) => c[i]!)));
}
