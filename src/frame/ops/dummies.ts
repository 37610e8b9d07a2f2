/**
 * getDummies on a partition: each encoded column is replaced by one 0/1 column per category,
 * appended after the other columns (pandas' order). Categories were found over all partitions
 * beforehand, so every partition makes the same columns; a missing value is all zeros.
 */
import { type Cell, allocValues, cellKey, fromCells } from '../core/column.js';
import type { Dtype } from '../core/dtypes.js';
import { type Part, colOf, slot } from '../core/part.js';

export interface DummySpec {
  readonly column: string;
  readonly categories: readonly Cell[];
  /** Output column name per category. */
  readonly names: readonly string[];
}

export function getDummiesPart(p: Part, specs: readonly DummySpec[], dtype: Dtype): Part {
  const encoded = new Set(specs.map((s) => s.column));
  const columns = p.columns.filter((s) => !encoded.has(s.name));
  for (const spec of specs) {
    const c = colOf(p.columns.find((s) => s.name === spec.column)!);
    const probe = fromCells(c.dtype, spec.categories as unknown[]);
    const at = new Map<string, number>();
    spec.categories.forEach((_, k) => at.set(cellKey(probe, k), k));
    const outs = spec.names.map(() => allocValues(dtype, p.length) as Uint8Array | Float64Array | BigInt64Array);
    for (let i = 0; i < p.length; i++) {
      const k = at.get(cellKey(c, i));
      if (k !== undefined) {
        const o = outs[k]!;
        if (o instanceof BigInt64Array) o[i] = 1n;
        else (o as Uint8Array)[i] = 1;
      }
    }
    spec.names.forEach((name, k) => columns.push(slot(name, { dtype, values: outs[k]!, valid: null })));
  }
  return { ...p, columns };
}
