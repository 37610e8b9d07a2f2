/**
 * Every tree reduction over partitions, as (chunk, combine, finalize) triples keyed by kind.
 * `chunk` sees one partition and its position; `combine` merges partials of consecutive
 * partitions in order; `finalize` gives the result (a value, or a Part that becomes a table).
 */
import { type Cell, cellKey, getCell, isValid, asFloat } from '../core/column.js';
import { type Part, colOf, findColumn, slot } from '../core/part.js';
import { fromCells } from '../core/column.js';
import { type AggSpec, type Partial, aggChunk, aggCombine, aggFinalizeTable, aggFinalizeTableOf, aggFinalizeValues, aggSplitChunk as splitChunk, partialCounts } from './aggregate.js';
import { pcolSlot, takePCol } from './pcol.js';
import { compareRows, compareValues } from './compare.js';
import { rowKeys } from './join.js';
import type { Dtype } from '../core/dtypes.js';
import { type TopKPartial, type TopKSpec, topkChunk, topkCombine, topkFinalize, topkFinalizeOf, topkSplit } from './group-topk.js';

export interface Reducer<P, S, R> {
  chunk(params: P, part: Part, index: number): S;
  combine(params: P, partials: readonly S[]): S;
  finalize(params: P, partial: S): R | Part;
}

/**
 * Group-by aggregation. Its finalizer also takes the last level's partials as a list (a tree
 * built with `fuseFinal`): the last combine and the finalize are then one pass.
 */
const agg: Reducer<{ spec: AggSpec; output: 'table' | 'values' }, Partial, Cell[]> & { finalize(p: { spec: AggSpec; output: 'table' | 'values' }, s: Partial | readonly Partial[]): Cell[] | Part } = {
  chunk: (p, part) => aggChunk(p.spec, part),
  combine: (p, parts) => aggCombine(p.spec, parts),
  finalize: (p, s) => {
    if (p.output === 'values') return aggFinalizeValues(p.spec, Array.isArray(s) ? aggCombine(p.spec, s as readonly Partial[]) : (s as Partial));
    return Array.isArray(s) ? aggFinalizeTableOf(p.spec, s as readonly Partial[]) : aggFinalizeTable(p.spec, s as Partial);
  },
};

/**
 * A hash group-by's first step: the partition's partial cut into `nbuckets` by a hash of the keys
 * (bucket j of every partition is then combined and finalized by `agg`). Combining lists merges
 * them bucket by bucket.
 */
const aggSplitChunk: Reducer<{ spec: AggSpec; nbuckets: number }, Partial[], Partial[]> = {
  chunk: (p, part) => splitChunk(p.spec, part, p.nbuckets),
  combine: (p, lists) => Array.from({ length: p.nbuckets }, (_, j) => aggCombine(p.spec, lists.map((l) => l[j]!))),
  finalize: (_p, s) => s,
};

const countSpec = (column: string, dtype: Dtype): AggSpec => ({ by: [{ name: column, dtype }], items: [{ column: null, fn: 'size', out: 'n', inDtype: 'int64' }], ddof: 1 });

/** Counts per value, most frequent first; ties in order of first appearance. */
const valueCounts: Reducer<{ column: string; dtype: Dtype; name: string; indexName: string; normalize: boolean }, Partial, never> = {
  chunk: (p, part) => aggChunk(countSpec(p.column, p.dtype), part),
  combine: (p, parts) => aggCombine(countSpec(p.column, p.dtype), parts),
  finalize: (p, s) => {
    const { keys, counts } = partialCounts(s);
    const ids = Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]!);
    const order = Int32Array.from(ids);
    let total = 0;
    for (let i = 0; i < counts.length; i++) total += counts[i]!;
    const values = ids.map((g) => (p.normalize ? counts[g]! / total : counts[g]!));
    return {
      index: [pcolSlot(p.indexName, takePCol(keys, order))],
      columns: [slot(p.name, fromCells(p.normalize ? 'float64' : 'int64', values))],
      length: order.length,
    };
  },
};

interface IdxState {
  best: Cell;
  label: Cell;
  rows: number;
}

