/**
 * The CSV hot loops, behind a small function interface a native addon can take over:
 * `scanForRecordStarts` (partition planning) and `tokenize` (partition parsing).
 *
 * Both run one grammar, the pandas C tokenizer's lenient RFC 4180:
 *
 *   FIELD_START --quote--> QUOTED --quote--> QUOTE_IN_QUOTED --quote--> QUOTED   (a doubled quote)
 *   FIELD_START --other--> UNQUOTED       QUOTE_IN_QUOTED --other--> UNQUOTED (`"ab"c` reads `abc`)
 *   UNQUOTED keeps quotes as literal bytes (`5" pipe`); sep ends a field; LF, CR or CRLF end a record
 *   outside QUOTED; an empty line is skipped.
 *
 * Planning and parsing must agree byte for byte on where records start, or a split point would
 * land inside a record: that is why the planner runs this state machine over the whole file
 * instead of guessing from quote parity (parity misreads a literal quote in an unquoted field).
 */

const LF = 10;
const CR = 13;

/** Field start (also record start), unquoted field, inside quotes, just after a quote inside quotes. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/** Carried from one streamed chunk to the next by `scanForRecordStarts`. */
export interface ScanState {
  /** One of the four grammar states (0..3). */
  state: number;
  /** Newlines (LF) seen so far, inside or outside quotes: gives each partition its first line number. */
  newlines: number;
}

/**
 * Scans `buf[0..n)` (bytes `base..base+n` of the file) and calls `onRecordStart(offset, line)` at the
 * first record start at or after `threshold` — the callback returns the next threshold (or
 * `Infinity` when no more are needed). `quote` is -1 when quoting is off.
 *
 * Runs the grammar above without visiting bytes one state at a time: quotes are found with a native
 * search, and between two quotes only newlines matter (the state there is decided by the byte just
 * before the next quote). On quote-free data this is a newline count.
 */
export function scanForRecordStarts(
  buf: Uint8Array,
  n: number,
  base: number,
  sep: number,
  quote: number,
  st: ScanState,
  threshold: number,
  onRecordStart: (offset: number, line: number) => number,
): number {
  let state = st.state;
  let nl = st.newlines;
  let next = threshold;
  let i = 0;
  while (i < n) {
    let q = quote < 0 ? n : buf.indexOf(quote, i);
    if (q < 0 || q > n) q = n;
    if (state === QUOTED) {
      for (; i < q; i++) if (buf[i] === LF) nl++;
      if (q === n) break;
      state = QUOTE_IN_QUOTED;
      i = q + 1;
      continue;
    }
    if (i === q) {
      // A quote opens a field (or doubles one just closed); inside an unquoted field it is literal.
      if (state !== UNQUOTED) state = QUOTED;
      i++;
      continue;
    }
    for (; i < q; i++) {
      if (buf[i] === LF) {
        nl++;
        if (base + i + 1 >= next) next = onRecordStart(base + i + 1, nl + 1);
      }
    }
    const last = buf[q - 1]!;
    state = last === sep || last === LF || last === CR ? FIELD_START : UNQUOTED;
  }
  st.state = state;
  st.newlines = nl;
  return next;
}

/** Field flag: the field's bytes are raw (quotes included) and must go through `unquoteField`. */
export const FIELD_RAW = 1;

/**
 * Tokenizer output, reused across calls. Field `f` spans `buf[starts[f]..ends[f])`; when
 * `flags[f] & FIELD_RAW` that span still holds quotes to undo. Row `r` owns fields
 * `rowFields[r]..rowFields[r+1]`.
 */
export interface Tokens {
  starts: Uint32Array;
  ends: Uint32Array;
  flags: Uint8Array;
  rowFields: Uint32Array;
  rows: number;
  fields: number;
  /** Where tokenizing stopped: the start of the first record not returned. */
  next: number;
  /** 0 ok; TOKEN_UNTERMINATED_QUOTE: a quoted field runs to the end of the data (at `errorAt`). */
  status: number;
  errorAt: number;
  /** With an error: which field of its record (0-based) the open quote starts. */
  errorField: number;
}

export const TOKEN_OK = 0;
export const TOKEN_UNTERMINATED_QUOTE = 1;

export function makeTokens(maxRows: number, fieldCapacity: number): Tokens {
  const cap = Math.max(16, fieldCapacity);
  return {
    starts: new Uint32Array(cap),
    ends: new Uint32Array(cap),
    flags: new Uint8Array(cap),
    rowFields: new Uint32Array(maxRows + 1),
    rows: 0,
    fields: 0,
    next: 0,
    status: TOKEN_OK,
    errorAt: 0,
    errorField: 0,
  };
}

function grow(t: Tokens): void {
  const cap = t.starts.length * 2;
  const s = new Uint32Array(cap);
  s.set(t.starts);
  const e = new Uint32Array(cap);
  e.set(t.ends);
  const f = new Uint8Array(cap);
  f.set(t.flags);
  t.starts = s;
  t.ends = e;
  t.flags = f;
}

