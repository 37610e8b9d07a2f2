/** The string column builder: Arrow Utf8 is bytes plus offsets, so field bytes are copied, never decoded. */
import { isUtf8 } from 'node:buffer';
import { Utf8, makeData } from 'apache-arrow';
import { Validity, grown, shared, type ColumnBuilder, type FieldBatch } from './column-base.js';
import type { CsvColumn } from './schema.js';
import { FIELD_RAW, unquoteField } from './tokenize.js';

/**
 * Utf8: field bytes copied as they are. UTF-8 is checked once per batch over the bytes appended
 * (a native scan), plus a check that no value starts with a continuation byte — valid as a whole
 * and cut at character boundaries means every value is valid on its own.
 */
export function stringBuilder(col: CsvColumn, capacity: number, bytesHint: number): ColumnBuilder {
  let offsets = shared(Int32Array, capacity + 1);
  let data = shared(Uint8Array, Math.max(64, bytesHint));
  const valid = new Validity();
  let n = 0;
  let at = 0;
  return {
    append(batch) {
      if (n + batch.rows + 1 > offsets.length) {
        offsets = grown(offsets, n + batch.rows + 1);
        valid.grow(offsets.length - 1);
      }
      const { tokens, nCols, rows } = batch;
      const first = n;
      const batchStart = at;
      let r = 0;
      for (;;) {
        r += copyFields(batch, tokens.starts, tokens.ends, tokens.flags, col.position + r * nCols, nCols, rows - r, data, offsets, n, valid);
        n = first + r;
        at = offsets[n]!;
        if (r === rows) break;
        const f = col.position + r * nCols;
        data = grown(data, at + (tokens.ends[f]! - tokens.starts[f]!));
      }
      if (!isUtf8(data.subarray(batchStart, at)) || !startsAtCharBoundaries(data, offsets, first, n)) {
        for (let i = first; i < n; i++) {
          if (!isUtf8(data.subarray(offsets[i]!, offsets[i + 1]!))) batch.reject(i - first, col, 'utf8');
        }
      }
    },
    finish() {
      return makeData({
        type: new Utf8(),
        length: n,
        nullCount: valid.nulls,
        nullBitmap: valid.bitmap(n),
        valueOffsets: offsets.subarray(0, n + 1),
        data: data.subarray(0, at),
      });
    },
  };
}

/**
 * Copies up to `rows` fields (the first at token `f`, then every `nCols`) after value `n` (its end
 * is `offsets[n]`), setting their offsets and nulls; stops before a field that `data` has no room
 * for. Returns the fields copied. (The loop is a function of its own so that V8 optimizes it once:
 * inside `append`, with the checks after it, it was deoptimized on most calls.)
 */
function copyFields(batch: FieldBatch, starts: Uint32Array, ends: Uint32Array, flags: Uint8Array, f: number, nCols: number, rows: number, data: Uint8Array, offsets: Int32Array, n: number, valid: Validity): number {
  const buf = batch.buf;
  const na = batch.na;
  const naEmpty = na.empty;
  const naFirst = na.firstBytes;
  let at = offsets[n]!;
  let r = 0;
  for (; r < rows; r++, f += nCols) {
    const s = starts[f]!;
    const e = ends[f]!;
    if (at + (e - s) > data.length) break;
    let end: number;
    if (flags[f]! & FIELD_RAW) end = unquoteField(buf, s, e, batch.quote, data, at);
    else if (e - s > 16) {
      data.set(buf.subarray(s, e), at);
      end = at + (e - s);
    } else {
      end = at;
      for (let i = s; i < e; i++) data[end++] = buf[i]!;
    }
    if ((end === at ? naEmpty : naFirst[data[at]!] === 1) && na.matches(data, at, end)) {
      valid.setNull(n, offsets.length - 1);
      end = at;
    }
    at = end;
    offsets[++n] = at;
  }
  return r;
}

function startsAtCharBoundaries(data: Uint8Array, offsets: Int32Array, first: number, last: number): boolean {
  for (let i = first; i < last; i++) {
    const o = offsets[i]!;
    if (o < offsets[i + 1]! && (data[o]! & 0xc0) === 0x80) return false;
  }
  return true;
}