/** idxmax/idxmin: the index label (or global position, without an index) of the first extreme value. */
const idx: Reducer<{ column: string; which: 'max' | 'min' }, IdxState, Cell> = {
  chunk: (p, part) => {
    const c = colOf(findColumn(part, p.column)!);
    const labels = part.index.length > 0 ? part.index.map((s) => colOf(s)) : null;
    const st: IdxState = { best: null, label: null, rows: part.length };
    for (let i = 0; i < part.length; i++) {
      if (!isValid(c, i)) continue;
      const v = getCell(c, i);
      const cmp = st.best === null ? 1 : compareValues(v, st.best) * (p.which === 'max' ? 1 : -1);
      if (cmp > 0) {
        st.best = v;
        st.label = labels === null ? i : labels.length === 1 ? getCell(labels[0]!, i) : (JSON.stringify(labels.map((l) => getCell(l, i))) as Cell);
      }
    }
    if (labels === null && st.label !== null) st.label = { pos: st.label } as unknown as Cell;
    return st;
  },
  combine: (p, parts) => {
    let out: IdxState = { best: null, label: null, rows: 0 };
    for (const s of parts) {
      const cmp = s.best === null ? 0 : out.best === null ? 1 : compareValues(s.best, out.best) * (p.which === 'max' ? 1 : -1);
      const shifted = s.label !== null && typeof s.label === 'object' && 'pos' in (s.label as object) ? ({ pos: (s.label as unknown as { pos: number }).pos + out.rows } as unknown as Cell) : s.label;
      out = cmp > 0 ? { best: s.best, label: shifted, rows: out.rows + s.rows } : { ...out, rows: out.rows + s.rows };
    }
    return out;
  },
  finalize: (_p, s) => (s.label !== null && typeof s.label === 'object' && 'pos' in (s.label as object) ? (s.label as unknown as { pos: number }).pos : s.label),
};

/** Distinct values of some columns (missing ones left out), sorted: getDummies' categories. */
const categories: Reducer<{ columns: readonly string[]; sorted?: boolean }, Cell[][], Cell[][]> = {
  chunk: (p, part) =>
    p.columns.map((name) => {
      const c = colOf(findColumn(part, name)!);
      const seen = new Set<string>();
      const out: Cell[] = [];
      for (let i = 0; i < part.length; i++) {
        if (!isValid(c, i)) continue;
        const k = cellKey(c, i);
        if (!seen.has(k)) (seen.add(k), out.push(getCell(c, i)));
      }
      return out;
    }),
  combine: (p, parts) =>
    p.columns.map((_, k) => {
      const seen = new Set<string>();
      const out: Cell[] = [];
      for (const part of parts) for (const v of part[k]!) {
        const key = v instanceof Date ? `d${v.getTime()}` : `${typeof v}:${String(v)}`;
        if (!seen.has(key)) (seen.add(key), out.push(v));
      }
      return out;
    }),
  finalize: (p, s) => (p.sorted === false ? s : s.map((values) => [...values].sort(compareValues))),
};

export interface InfoStats {
  rows: number;
  nonNull: number[];
  first: Cell[] | null;
  last: Cell[] | null;
}

/** Row count, non-null count per column, first and last index labels. */
const info: Reducer<Record<string, never>, InfoStats, InfoStats> = {
  chunk: (_p, part) => {
    const nonNull = part.columns.map((s) => {
      const c = colOf(s);
      if (c.valid === null) return part.length;
      let n = 0;
      for (let i = 0; i < part.length; i++) n += c.valid[i]!;
      return n;
    });
    const labels = (i: number) => part.index.map((s) => getCell(colOf(s), i));
    return { rows: part.length, nonNull, first: part.length ? labels(0) : null, last: part.length ? labels(part.length - 1) : null };
  },
  combine: (_p, parts) => ({
    rows: parts.reduce((n, s) => n + s.rows, 0),
    nonNull: parts[0]!.nonNull.map((_, k) => parts.reduce((n, s) => n + s.nonNull[k]!, 0)),
    first: parts.find((s) => s.first !== null)?.first ?? null,
    last: [...parts].reverse().find((s) => s.last !== null)?.last ?? null,
  }),
  finalize: (_p, s) => s,
};

/** Every distinct row key of some columns (an outer merge's matched keys). */
const keySet: Reducer<{ columns: readonly string[] }, string[], string[]> = {
  chunk: (p, part) => [...new Set(rowKeys(part, p.columns))],
  combine: (_p, parts) => [...new Set(parts.flat())],
  finalize: (_p, s) => s,
};

interface DupState {
  keys: string[];
  /** [partition, row] of the kept occurrence, and how many there were. */
  at: [number, number][];
  count: number[];
}

