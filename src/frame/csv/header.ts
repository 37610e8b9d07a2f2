/**
 * A file's header: the column names, and the byte where data starts (past a BOM, any records before
 * the header, and the header itself). Each file of a glob has its own header, as with Dask.
 */
import { TuskError } from '../../errors.js';
import { csvError, showValue } from './errors.js';
import { bomLength, lineAt, readRange, streamRecords } from './source.js';
import { FIELD_RAW, unquoteField } from './tokenize.js';

export interface FileHeader {
  /** The header's names as written (not yet made unique), or null when there is no header. */
  names: string[] | null;
  /** Byte offset of the first data record (or of an empty line before it). */
  dataStart: number;
  /** 1-based line number of `dataStart`. */
  dataLine: number;
}

const strict = new TextDecoder('utf-8', { fatal: true });

export function unterminatedQuote(file: string, line: number, column: string | undefined, value: string): TuskError {
  return csvError('CsvParse', 'a quoted field is never closed: it runs to the end of the data', { file, line, column, value },
    'close the quote (a quote inside a quoted field is written twice: "say ""hi"""), or pass quoteChar: null if quotes in this file are plain characters');
}

export function readHeader(path: string, header: number | null, sep: number, quote: number): FileHeader {
  const bom = bomLength(readRange(path, 0, 3));
  if (header === null) return { names: null, dataStart: bom, dataLine: 1 };
  let index = 0;
  const records = streamRecords(path, bom, sep, quote, 1, Infinity, (at, field, bytes) =>
    unterminatedQuote(path, lineAt(path, at), `#${field}`, showValue(bytes)),
  );
  for (const { buf, tokens, nextOffset } of records) {
    if (index++ < header) continue;
    const names: string[] = [];
    for (let f = 0; f < tokens.fields; f++) {
      let bytes = buf.subarray(tokens.starts[f]!, tokens.ends[f]!);
      if (tokens.flags[f]! & FIELD_RAW) {
        const out = new Uint8Array(bytes.length);
        bytes = out.subarray(0, unquoteField(buf, tokens.starts[f]!, tokens.ends[f]!, quote, out, 0));
      }
      try {
        names.push(strict.decode(bytes));
      } catch {
        const line = lineAt(path, nextOffset - 1);
        throw csvError('CsvParse', 'the header is not valid UTF-8', { file: path, line, column: `#${f}`, value: showValue(bytes) },
          'convert the file to UTF-8 first (for example `iconv -f latin1 -t utf-8`)');
      }
    }
    return { names, dataStart: nextOffset, dataLine: lineAt(path, nextOffset) };
  }
  throw new TuskError('FileFormat', `${path} has no header: it holds ${index} record(s), and header is ${header}`, {
    context: { file: path, header },
    hint: index === 0 ? 'the file is empty; remove it from the list or glob' : 'pass header: null (and names) if the file has no header row',
  });
}

/**
 * pandas' rules for header names: an empty name is `Unnamed: i`; a repeated name gets `.1`, `.2`…
 * (skipping any suffix already taken), so every column can be selected by name.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const out: string[] = [];
  const taken = new Set<string>();
  names.forEach((raw, i) => {
    let name = raw === '' ? `Unnamed: ${i}` : raw;
    if (taken.has(name)) {
      let k = 1;
      while (taken.has(`${name}.${k}`)) k++;
      name = `${name}.${k}`;
    }
    taken.add(name);
    out.push(name);
  });
  return out;
}
