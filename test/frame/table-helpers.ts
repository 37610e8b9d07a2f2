/** Reading Arrow tables in frame tests (CSV and Parquet alike). */
import type { Table } from 'apache-arrow';

/** Column name → values, as Arrow returns them (bigint for int64, numbers, strings, booleans, null). */
export function columns(table: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of table.schema.fields) {
    const v = table.getChild(f.name)!;
    out[f.name] = Array.from({ length: v.length }, (_, i) => v.get(i));
  }
  return out;
}

/** Type names per column, e.g. { a: 'Int64', b: 'Utf8' }. */
export function types(table: Table): Record<string, string> {
  return Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
}