/**
 * Splits `buf[pos..end)` into at most `t.rowFields.length - 1` records. When `final` is false the
 * data goes on past `end` (a streamed chunk): a record that reaches `end` unfinished is left for the
 * next call (`t.next` points at it). When `final` is true, `end` terminates the last record, and an
 * open quote there is an error. Always advances or stops, so arbitrary bytes cannot hang it.
 */
export function tokenize(buf: Uint8Array, pos: number, end: number, sep: number, quote: number, final: boolean, t: Tokens): void {
  const maxRows = t.rowFields.length - 1;
  let starts = t.starts;
  let ends = t.ends;
  let flags = t.flags;
  let cap = starts.length;
  const rowFields = t.rowFields;
  let nf = 0;
  let nr = 0;
  let p = pos;
  const above = Math.max(sep, CR); // bytes above this cannot end an unquoted field
  t.status = TOKEN_OK;
  records: while (nr < maxRows && p < end) {
    const recordStart = p;
    let c = buf[p]!;
    if (c === LF) {
      p++;
      continue;
    }
    if (c === CR) {
      if (p + 1 < end) p += buf[p + 1] === LF ? 2 : 1;
      else if (final) p++;
      else break; // an LF may follow in the next chunk
      continue;
    }
    rowFields[nr] = nf;
    for (;;) {
      if (nf === cap) {
        t.fields = nf;
        grow(t);
        starts = t.starts;
        ends = t.ends;
        flags = t.flags;
        cap = starts.length;
      }
      if (p < end && buf[p] === quote) {
        const rawStart = p;
        p++;
        const s = p;
        let raw = 0;
        for (;;) {
          while (p < end && buf[p] !== quote) p++;
          if (p >= end) {
            if (!final) {
              p = recordStart;
              nf = rowFields[nr]!;
              break records;
            }
            t.status = TOKEN_UNTERMINATED_QUOTE;
            t.errorAt = rawStart;
            t.errorField = nf - rowFields[nr]!;
            p = recordStart;
            nf = rowFields[nr]!;
            break records;
          }
          p++; // past a quote: either closing, or the first of a doubled pair
          if (p < end && buf[p] === quote) {
            raw = FIELD_RAW;
            p++;
            continue;
          }
          if (p >= end && !final) {
            p = recordStart; // cannot tell a closing quote from half of a doubled one yet
            nf = rowFields[nr]!;
            break records;
          }
          break;
        }
        c = p < end ? buf[p]! : LF;
        if (c !== sep && c !== LF && c !== CR) {
          // `"ab"c`: the rest of the field is literal, as pandas reads it.
          raw = FIELD_RAW;
          while (p < end) {
            c = buf[p]!;
            if (c === sep || c === LF || c === CR) break;
            p++;
          }
          if (p >= end) {
            if (!final) {
              p = recordStart;
              nf = rowFields[nr]!;
              break records;
            }
            c = LF;
          }
        }
        if (raw) {
          starts[nf] = rawStart;
          ends[nf] = p;
        } else {
          starts[nf] = s;
          ends[nf] = p - 1;
        }
        flags[nf] = raw;
        nf++;
      } else {
        const s = p;
        c = LF;
        while (p < end) {
          c = buf[p]!;
          if (c > above) {
            p++; // letters, digits, '.', '-' with the usual separators: one compare a byte
            continue;
          }
          if (c === sep || c === LF || c === CR) break;
          p++;
        }
        if (p >= end) {
          if (!final) {
            p = recordStart;
            nf = rowFields[nr]!;
            break records;
          }
          c = LF;
        }
        starts[nf] = s;
        ends[nf] = p;
        flags[nf] = 0;
        nf++;
      }
      if (p >= end) break; // final: the data's end closes the record
      p++; // past sep, LF or CR
      if (c === sep) continue;
      // A CR at a chunk's end: the LF that may follow reads as an empty line, which is skipped.
      if (c === CR && p < end && buf[p] === LF) p++;
      break;
    }
    nr++;
  }
  rowFields[nr] = nf;
  t.rows = nr;
  t.fields = nf;
  t.next = p;
}

/**
 * Content of a FIELD_RAW field: drops the enclosing quotes, turns `""` into `"`, keeps what follows
 * a closing quote literally. Writes into `out` at `at`, returns the end offset.
 */
export function unquoteField(buf: Uint8Array, s: number, e: number, quote: number, out: Uint8Array, at: number): number {
  let o = at;
  let i = s + 1; // raw fields start with the opening quote
  while (i < e) {
    const c = buf[i]!;
    if (c === quote) {
      if (i + 1 < e && buf[i + 1] === quote) {
        out[o++] = c;
        i += 2;
        continue;
      }
      i++;
      while (i < e) out[o++] = buf[i++]!; // after the closing quote everything is literal
      break;
    }
    out[o++] = c;
    i++;
  }
  return o;
}

/** Newlines in `buf[s..e)`: only on error paths, to turn a byte offset into a line number. */
export function countNewlines(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (buf[i] === LF) n++;
  return n;
}
