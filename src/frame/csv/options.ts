/**
 * `readCsv` options (pandas names in camelCase), checked once at the edge; what crosses to a
 * worker is the resolved `CsvParseOptions`: plain data, safe to structured-clone or JSON-encode.
 */
import { TuskError } from '../../errors.js';
import { DEFAULT_NA_VALUES } from './na.js';

export const DEFAULT_BLOCKSIZE = 64 * 1024 * 1024;
export const DEFAULT_SAMPLE_BYTES = 1024 * 1024;

export interface CsvOptions {
  /** Field separator, one ASCII character (default ','). Regular expressions are not supported. */
  sep?: string;
  /** Quote character (default '"'); null reads quotes as ordinary bytes. */
  quoteChar?: string | null;
  /** Which record (blank lines not counted) holds the column names; null: there is none. Default 0. */
  header?: number | null;
  /** Column names to use instead of the header's (the header record, if any, is still skipped). */
  names?: readonly string[];
  /** Columns to keep, by name or position; output keeps file order, as pandas does. */
  usecols?: readonly (string | number)[];
  /** One dtype for every column, or per column name. Columns not named are inferred. */
  dtype?: string | Readonly<Record<string, string>>;
  /** Extra missing-value spellings (added to pandas' defaults unless `keepDefaultNa: false`). */
  naValues?: readonly string[];
  keepDefaultNa?: boolean;
  /** Column to become the index: it is moved first and named in the schema metadata `tusk.index`. */
  indexCol?: string | number | null;
  /** Read at most this many data rows (per `parseCsvRange` call; over all files in `readCsvTable`). */
  nrows?: number | null;
  /** Bytes of the first file used to infer types (default 1 MiB), or 'all' to read every file. */
  sample?: number | 'all';
  /**
   * Target partition size: bytes, or a size string such as '16MiB' or '64MB'. Default: 64 MiB,
   * or less for small inputs so every core gets at least two partitions (never under 4 MiB).
   */
  blocksize?: number | string;
}

export interface CsvParseOptions {
  /** Separator byte. */
  sep: number;
  /** Quote byte, or -1 when quoting is off. */
  quote: number;
  /** Every missing-value spelling in force. */
  naValues: string[];
  nrows: number | null;
}

function singleByte(value: unknown, what: string): number {
  if (typeof value !== 'string' || value.length !== 1 || value.charCodeAt(0) > 127 || value === '\n' || value === '\r') {
    throw new TuskError('InvalidArgument', `${what} must be one ASCII character other than a newline, got ${JSON.stringify(value)}`, {
      context: { [what]: value },
      hint: what === 'sep' ? "use ',' or '\\t' or ';' (pandas' regular-expression separators such as '\\s+' are not supported)" : 'use \'"\' or null',
    });
  }
  return value.charCodeAt(0);
}

export function checkCount(value: unknown, what: string, allowZero: boolean): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TuskError('InvalidArgument', `${what} must be a${allowZero ? ' non-negative' : ' positive'} integer, got ${String(value)}`, {
      context: { [what]: value },
    });
  }
}

export function resolveParseOptions(options: CsvOptions = {}): CsvParseOptions {
  const sep = singleByte(options.sep ?? ',', 'sep');
  const quote = options.quoteChar === null ? -1 : singleByte(options.quoteChar ?? '"', 'quoteChar');
  if (quote === sep) {
    throw new TuskError('InvalidArgument', `sep and quoteChar are both ${JSON.stringify(options.sep)}`, { hint: 'choose different characters' });
  }
  if (options.nrows != null) checkCount(options.nrows, 'nrows', true);
  if (options.naValues !== undefined && (!Array.isArray(options.naValues) || options.naValues.some((v) => typeof v !== 'string'))) {
    throw new TuskError('InvalidArgument', 'naValues must be an array of strings', { context: { naValues: options.naValues } });
  }
  const naValues = [...(options.keepDefaultNa === false ? [] : DEFAULT_NA_VALUES), ...(options.naValues ?? [])];
  return { sep, quote, naValues, nrows: options.nrows ?? null };
}

/** `header` as a record number or null, checked. */
export function resolveHeader(options: CsvOptions): number | null {
  const header = options.header === undefined ? 0 : options.header;
  if (header !== null) checkCount(header, 'header', true);
  return header;
}