/** Where each distinct row (by `subset`) occurs first and last: dropDuplicates' global view. */
const occurrences: Reducer<{ subset: readonly string[]; keep: 'first' | 'last' | false }, DupState, DupState> = {
  chunk: (p, part, index) => {
    const out: DupState = { keys: [], at: [], count: [] };
    const pos = new Map<string, number>();
    rowKeys(part, p.subset).forEach((k, i) => {
      const g = pos.get(k);
      if (g === undefined) (pos.set(k, out.keys.length), out.keys.push(k), out.at.push([index, i]), out.count.push(1));
      else {
        out.count[g]!++;
        if (p.keep === 'last') out.at[g] = [index, i];
      }
    });
    return out;
  },
  combine: (p, parts) => {
    const out: DupState = { keys: [], at: [], count: [] };
    const pos = new Map<string, number>();
    for (const s of parts) s.keys.forEach((k, j) => {
      const g = pos.get(k);
      if (g === undefined) (pos.set(k, out.keys.length), out.keys.push(k), out.at.push(s.at[j]!), out.count.push(s.count[j]!));
      else {
        out.count[g]! += s.count[j]!;
        if (p.keep === 'last') out.at[g] = s.at[j]!;
      }
    });
    return out;
  },
  finalize: (_p, s) => s,
};

/** Sorted non-missing values of numeric columns (describe's exact percentiles). */
const sortedValues: Reducer<{ columns: readonly string[] }, Float64Array[], Float64Array[]> = {
  chunk: (p, part) =>
    p.columns.map((name) => {
      const f = asFloat(colOf(findColumn(part, name)!)).filter((x) => !Number.isNaN(x));
      return f.sort();
    }),
  combine: (p, parts) =>
    p.columns.map((_, k) => {
      const all = new Float64Array(parts.reduce((n, s) => n + s[k]!.length, 0));
      let at = 0;
      for (const s of parts) (all.set(s[k]!, at), (at += s[k]!.length));
      return all.sort();
    }),
  finalize: (_p, s) => s,
};

/** Evenly spaced key tuples from each partition: splitters for a range-partitioned sort. */
const sortSample: Reducer<{ by: readonly string[]; ascending: readonly boolean[]; perPartition: number; npartitions: number }, Cell[][], Cell[][]> = {
  chunk: (p, part) => {
    const cols = p.by.map((b) => colOf(findColumn(part, b)!));
    const n = part.length;
    const m = Math.min(n, p.perPartition);
    const out: Cell[][] = [];
    for (let k = 0; k < m; k++) {
      const i = Math.floor(((k + 0.5) * n) / m);
      out.push(cols.map((c) => getCell(c, i)));
    }
    return out;
  },
  combine: (_p, parts) => parts.flat(),
  finalize: (p, s) => {
    const sorted = [...s].sort((a, b) => compareRows(a, b, p.ascending));
    const out: Cell[][] = [];
    for (let j = 1; j < p.npartitions; j++) {
      if (sorted.length === 0) break;
      out.push(sorted[Math.min(sorted.length - 1, Math.floor((j * sorted.length) / p.npartitions))]!);
    }
    return out;
  },
};

const rowCount: Reducer<Record<string, never>, number, number> = {
  chunk: (_p, part) => part.length,
  combine: (_p, parts) => parts.reduce((a, b) => a + b, 0),
  finalize: (_p, s) => s,
};

/** Group top-k (nlargest / nsmallest); like `agg`, its finalizer also takes the last level's partials as a list. */
const topk: Reducer<TopKSpec, TopKPartial, never> & { finalize(p: TopKSpec, s: TopKPartial | readonly TopKPartial[]): Part } = {
  chunk: (p, part) => topkChunk(p, part),
  combine: (p, parts) => topkCombine(p, parts),
  finalize: (p, s) => (Array.isArray(s) ? topkFinalizeOf(p, s as readonly TopKPartial[]) : topkFinalize(p, s as TopKPartial)),
};

/** A hash-partitioned top-k's first step (as `aggSplitChunk`): the partition's partial cut into buckets. */
const topkSplitChunk: Reducer<{ spec: TopKSpec; nbuckets: number }, TopKPartial[], TopKPartial[]> = {
  chunk: (p, part) => topkSplit(p.spec, topkChunk(p.spec, part), p.nbuckets),
  combine: (p, lists) => Array.from({ length: p.nbuckets }, (_, j) => topkCombine(p.spec, lists.map((l) => l[j]!))),
  finalize: (_p, s) => s,
};

export const REDUCERS = { agg, aggSplitChunk, topk, topkSplitChunk, valueCounts, idx, categories, info, keySet, occurrences, sortedValues, sortSample, rowCount } as const;
export type ReducerKind = keyof typeof REDUCERS;
