/**
 * Partition-wise steps: plain data naming one kernel and its arguments. Consecutive steps fuse
 * into one task per partition (`lower.ts`); `runSteps` (worker) applies them in order. A step
 * that needs a value every partition shares (a broadcast table, a scalar) reads it from `sides`,
 * at `sideBase` (set when lowering) plus its own position.
 */
import type { Table } from 'apache-arrow';
import type { Cell } from './column.js';
import type { Dtype } from './dtypes.js';
import type { ColumnMeta } from './meta.js';
import { type Part, fromTable, sliceRows, takeRows } from './part.js';
import type { ExprNode, LitValue } from '../expr/expr.js';
import { assignColumns, fillMissing, filterByExpr } from '../ops/rows.js';
import { conform, renameColumns, resetIndex, selectColumns, setIndex } from '../ops/columns.js';
import { type DummySpec, getDummiesPart } from '../ops/dummies.js';
import { type JoinSpec, joinParts } from '../ops/join.js';
import { sortPart } from '../ops/sort.js';
import { rowKeys } from '../ops/join.js';

export type Step =
  | { readonly s: 'select'; readonly columns: readonly string[] }
  | { readonly s: 'rename'; readonly columns: Readonly<Record<string, string>>; readonly index: Readonly<Record<string, string>> }
  | { readonly s: 'setIndex'; readonly names: readonly string[] }
  | { readonly s: 'resetIndex'; readonly drop: boolean }
  | { readonly s: 'conform'; readonly index: readonly ColumnMeta[]; readonly columns: readonly ColumnMeta[] }
  | { readonly s: 'assign'; readonly items: readonly (readonly [string, ExprNode, Dtype])[] }
  | { readonly s: 'filter'; readonly expr: ExprNode }
  /** `side`: the fill value is side input number `side` (a lazy scalar). */
  | { readonly s: 'fillna'; readonly fills: readonly { readonly column: string; readonly value?: LitValue; readonly side?: number }[] }
  | { readonly s: 'dummies'; readonly specs: readonly DummySpec[]; readonly dtype: Dtype }
  /** Side 0: the broadcast right table. */
  | { readonly s: 'join'; readonly spec: JoinSpec }
  | { readonly s: 'sort'; readonly by: readonly string[]; readonly ascending: readonly boolean[] }
  /** Side 0: `occurrences` of every distinct row; keeps the rows it names. */
  | { readonly s: 'keepOccurrences'; readonly subset: readonly string[]; readonly keep: 'first' | 'last' | false }
  | { readonly s: 'head'; readonly n: number }
  | { readonly s: 'tail'; readonly n: number };

export type LoweredStep = Step & { readonly sideBase: number };

function apply(p: Part, step: LoweredStep, sides: readonly unknown[], index: number): Part {
  const side = (k: number) => sides[step.sideBase + k];
  switch (step.s) {
    case 'select': return selectColumns(p, step.columns);
    case 'rename': return renameColumns(p, step.columns, step.index);
    case 'setIndex': return setIndex(p, step.names);
    case 'resetIndex': return resetIndex(p, step.drop);
    case 'conform': return conform(p, step.index, step.columns);
    case 'assign': return assignColumns(p, step.items);
    case 'filter': return filterByExpr(p, step.expr);
    case 'fillna': return fillMissing(p, step.fills.map((f) => ({ column: f.column, value: f.side === undefined ? f.value! : (side(f.side) as LitValue) })));
    case 'dummies': return getDummiesPart(p, step.specs, step.dtype);
    case 'join': return joinParts(p, fromTable(side(0) as Table), step.spec);
    case 'sort': return sortPart(p, step.by, step.ascending);
    case 'keepOccurrences': {
      const occ = side(0) as { keys: string[]; at: [number, number][]; count: number[] };
      const where = new Map(occ.keys.map((k, g) => [k, g]));
      const keep: number[] = [];
      rowKeys(p, step.subset).forEach((k, i) => {
        const g = where.get(k)!;
        if (step.keep === false ? occ.count[g] === 1 : occ.at[g]![0] === index && occ.at[g]![1] === i) keep.push(i);
      });
      return keep.length === p.length ? p : takeRows(p, keep);
    }
    case 'head': return sliceRows(p, 0, step.n);
    case 'tail': return sliceRows(p, p.length - step.n, p.length);
  }
}

export function applySteps(table: Table, steps: readonly LoweredStep[], sides: readonly unknown[], index: number): Part {
  let p = fromTable(table);
  for (const step of steps) p = apply(p, step, sides, index);
  return p;
}

export type { Cell };
