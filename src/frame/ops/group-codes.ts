/**
 * Group ids for the rows of a partition: the hashing kernel of group-by (worker side).
 *
 * Each key column is coded to small integers first — strings by hashing their UTF-8 bytes in the
 * Arrow buffer (no JS string per row: only the distinct values are decoded), integers in a narrow
 * range by a lookup table, anything else through a Map — and the per-column codes are combined
 * into one mixed-radix number, made dense by a lookup table (small products) or a Map. A row with
 * a missing key gets -1 (pandas' dropna). Groups are numbered in order of first appearance.
 */
import type { Data } from 'apache-arrow';
import { cellKey, getCell, isValid, type Cell, type Col } from '../core/column.js';
import { type Part, type Slot, colOf, findColumn } from '../core/part.js';

export interface GroupCodes {
  /** Group of each row; -1 where a key is missing. */
  codes: Int32Array;
  ngroups: number;
  /** The key cells of each group, one array per key column. */
  keys: Cell[][];
}

interface ColumnCodes {
  codes: Int32Array;
  /** Distinct values in code order. */
  values: Cell[];
}

const LUT_RANGE = 1 << 22;

export function groupCodes(p: Part, names: readonly string[]): GroupCodes {
  const cols = names.map((n) => codeColumn(findColumn(p, n)!, p.length));
  const n = p.length;
  if (cols.length === 1) {
    const c = cols[0]!;
    // Renumber in order of first appearance so groups keep pandas' "first seen" order in partials.
    return densify(c.codes, c.values.length, n, (g) => [c.values[g]!], 1);
  }
  let product = 1;
  for (const c of cols) product *= Math.max(1, c.values.length);
  if (product <= Number.MAX_SAFE_INTEGER) {
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (const c of cols) {
        const k = c.codes[i]!;
        if (k < 0) {
          v = -1;
          break;
        }
        v = v * c.values.length + k;
      }
      combined[i] = v;
    }
    const radix = cols.map((c) => c.values.length);
    const decode = (x: number): Cell[] => {
      const out = new Array<Cell>(cols.length);
      for (let k = cols.length - 1; k >= 0; k--) {
        out[k] = cols[k]!.values[x % radix[k]!]!;
        x = Math.floor(x / radix[k]!);
      }
      return out;
    };
    return densify(combined, product, n, decode, cols.length);
  }
  // Too many combinations for one number: a string key per row.
  const raw = names.map((nm) => colOf(findColumn(p, nm)!));
  const map = new Map<string, number>();
  const codes = new Int32Array(n);
  const keys: Cell[][] = names.map(() => []);
  for (let i = 0; i < n; i++) {
    if (raw.some((c) => !isValid(c, i))) {
      codes[i] = -1;
      continue;
    }
    const k = raw.map((c) => cellKey(c, i)).join('\u0001');
    let g = map.get(k);
    if (g === undefined) {
      g = map.size;
      map.set(k, g);
      raw.forEach((c, j) => keys[j]!.push(getCell(c, i)));
    }
    codes[i] = g;
  }
  return { codes, ngroups: map.size, keys };
}

/** Dense group ids (first appearance order) from sparse non-negative codes below `range`. */
function densify(sparse: ArrayLike<number>, range: number, n: number, decode: (x: number) => Cell[], width: number): GroupCodes {
  const codes = new Int32Array(n);
  const keys: Cell[][] = Array.from({ length: width }, () => []);
  let ngroups = 0;
  const add = (x: number): number => {
    const cells = decode(x);
    for (let k = 0; k < width; k++) keys[k]!.push(cells[k]!);
    return ngroups++;
  };
  if (range <= LUT_RANGE) {
    const lut = new Int32Array(range).fill(-1);
    for (let i = 0; i < n; i++) {
      const x = sparse[i]!;
      if (x < 0) {
        codes[i] = -1;
        continue;
      }
      let g = lut[x]!;
      if (g < 0) lut[x] = g = add(x);
      codes[i] = g;
    }
  } else {
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const x = sparse[i]!;
      if (x < 0) {
        codes[i] = -1;
        continue;
      }
      let g = map.get(x);
      if (g === undefined) map.set(x, (g = add(x)));
      codes[i] = g;
    }
  }
  return { codes, ngroups, keys };
}

