/**
 * Numeric and bool column builders: one monomorphic loop per storage type, numbers parsed straight
 * from the field bytes (no string per field).
 */
import { Bool, DateDay, Float32, Float64, Int32, Int64, TimestampMillisecond, makeData } from 'apache-arrow';
import { Validity, grown, scratch, shared, unquoteToScratch, type ColumnBuilder } from './column-base.js';
import { parseBool, parseDate, parseDatetime, parseFloat64, parseInt64, parsed } from './numbers.js';
import type { CsvColumn } from './schema.js';
import { FIELD_RAW } from './tokenize.js';

/** float64, float32: `data` is the typed array the column ends up in. */
export function floatBuilder(col: CsvColumn, capacity: number): ColumnBuilder {
  const f32 = col.dtype === 'float32';
  let data: Float64Array | Float32Array = f32 ? shared(Float32Array, capacity) : shared(Float64Array, capacity);
  const valid = new Validity();
  let n = 0;
  return {
    append(batch) {
      if (n + batch.rows > data.length) {
        data = grown(data, n + batch.rows);
        valid.grow(data.length);
      }
      const { tokens, nCols, na, rows } = batch;
      const { starts, ends, flags } = tokens;
      const naEmpty = na.empty;
      const naNumeric = na.numeric;
      for (let r = 0, f = col.position; r < rows; r++, f += nCols) {
        let b = batch.buf;
        let s = starts[f]!;
        let e = ends[f]!;
        if (flags[f]! & FIELD_RAW) {
          e = unquoteToScratch(batch, s, e);
          s = 0;
          b = scratch;
        }
        if (s === e) {
          if (!naEmpty) batch.reject(r, col, 'type');
          valid.setNull(n, data.length);
          data[n++] = 0;
          continue;
        }
        if (naNumeric && na.matches(b, s, e)) {
          valid.setNull(n, data.length);
          data[n++] = 0;
          continue;
        }
        const v = parseFloat64(b, s, e);
        if (!parsed.ok || v !== v) {
          if (na.matches(b, s, e)) {
            valid.setNull(n, data.length);
            data[n++] = 0;
            continue;
          }
          if (!parsed.ok) batch.reject(r, col, 'type');
        }
        data[n++] = v;
      }
    },
    finish() {
      const type = f32 ? new Float32() : new Float64();
      return makeData({ type, length: n, nullCount: valid.nulls, nullBitmap: valid.bitmap(n), data: data.subarray(0, n) } as never);
    },
  };
}

/**
 * int64 and datetime (both 64-bit): written as two 32-bit halves, so the common |v| < 2^53 case
 * allocates no BigInt.
 */
