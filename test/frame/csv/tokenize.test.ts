/**
 * The hot loops against plain references: the planner's record starts against a byte-at-a-time
 * run of the grammar, and chunked (streamed) tokenizing against tokenizing all at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_RAW, makeTokens, scanForRecordStarts, tokenize, unquoteField } from '../../../src/frame/csv/tokenize.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const Q = 34;
const SEP = 44;

/** The grammar, one byte at a time: record starts (after a record-ending LF) and the newline count. */
function referenceRecordStarts(buf: Uint8Array, quote: number): { starts: number[]; newlines: number } {
  const starts: number[] = [];
  let state: 'start' | 'unq' | 'q' | 'qq' = 'start';
  let newlines = 0;
  buf.forEach((c, i) => {
    if (c === 10) newlines++;
    if (state === 'q') {
      if (c === quote) state = 'qq';
      return;
    }
    if (c === quote) state = state === 'unq' ? 'unq' : 'q';
    else if (c === SEP || c === 13) state = 'start';
    else if (c === 10) {
      state = 'start';
      starts.push(i + 1);
    } else state = 'unq';
  });
  return { starts, newlines };
}

const csvish = fc
  .array(fc.constantFrom(',', '"', '\n', '\r', 'a', 'b', '""', ' ', 'é'), { maxLength: 80 })
  .map((parts) => enc.encode(parts.join('')));

/** Fields of every record, as strings, tokenizing `buf` in one call or in chunks as a stream would. */
function records(buf: Uint8Array, chunk: number): string[][] | 'unterminated' {
  const t = makeTokens(3, 4);
  const out: string[][] = [];
  let pos = 0;
  let end = Math.min(buf.length, chunk);
  for (let guard = 0; guard < 10_000; guard++) {
    const final = end === buf.length;
    tokenize(buf, pos, end, SEP, Q, final, t);
    if (t.status !== 0) return 'unterminated';
    for (let r = 0; r < t.rows; r++) {
      const rec: string[] = [];
      for (let f = t.rowFields[r]!; f < t.rowFields[r + 1]!; f++) {
        if (t.flags[f]! & FIELD_RAW) {
          const o = new Uint8Array(t.ends[f]! - t.starts[f]!);
          rec.push(dec.decode(o.subarray(0, unquoteField(buf, t.starts[f]!, t.ends[f]!, Q, o, 0))));
        } else rec.push(dec.decode(buf.subarray(t.starts[f]!, t.ends[f]!)));
      }
      out.push(rec);
    }
    pos = t.next;
    if (t.rows < 3) {
      if (final) return out;
      end = Math.min(buf.length, end + chunk);
    }
  }
  throw new Error('tokenize made no progress');
}

describe('scanForRecordStarts', () => {
  it('finds exactly the record starts of a byte-at-a-time run, across any chunking', () => {
    fc.assert(
      fc.property(csvish, fc.integer({ min: 1, max: 100 }), (buf, chunk) => {
        const ref = referenceRecordStarts(buf, Q);
        const got: number[] = [];
        const st = { state: 0, newlines: 0 };
        for (let base = 0; base < buf.length; base += chunk) {
          const part = buf.slice(base, base + chunk);
          scanForRecordStarts(part, part.length, base, SEP, Q, st, 0, (offset) => {
            got.push(offset);
            return offset + 1; // every record start
          });
        }
        expect(got).toEqual(ref.starts);
        expect(st.newlines).toBe(ref.newlines);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the line number of each cut, counting newlines inside quotes', () => {
    const buf = enc.encode('a,b\n"x\ny",1\nz,2\n');
    const lines: [number, number][] = [];
    scanForRecordStarts(buf, buf.length, 0, SEP, Q, { state: 0, newlines: 0 }, 0, (o, line) => {
      lines.push([o, line]);
      return o + 1;
    });
    expect(lines).toEqual([
      [4, 2],
      [12, 4],
      [16, 5],
    ]);
  });
});

describe('tokenize', () => {
  it('gives the same records streamed in chunks as all at once', () => {
    fc.assert(
      fc.property(csvish, fc.integer({ min: 1, max: 40 }), (buf, chunk) => {
        expect(records(buf, chunk)).toEqual(records(buf, buf.length || 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('starts a record exactly where the planner cuts', () => {
    fc.assert(
      fc.property(csvish, (buf) => {
        const whole = records(buf, buf.length || 1);
        fc.pre(whole !== 'unterminated');
        // Records read range by range, cut at every record start, are the records read whole.
        const starts = [0, ...referenceRecordStarts(buf, Q).starts, buf.length];
        const pieces: string[][] = [];
        for (let i = 0; i + 1 < starts.length; i++) {
          const part = records(buf.subarray(starts[i]!, starts[i + 1]!), Math.max(1, starts[i + 1]! - starts[i]!));
          expect(part).not.toBe('unterminated');
          pieces.push(...(part as string[][]));
        }
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the lenient forms pandas reads', () => {
    const read = (s: string) => records(enc.encode(s), 1000);
    expect(read('a,"b,c"\n')).toEqual([['a', 'b,c']]);
    expect(read('"say ""hi""",x\r\n')).toEqual([['say "hi"', 'x']]);
    expect(read('12" pipe,x\n')).toEqual([['12" pipe', 'x']]);
    expect(read('"ab"c,d')).toEqual([['abc', 'd']]);
    expect(read('\n\r\n\na,b\n\n')).toEqual([['a', 'b']]);
    expect(read('a,\n')).toEqual([['a', '']]);
    expect(read('"multi\nline",1\rnext,2')).toEqual([
      ['multi\nline', '1'],
      ['next', '2'],
    ]);
    expect(read('a,"open\n')).toBe('unterminated');
  });
});