function codeColumn(s: Slot, n: number): ColumnCodes {
  if (s.dtype === 'string' && s.col === undefined && s.vector !== undefined && s.vector.data.every((d) => d.offset === 0)) return codeUtf8(s.vector.data as Data[], n);
  const c = colOf(s);
  if (c.dtype === 'int64' || c.dtype === 'int32' || c.dtype === 'uint8') {
    const r = codeIntRange(c, n);
    if (r !== undefined) return r;
  }
  const map = new Map<string | number, number>();
  const codes = new Int32Array(n);
  const values: Cell[] = [];
  const v = c.values;
  const numeric = c.dtype !== 'string' && c.dtype !== 'int64' && c.dtype !== 'datetime';
  for (let i = 0; i < n; i++) {
    if (!isValid(c, i)) {
      codes[i] = -1;
      continue;
    }
    const k = numeric ? (v[i] as number) : cellKey(c, i);
    let g = map.get(k);
    if (g === undefined) {
      g = values.length;
      map.set(k, g);
      values.push(getCell(c, i));
    }
    codes[i] = g;
  }
  return { codes, values };
}

/** Integers whose range is small: a lookup table from value − min. */
function codeIntRange(c: Col, n: number): ColumnCodes | undefined {
  const v = c.values as ArrayLike<number | bigint>;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!isValid(c, i)) continue;
    const x = Number(v[i]!);
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (hi - lo >= LUT_RANGE) return undefined;
  }
  const codes = new Int32Array(n);
  const values: Cell[] = [];
  if (lo === Infinity) return { codes: codes.fill(-1), values };
  const lut = new Int32Array(hi - lo + 1).fill(-1);
  const big = c.dtype === 'int64';
  for (let i = 0; i < n; i++) {
    if (!isValid(c, i)) {
      codes[i] = -1;
      continue;
    }
    const x = big ? Number((v as BigInt64Array)[i]!) : (v[i] as number);
    let g = lut[x - lo]!;
    if (g < 0) {
      lut[x - lo] = g = values.length;
      values.push(getCell(c, i));
    }
    codes[i] = g;
  }
  return { codes, values };
}

const decoder = new TextDecoder();

/** Distinct UTF-8 strings by hashing their bytes (FNV-1a, open addressing); decodes only the distinct ones. */
function codeUtf8(chunks: readonly Data[], n: number): ColumnCodes {
  const codes = new Int32Array(n);
  const values: Cell[] = [];
  let cap = 1024;
  let slots = new Int32Array(cap).fill(-1);
  const uHash: number[] = [];
  const uBytes: Uint8Array[] = [];
  const uStart: number[] = [];
  const uEnd: number[] = [];
  let at = 0;
  for (const d of chunks) {
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const bm = d.nullCount > 0 ? d.nullBitmap : null;
    for (let i = 0; i < d.length; i++, at++) {
      if (bm !== null && bm.length > 0 && ((bm[i >> 3]! >> (i & 7)) & 1) === 0) {
        codes[at] = -1;
        continue;
      }
      const s = offs[i]!;
      const e = offs[i + 1]!;
      let h = 0x811c9dc5;
      for (let j = s; j < e; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
      let idx = h & (cap - 1);
      let g = -1;
      for (;;) {
        const u = slots[idx]!;
        if (u < 0) break;
        if (uHash[u] === h && uEnd[u]! - uStart[u]! === e - s) {
          const ub = uBytes[u]!;
          const us = uStart[u]!;
          let same = true;
          for (let j = 0; j < e - s; j++) {
            if (ub[us + j] !== bytes[s + j]) {
              same = false;
              break;
            }
          }
          if (same) {
            g = u;
            break;
          }
        }
        idx = (idx + 1) & (cap - 1);
      }
      if (g < 0) {
        g = values.length;
        values.push(e > s ? decoder.decode(bytes.subarray(s, e)) : '');
        uHash.push(h);
        uBytes.push(bytes);
        uStart.push(s);
        uEnd.push(e);
        slots[idx] = g;
        if (values.length * 2 > cap) {
          cap *= 2;
          slots = new Int32Array(cap).fill(-1);
          for (let u = 0; u < values.length; u++) {
            let k = uHash[u]! & (cap - 1);
            while (slots[k]! >= 0) k = (k + 1) & (cap - 1);
            slots[k] = u;
          }
        }
      }
      codes[at] = g;
    }
  }
  return { codes, values };
}