export function int64Builder(col: CsvColumn, capacity: number): ColumnBuilder {
  const datetime = col.dtype === 'datetime';
  let halves = shared(Int32Array, capacity * 2);
  const valid = new Validity();
  let n = 0;
  return {
    append(batch) {
      if (2 * (n + batch.rows) > halves.length) {
        halves = grown(halves, 2 * (n + batch.rows));
        valid.grow(halves.length >> 1);
      }
      const { tokens, nCols, na, rows } = batch;
      const { starts, ends, flags } = tokens;
      const cap = halves.length >> 1;
      const buf = batch.buf;
      const naNumeric = na.numeric;
      for (let r = 0, f = col.position; r < rows; r++, f += nCols) {
        let b = buf;
        let s = starts[f]!;
        let e = ends[f]!;
        if (!datetime && !naNumeric && e - s <= 9 && e > s) {
          // Fast path for small non-negative ints (ids, counts, codes): no call, no trimming, no BigInt.
          let v = 0;
          let i = s;
          for (; i < e; i++) {
            const d = buf[i]! - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (i === e) {
            halves[2 * n] = v;
            halves[2 * n++ + 1] = 0;
            continue;
          }
        }
        if (flags[f]! & FIELD_RAW) {
          e = unquoteToScratch(batch, s, e);
          s = 0;
          b = scratch;
        }
        if (s === e ? na.empty : naNumeric && na.matches(b, s, e)) {
          valid.setNull(n, cap);
          halves[2 * n] = 0;
          halves[2 * n++ + 1] = 0;
          continue;
        }
        const v = datetime ? parseDatetime(b, s, e) : parseInt64(b, s, e);
        if (!parsed.ok) {
          if (!na.matches(b, s, e)) batch.reject(r, col, 'type');
          valid.setNull(n, cap);
          halves[2 * n] = 0;
          halves[2 * n++ + 1] = 0;
          continue;
        }
        if (!datetime && parsed.isBig) {
          new BigInt64Array(halves.buffer, 8 * n, 1)[0] = parsed.big;
          n++;
          continue;
        }
        if (v >= 0 && v < 2147483648) {
          halves[2 * n] = v;
          halves[2 * n++ + 1] = 0;
          continue;
        }
        const hi = Math.floor(v / 4294967296);
        halves[2 * n] = (v - hi * 4294967296) | 0;
        halves[2 * n++ + 1] = hi;
      }
    },
    finish() {
      const data = new BigInt64Array(halves.buffer, 0, n);
      const type = datetime ? new TimestampMillisecond() : new Int64();
      return makeData({ type, length: n, nullCount: valid.nulls, nullBitmap: valid.bitmap(n), data } as never);
    },
  };
}

/** int32 and date (days): 32-bit storage. */
export function int32Builder(col: CsvColumn, capacity: number): ColumnBuilder {
  const date = col.dtype === 'date';
  let data = shared(Int32Array, capacity);
  const valid = new Validity();
  let n = 0;
  return {
    append(batch) {
      if (n + batch.rows > data.length) {
        data = grown(data, n + batch.rows);
        valid.grow(data.length);
      }
      const { tokens, nCols, na, rows } = batch;
      const { starts, ends, flags } = tokens;
      for (let r = 0, f = col.position; r < rows; r++, f += nCols) {
        let b = batch.buf;
        let s = starts[f]!;
        let e = ends[f]!;
        if (flags[f]! & FIELD_RAW) {
          e = unquoteToScratch(batch, s, e);
          s = 0;
          b = scratch;
        }
        if (s === e ? na.empty : na.numeric && na.matches(b, s, e)) {
          valid.setNull(n, data.length);
          data[n++] = 0;
          continue;
        }
        const v = date ? parseDate(b, s, e) : parseInt64(b, s, e);
        if (!parsed.ok || v > 2147483647 || v < -2147483648) {
          if (!na.matches(b, s, e)) batch.reject(r, col, 'type');
          valid.setNull(n, data.length);
          data[n++] = 0;
          continue;
        }
        data[n++] = v;
      }
    },
    finish() {
      const type = date ? new DateDay() : new Int32();
      return makeData({ type, length: n, nullCount: valid.nulls, nullBitmap: valid.bitmap(n), data: data.subarray(0, n) } as never);
    },
  };
}

export function boolBuilder(col: CsvColumn, capacity: number): ColumnBuilder {
  let bits = shared(Uint8Array, (capacity + 7) >> 3);
  const valid = new Validity();
  let n = 0;
  return {
    append(batch) {
      if (n + batch.rows > bits.length * 8) {
        bits = grown(bits, (n + batch.rows + 7) >> 3);
        valid.grow(bits.length * 8);
      }
      const { tokens, nCols, na, rows } = batch;
      const { starts, ends, flags } = tokens;
      for (let r = 0, f = col.position; r < rows; r++, f += nCols) {
        let b = batch.buf;
        let s = starts[f]!;
        let e = ends[f]!;
        if (flags[f]! & FIELD_RAW) {
          e = unquoteToScratch(batch, s, e);
          s = 0;
          b = scratch;
        }
        const v = parseBool(b, s, e);
        if (v < 0) {
          if (!na.matches(b, s, e)) batch.reject(r, col, 'type');
          valid.setNull(n, bits.length * 8);
        } else if (v === 1) bits[n >> 3]! |= 1 << (n & 7);
        n++;
      }
    },
    finish() {
      return makeData({ type: new Bool(), length: n, nullCount: valid.nulls, nullBitmap: valid.bitmap(n), data: bits.subarray(0, (n + 7) >> 3) });
    },
  };
}

