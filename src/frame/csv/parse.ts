/**
 * Partition parsing: one byte range of one file → one Arrow table, against a schema fixed in
 * advance. This is what a worker thread runs for each `readCsv` partition; it needs nothing but
 * its task (`path`, `start`, `end`, `startLine`, schema, options), all plain data.
 *
 * Records are tokenized a batch at a time (so the token arrays stay small however big the range)
 * and each batch is appended column by column.
 */
import { RecordBatch, Struct, Table, makeData } from 'apache-arrow';
import { csvError, showValue } from './errors.js';
import { unterminatedQuote } from './header.js';
import { raggedRow, widenFor } from './infer.js';
import { makeNaMatcher } from './na.js';
import type { CsvParseOptions } from './options.js';
import { arrowSchema, type CsvColumn, type CsvSchema } from './schema.js';
import { makeColumnBuilder, misfit, type ColumnBuilder, type FieldBatch, type RejectReason } from './columns.js';
import { readRangeScratch } from './source.js';
import { FIELD_RAW, countNewlines, makeTokens, tokenize, unquoteField, TOKEN_OK } from './tokenize.js';

const BATCH_ROWS = 16384;

/** A byte range of a file (as planned by `planCsvPartitions`), or bytes already in memory. */
export type CsvSource =
  | { path: string; start: number; end: number; startLine?: number }
  | { bytes: Uint8Array; path?: string; startLine?: number };

/**
 * Parses whole records (no header: planning puts every range past it) into a table with
 * `schema`'s columns. Throws a TuskError naming file, line, column and value for an unclosed
 * quote, a record with the wrong number of fields, invalid UTF-8 in a string column, or a value
 * that does not fit its column's dtype.
 */
export function parseCsvRange(source: CsvSource, schema: CsvSchema, options: CsvParseOptions): Table {
  // The builders copy every field out of `buf`, so a file range can live in the thread's scratch buffer.
  const buf = 'bytes' in source ? source.bytes : readRangeScratch(source.path, source.start, source.end);
  const file = source.path ?? '<bytes>';
  const startLine = source.startLine ?? 1;
  const { sep, quote } = options;
  const nCols = schema.fileColumns.length;
  const lineOf = (offset: number): number => startLine + countNewlines(buf, 0, offset);
  // A record takes at least one byte: small ranges (tiny blocksizes) get small token arrays.
  const maxRows = Math.min(BATCH_ROWS, buf.length + 1);
  const tokens = makeTokens(maxRows, Math.min(maxRows * nCols, buf.length + maxRows));

  const valueOf = (f: number): Uint8Array => {
    const s = tokens.starts[f]!;
    const e = tokens.ends[f]!;
    if (!(tokens.flags[f]! & FIELD_RAW)) return buf.subarray(s, e);
    const out = new Uint8Array(e - s);
    return out.subarray(0, unquoteField(buf, s, e, quote, out, 0));
  };
  const reject = (row: number, column: CsvColumn, reason: RejectReason): never => {
    const f = row * nCols + column.position;
    const bytes = valueOf(f);
    const where = { file, line: lineOf(tokens.starts[f]!), column: column.name, value: showValue(bytes) };
    if (reason === 'utf8') {
      throw csvError('CsvParse', 'the value is not valid UTF-8', where, 'convert the file to UTF-8 first (for example `iconv -f latin1 -t utf-8 in.csv > out.csv`)');
    }
    const wider = widenFor(column.dtype, bytes, 0, bytes.length);
    const orNa = " (or, if it means 'missing', add it to naValues)";
    if (column.origin === 'explicit') {
      throw csvError('TypeMismatch', `not a valid ${column.dtype}, the dtype asked for this column`, where,
        `fix the value, or read the column with dtype: { ${JSON.stringify(column.name)}: '${wider}' } and convert it after reading${orNa}`,
        { dtype: column.dtype, suggestedDtype: wider });
    }
    throw csvError('TypeMismatch', `does not fit the type ${column.dtype} inferred from ${schema.inferredFrom}`, where,
      `pass dtype: { ${JSON.stringify(column.name)}: '${wider}' } to readCsv, or sample: 'all' to infer types from whole files (one extra pass)${orNa}`,
      { dtype: column.dtype, suggestedDtype: wider });
  };
  const batch: FieldBatch = { buf, tokens, rows: 0, nCols, quote, na: makeNaMatcher(options.naValues), reject };

  // The first bad value in record order, whatever order the builders met it in: so a file fails
  // with the same error however it is partitioned.
  const byPosition = [...schema.columns].sort((a, b) => a.position - b.position);
  const firstMisfit = (rows: number): void => {
    for (let r = 0; r < rows; r++) {
      for (const col of byPosition) {
        const reason = misfit(col, valueOf(r * nCols + col.position), batch.na);
        if (reason !== null) reject(r, col, reason);
      }
    }
  };

  let builders: ColumnBuilder[] | null = null;
  let remaining = options.nrows ?? Infinity;
  let length = 0;
  for (let pos = 0; pos < buf.length && remaining > 0; pos = tokens.next) {
    tokenize(buf, pos, buf.length, sep, quote, true, tokens);
    const rows = Math.min(tokens.rows, remaining);
    const { rowFields } = tokens;
    let good = 0;
    while (good < rows && rowFields[good + 1]! - rowFields[good]! === nCols) good++;
    if (good > 0) {
      builders ??= makeBuilders(schema.columns, tokens.next - pos, buf.length - pos, good, batch);
      batch.rows = good;
      try {
        for (const b of builders) b.append(batch);
      } catch (err) {
        firstMisfit(good);
        throw err;
      }
      remaining -= good;
      length += good;
    }
    if (good < rows) {
      const f0 = rowFields[good]!;
      const got = rowFields[good + 1]! - f0;
      const extra = got > nCols ? showValue(valueOf(f0 + nCols)) : undefined;
      throw raggedRow(file, lineOf(tokens.starts[f0]!), schema.fileColumns, got, extra);
    }
    if (tokens.status !== TOKEN_OK && remaining > 0) {
      const at = tokens.errorAt;
      throw unterminatedQuote(file, lineOf(at), schema.fileColumns[tokens.errorField], showValue(buf.subarray(at, at + 60)));
    }
    if (tokens.rows === 0) break; // only empty lines were left
  }
  builders ??= makeBuilders(schema.columns, 1, 0, 0, batch);
  const arrow = arrowSchema(schema);
  const children = builders.map((b) => b.finish());
  const data = makeData({ type: new Struct(arrow.fields), length, nullCount: 0, children });
  return new Table(arrow, new RecordBatch(arrow, data));
}

/** Sizes the builders from the first batch, scaled to the whole range: few regrowths, little waste. */
function makeBuilders(columns: readonly CsvColumn[], firstBytes: number, totalBytes: number, firstRows: number, batch: FieldBatch): ColumnBuilder[] {
  const scale = totalBytes / Math.max(1, firstBytes);
  const rows = Math.ceil(firstRows * scale * 1.02) + 16;
  const { starts, ends } = batch.tokens;
  return columns.map((col) => {
    let bytes = 0;
    if (col.dtype === 'string') {
      for (let r = 0, f = col.position; r < firstRows; r++, f += batch.nCols) bytes += ends[f]! - starts[f]!;
    }
    return makeColumnBuilder(col, rows, Math.ceil(bytes * scale * 1.02) + 64);
  });
}
