/**
 * Header and column types from a sample, decided once on the main thread (every partition then
 * parses to the same Arrow types).
 *
 * Inference mirrors pandas: over a column's non-missing values, all True/False spellings → bool;
 * all integers in int64 range → int64, or float64 if the column also has a missing value (pandas'
 * int-with-NaN rule); all numbers → float64; anything else → string. An all-missing column is
 * float64; a file with no data rows gives strings (pandas' object).
 *
 * A sample can be wrong about the rest of the file. The answer here:
 *  - a missing value later in an int64 column is just a null (Arrow ints are nullable), so the
 *    type holds; only the dtype name differs from what pandas would report for the whole file;
 *  - any other misfit (`3.5` or `abc` in an int64 column, …) fails the partition with a
 *    TypeMismatch naming file, line, column and value, and the exact `dtype:` to pass — or
 *    `sample: 'all'` to infer from every byte of every file, pandas' own behaviour, at the cost of
 *    one extra tokenizing pass. Widening per partition was turned down: partitions parse
 *    independently, so two of them could widen differently and a later concat would not line up.
 */
import { TuskError, closest } from '../../errors.js';
import { normalizeDtype, type CsvDtype } from './dtypes.js';
import { csvError, showValue } from './errors.js';
import { readHeader, unterminatedQuote, uniqueNames } from './header.js';
import { makeNaMatcher, type NaMatcher } from './na.js';
import { parseBool, parseFloat64, parseInt64, parsed } from './numbers.js';
import { DEFAULT_SAMPLE_BYTES, resolveHeader, resolveParseOptions, type CsvOptions } from './options.js';
import type { CsvColumn, CsvSchema } from './schema.js';
import { lineAt, streamRecords } from './source.js';
import { FIELD_RAW, unquoteField, type Tokens } from './tokenize.js';
import { expandPaths } from './glob.js';

const SAMPLE_BATCH_ROWS = 4096;

/** What a column's values so far allow. */
interface Seen {
  bool: boolean;
  int: boolean;
  float: boolean;
  values: number;
  nulls: number;
}

function observe(seen: Seen, buf: Uint8Array, s: number, e: number, na: NaMatcher): void {
  if (na.matches(buf, s, e)) {
    seen.nulls++;
    return;
  }
  seen.values++;
  if (seen.int) {
    parseInt64(buf, s, e);
    if (parsed.ok) {
      seen.bool = false;
      return;
    }
    seen.int = false;
  }
  if (seen.float) {
    parseFloat64(buf, s, e);
    if (parsed.ok) {
      seen.bool = false;
      return;
    }
    seen.float = false;
  }
  if (seen.bool && parseBool(buf, s, e) < 0) seen.bool = false;
}

function decide(seen: Seen): CsvDtype {
  if (seen.values === 0) return seen.nulls === 0 ? 'string' : 'float64';
  if (seen.bool && !seen.int) return 'bool';
  if (seen.int) return seen.nulls > 0 ? 'float64' : 'int64';
  if (seen.float) return 'float64';
  return 'string';
}

/** The narrowest dtype holding both `dtype` and the value `buf[s..e)`: for "pass dtype: …" hints. */
export function widenFor(dtype: CsvDtype, buf: Uint8Array, s: number, e: number): CsvDtype {
  if (dtype === 'string' || dtype === 'date' || dtype === 'datetime') return 'string';
  const seen: Seen = { bool: dtype === 'bool', int: dtype === 'int64' || dtype === 'int32', float: dtype !== 'bool', values: 1, nulls: 0 };
  observe(seen, buf, s, e, makeNaMatcher([]));
  if (seen.bool) return 'bool';
  if (seen.int) return 'int64';
  return seen.float ? 'float64' : 'string';
}

export function raggedRow(file: string, line: number, columns: readonly string[], got: number, extra: string | undefined): TuskError {
  const n = columns.length;
  const problem = got > n ? `${got} fields where the header has ${n}` : `${got} field${got === 1 ? '' : 's'} where the header has ${n}`;
  return csvError('CsvParse', problem, { file, line, column: got > n ? `(extra field ${n + 1})` : columns[got], value: extra },
    got > n ? 'a field holding the separator must be quoted; check the separator (sep) and quoting on that line' : 'every record needs a value for every column (an empty one for missing); check for a missing separator or a stray newline',
    { expectedFields: n, fields: got });
}

function fieldBytes(buf: Uint8Array, tokens: Tokens, f: number, quote: number): Uint8Array {
  const s = tokens.starts[f]!;
  const e = tokens.ends[f]!;
  if (!(tokens.flags[f]! & FIELD_RAW)) return buf.subarray(s, e);
  const out = new Uint8Array(e - s);
  return out.subarray(0, unquoteField(buf, s, e, quote, out, 0));
}

