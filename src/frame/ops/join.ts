/**
 * Hash-join kernels shared by `join` and `merge`: one partition of the big side against the
 * whole small side (broadcast). Keys compare by value across int and float columns; a missing
 * key matches a missing key, as in pandas' merge.
 */
import { type Col, cellKey, concatCols, isValid, take } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, type Slot, colOf, findColumn, slot } from '../core/part.js';

export function rowKeys(p: Part, names: readonly string[]): string[] {
  const cols = names.map((n) => colOf(findColumn(p, n)!));
  const out = new Array<string>(p.length);
  for (let i = 0; i < p.length; i++) out[i] = cols.length === 1 ? cellKey(cols[0]!, i) : cols.map((c) => cellKey(c, i)).join('\u0001');
  return out;
}

/** Matching row pairs in left order (each left row's matches in right order); -1: no match. */
export function matchRows(left: readonly string[], right: readonly string[], how: 'left' | 'inner'): { li: number[]; ri: number[] } {
  const table = new Map<string, number[]>();
  right.forEach((k, j) => {
    const list = table.get(k);
    if (list) list.push(j);
    else table.set(k, [j]);
  });
  const li: number[] = [];
  const ri: number[] = [];
  left.forEach((k, i) => {
    const m = table.get(k);
    if (m) for (const j of m) (li.push(i), ri.push(j));
    else if (how === 'left') (li.push(i), ri.push(-1));
  });
  return { li, ri };
}

/** Where an output column comes from: a left column, a right column, or left else right (keys of an outer merge). */
export interface OutColumn {
  readonly out: string;
  readonly dtype: Dtype;
  readonly left?: string;
  readonly right?: string;
}

function coalesce(a: Col, b: Col): Col {
  if (a.valid === null) return a;
  const values = a.values.slice() as Col['values'];
  const valid = a.valid.slice();
  for (let i = 0; i < valid.length; i++) {
    if (valid[i] === 0 && isValid(b, i)) {
      (values as unknown[])[i] = b.values[i];
      valid[i] = 1;
    }
  }
  return { dtype: a.dtype, values, valid };
}

function build(oc: OutColumn, l: Part, r: Part, li: ArrayLike<number>, ri: ArrayLike<number>): Slot {
  const fromL = oc.left !== undefined ? take(colOf(findColumn(l, oc.left)!), li) : undefined;
  const fromR = oc.right !== undefined ? take(colOf(findColumn(r, oc.right)!), ri) : undefined;
  let c = fromL && fromR ? coalesce(fromL, fromR) : (fromL ?? fromR)!;
  if (c.dtype !== oc.dtype) c = concatCols(oc.dtype, [c]);
  return slot(oc.out, c);
}

export interface JoinSpec {
  readonly how: 'left' | 'inner';
  readonly leftOn: readonly string[];
  readonly rightOn: readonly string[];
  /** Output index columns (usually the left index; none for merge). */
  readonly index: readonly OutColumn[];
  readonly columns: readonly OutColumn[];
}

export function joinParts(l: Part, r: Part, spec: JoinSpec): Part {
  const { li, ri } = matchRows(rowKeys(l, spec.leftOn), rowKeys(r, spec.rightOn), spec.how);
  return {
    index: spec.index.map((oc) => build(oc, l, r, li, ri)),
    columns: spec.columns.map((oc) => build(oc, l, r, li, ri)),
    length: li.length,
  };
}

/** Right rows whose key is not in `seen`, with left columns missing (the tail of an outer merge). */
export function unmatchedRight(r: Part, rightOn: readonly string[], seen: ReadonlySet<string>, spec: JoinSpec, leftTemplate: Part): Part {
  const keys = rowKeys(r, rightOn);
  const ri: number[] = [];
  keys.forEach((k, j) => {
    if (!seen.has(k)) ri.push(j);
  });
  const li = new Array<number>(ri.length).fill(-1);
  return {
    index: spec.index.map((oc) => build(oc, leftTemplate, r, li, ri)),
    columns: spec.columns.map((oc) => build(oc, leftTemplate, r, li, ri)),
    length: ri.length,
  };
}