/** Infers the schema of `paths` (a path, glob or list) from a sample of the first file. */
export function inferCsvSchema(paths: string | readonly string[], options: CsvOptions = {}): CsvSchema {
  const files = expandPaths(paths);
  const parse = resolveParseOptions(options);
  const header = resolveHeader(options);
  const sample = options.sample ?? DEFAULT_SAMPLE_BYTES;
  if (sample !== 'all' && !(typeof sample === 'number' && sample > 0)) {
    throw new TuskError('InvalidArgument', `sample must be a positive number of bytes or 'all', got ${String(sample)}`);
  }
  const na = makeNaMatcher(parse.naValues);
  let names: string[] | null = null;
  let seen: Seen[] = [];
  const sampled = sample === 'all' ? files : files.slice(0, 1);
  // With nrows, types come from those rows only, as pandas reads nothing else.
  const rowLimit = parse.nrows ?? Infinity;
  let sampledRows = 0;
  for (const file of sampled) {
    const head = readHeader(file, header, parse.sep, parse.quote);
    if (names === null) {
      names = options.names !== undefined ? [...options.names] : head.names;
      if (names !== null) seen = names.map(() => newSeen());
    }
    const stopAt = sample === 'all' ? Infinity : head.dataStart + sample;
    const records = streamRecords(file, head.dataStart, parse.sep, parse.quote, SAMPLE_BATCH_ROWS, stopAt, (at, field, bytes) =>
      unterminatedQuote(file, lineAt(file, at), names?.[field] ?? `#${field}`, showValue(bytes)),
    );
    for (const { buf, base, tokens } of records) {
      if (sampledRows >= rowLimit) break;
      const { rowFields } = tokens;
      if (names === null) {
        // No header and no names: pandas numbers the columns 0, 1, 2…
        names = Array.from({ length: rowFields[1]! - rowFields[0]! }, (_, i) => String(i));
        seen = names.map(() => newSeen());
      }
      const n = names.length;
      const rows = Math.min(tokens.rows, rowLimit - sampledRows);
      sampledRows += rows;
      for (let r = 0; r < rows; r++) {
        const f0 = rowFields[r]!;
        const got = rowFields[r + 1]! - f0;
        if (got !== n) {
          const extra = got > n ? showValue(fieldBytes(buf, tokens, f0 + n, parse.quote)) : undefined;
          throw raggedRow(file, lineAt(file, base + tokens.starts[f0]!), names, got, extra);
        }
        for (let c = 0; c < n; c++) {
          const seenC = seen[c]!;
          if (!seenC.int && !seenC.float && !seenC.bool) continue; // already a string: nothing to learn
          const f = f0 + c;
          if (tokens.flags[f]! & FIELD_RAW) {
            const b = fieldBytes(buf, tokens, f, parse.quote);
            observe(seenC, b, 0, b.length, na);
          } else observe(seenC, buf, tokens.starts[f]!, tokens.ends[f]!, na);
        }
      }
    }
  }
  if (names === null) {
    throw new TuskError('FileFormat', `${files[0]} holds no records, so it has no columns to read`, {
      context: { file: files[0] },
      hint: 'pass names: [...] for an empty file without a header, or leave the file out',
    });
  }
  const fileColumns = uniqueNames(names);
  const inferredFrom = sample === 'all' ? `all ${files.length} file(s)` : `the first ${sample} bytes of ${files[0]}`;
  return selectColumns(fileColumns, seen.map(decide), inferredFrom, options);
}

function newSeen(): Seen {
  return { bool: true, int: true, float: true, values: 0, nulls: 0 };
}

function columnNotFound(name: string, what: string, columns: readonly string[]): TuskError {
  const guess = closest(name, columns);
  return new TuskError('ColumnNotFound', `${what} names column "${name}", which the file does not have; columns are ${columns.join(', ')}`, {
    context: { column: name, columns },
    hint: guess !== undefined ? `did you mean "${guess}"?` : undefined,
  });
}

function position(ref: string | number, what: string, columns: readonly string[]): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0 || ref >= columns.length) {
      throw new TuskError('InvalidArgument', `${what} position ${ref} is out of range: the file has ${columns.length} columns`, { context: { [what]: ref } });
    }
    return ref;
  }
  const i = columns.indexOf(ref);
  if (i < 0) throw columnNotFound(ref, what, columns);
  return i;
}

/** usecols, dtype and indexCol applied to the file's columns and their inferred dtypes. */
export function selectColumns(fileColumns: string[], inferred: CsvDtype[], inferredFrom: string, options: CsvOptions): CsvSchema {
  const keep = new Set(options.usecols === undefined ? fileColumns.map((_, i) => i) : options.usecols.map((u) => position(u, 'usecols', fileColumns)));
  const index = options.indexCol == null ? null : position(options.indexCol, 'indexCol', fileColumns);
  if (index !== null) keep.add(index); // pandas would refuse; keeping it is what the caller meant
  const explicit = new Map<number, CsvDtype>();
  if (typeof options.dtype === 'string') {
    const d = normalizeDtype(options.dtype, '*');
    fileColumns.forEach((_, i) => explicit.set(i, d));
  } else if (options.dtype !== undefined) {
    for (const [name, d] of Object.entries(options.dtype)) explicit.set(position(name, 'dtype', fileColumns), normalizeDtype(d, name));
  }
  const columns: CsvColumn[] = [];
  fileColumns.forEach((name, i) => {
    if (!keep.has(i)) return;
    const dt = explicit.get(i);
    columns.push({ name, position: i, dtype: dt ?? inferred[i] ?? 'string', origin: dt === undefined ? 'inferred' : 'explicit' });
  });
  if (index !== null) columns.sort((a, b) => Number(b.position === index) - Number(a.position === index));
  return { columns, fileColumns, indexCol: index === null ? null : fileColumns[index]!, inferredFrom };
}
