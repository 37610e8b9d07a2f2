/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's `math.fsum`): a sum is kept
 * as a short list of non-overlapping partials, so partial sums of partitions combine exactly and
 * the result is the correctly rounded sum however the data are partitioned. Group sums of a
 * partition's rows go through `groupSumsExact` (error-free extraction first, these partials for
 * what remains); `ExactSums` keeps the partials of many groups at once.
 */
import { scratchF64, scratchU8 } from './scratch.js';
import { f64, i32 } from './shared-alloc.js';
import { getKernels } from '../../kernels/select.js';

export interface FSum {
  /** Non-overlapping partials, increasing magnitude. */
  p: number[];
  /** Sum of non-finite inputs (±Infinity, NaN), kept apart. */
  special: number;
}

export function fsumAdd(s: FSum, value: number): void {
  if (!Number.isFinite(value)) {
    s.special += value;
    return;
  }
  let x = value;
  const p = s.p;
  let i = 0;
  for (let j = 0; j < p.length; j++) {
    let y = p[j]!;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  p.push(x);
}

/** The correctly rounded value of non-overlapping partials `p[start..end)` (increasing magnitude). */
export function fsumValueOf(p: ArrayLike<number>, start: number, end: number): number {
  let n = end;
  if (n === start) return 0;
  if (n === start + 1) return p[start]! + 0; // -0 alone sums to 0, as a sum that starts at 0 does
  let hi = p[--n]!;
  let lo = 0;
  while (n > start) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > start && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** Exact sums in ragged form: group g's partials are `p[off[g]..off[g+1])`; non-finite inputs summed apart. */
export interface RaggedSums {
  readonly off: Int32Array;
  readonly p: Float64Array;
  /** Sum of the non-finite inputs per group (null: none). */
  readonly special: Float64Array | null;
}

/** The value of group g of ragged sums. */
export function raggedValue(s: RaggedSums, g: number): number {
  if (s.special !== null) {
    const sp = s.special[g]!;
    if (sp !== 0 || Number.isNaN(sp)) return sp;
  }
  return fsumValueOf(s.p, s.off[g]!, s.off[g + 1]!);
}

/**
 * Shewchuk's step: x added to the non-overlapping partials `p[base .. base + len)` (increasing
 * magnitude), which are replaced by the new ones; returns their number (at most len + 1: `p` needs
 * room for one more). Finite x.
 */
export function fsumStep(p: Float64Array, base: number, len: number, value: number): number {
  let x = value;
  let i = 0;
  for (let j = 0; j < len; j++) {
    let y = p[base + j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[base + i++] = lo;
    x = hi;
  }
  p[base + i] = x;
  return i + 1;
}

/**
 * Exact sums of many groups at once (Shewchuk's algorithm per group): up to `k` partials per
 * group inline in one Float64Array (6 for up to 2^21 groups, else 4; a slot more for the step's
 * room), a group whose list grows
 * longer moves to a Map. Decimal data needs ~3 (db-benchmark's v3, 6 decimals in [0, 100): 2.84
 * per group on average); with 2 inline most groups overflowed into the Map and a 1.3M-row chunk
 * with 1e5 groups took 2.2–4 s instead of 0.29 s. Every
 * input is added exactly, so the result does not depend on the order or grouping of the adds.
 */
export class ExactSums {
  private readonly k: number;
  private readonly p: Float64Array;
  private readonly len: Uint8Array;
  private readonly over = new Map<number, FSum>();
  private special: Float64Array | null = null;

  /** Its working arrays are scratch buffers: one ExactSums at a time per thread, `finish` before the next. */
  constructor(private readonly ngroups: number) {
    this.k = ngroups <= 1 << 21 ? 6 : 4;
    this.p = scratchF64('sums.p', ngroups * (this.k + 1));
    this.len = scratchU8('sums.len', ngroups).fill(0);
  }

  add(g: number, value: number): void {
    let x = value;
    if (x - x !== 0) {
      (this.special ??= new Float64Array(this.ngroups))[g] += x;
      return;
    }
    const len = this.len[g]!;
    if (len === 255) {
      fsumAdd(this.over.get(g)!, x);
      return;
    }
    const p = this.p;
    const k = this.k;
    const base = g * (k + 1); // room for one more: a list that grows past k is moved out after
    const nl = fsumStep(p, base, len, x);
    if (nl <= k) this.len[g] = nl;
    else {
      this.over.set(g, { p: Array.from(p.subarray(base, base + nl)), special: 0 });
      this.len[g] = 255;
    }
  }

  finish(): RaggedSums {
    const n = this.ngroups;
    const off = i32(n + 1);
    raggedOffsets(this.len, this.over, n, off);
    const out = f64(off[n]!);
    raggedCopy(this.len, this.over, this.p, this.k + 1, n, off, out);
    return { off, p: out, special: this.special };
  }
}

// The loops of `finish` and `groupSumsExact` are functions of their own (here and below): a
// function whose later loops have never run when V8 optimizes it inside its first loop is
// deoptimized there on every call (see `codeNumberChunks` in group-codes.ts).

function raggedOffsets(len: Uint8Array, over: Map<number, FSum>, n: number, off: Int32Array): void {
  for (let g = 0; g < n; g++) {
    const l = len[g]!;
    off[g + 1] = off[g]! + (l === 255 ? over.get(g)!.p.length : l);
  }
}

function raggedCopy(len: Uint8Array, over: Map<number, FSum>, p: Float64Array, stride: number, n: number, off: Int32Array, out: Float64Array): void {
  for (let g = 0; g < n; g++) {
    const l = len[g]!;
    if (l === 255) out.set(over.get(g)!.p, off[g]!);
    else for (let j = 0; j < l; j++) out[off[g]! + j] = p[g * stride + j]!;
  }
}

/** Extraction levels below this σ would reach subnormal multiples: what remains goes to ExactSums. */
const SIGMA_FLOOR = 2 ** -960;

/**
 * Exact sums per group — group `codes[i]` gets `x[i]` (rows with a negative code or `valid[i]`
 * 0 are skipped) — the same exact sums `ExactSums.add` keeps, at a few flops per row.
 *
 * Error-free extraction (Rump, Ogita and Oishi, "Accurate floating-point summation, part I",
 * 2008, lemma 3.2): for σ = 2^k with |v| ≤ σ, `q = (σ + v) − σ` and `r = v − q` are exact,
 * `v = q + r`, q is a multiple of 2^-53·σ and |r| ≤ 2^-53·σ. With σ ≥ 2^M·max|x| and 2^M ≥ the
 * number of rows, any sum of q's is a multiple of 2^-53·σ no larger than σ, hence exact in
 * plain double additions. Three levels (σ, σ·2^(M−53), σ·2^(2M−106)) take ~3·(53−M) bits of every
 * value — all of them for data within a range of ~2^70, like decimals; a row with a remainder
 * left after them, and every non-finite value, goes to `ExactSums`. The three level sums of
 * each group are then added to its `ExactSums` too, so the result has the same exact value
 * (and the same rounded sum) as adding every row there, whatever the order.
 */
export function groupSumsExact(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, ng: number): RaggedSums {
  const scan = SCAN;
  const loops = getKernels().groupLoops; // the native ports, where built (the same bits)
  if (loops !== undefined) loops.scanAbs(x, valid, codes, scan);
  else scanAbs(x, valid, codes, scan);
  const max = scan[0]!;
  const rows = scan[1]!;
  const special = scan[2] !== 0;
  let sums: ExactSums | null = null;
  const acc = (): ExactSums => (sums ??= new ExactSums(ng));
  let e = max > 0 ? Math.ceil(Math.log2(max)) : 0;
  while (2 ** e < max) e++;
  let m = 0;
  while (2 ** m < rows) m++;
  const s1 = 2 ** (e + m);
  if (max === 0 || e + m > 1000 || s1 < SIGMA_FLOOR * 2 ** 106) {
    // All zeros (or only non-finite values), or beyond the scaled range: row by row.
    addRows(acc(), x, valid, codes);
    return acc().finish();
  }
  const s2 = s1 * 2 ** (m - 53);
  const s3 = s2 * 2 ** (m - 53);
  const lv = scratchF64('sums.levels', 3 * ng).fill(0);
  const left = loops !== undefined && !special ? loops.extractLevels(x, valid, codes, s1, s2, s3, lv) : extractLevels(acc(), x, valid, codes, special, s1, s2, s3, lv);
  if (left === 0 && !special) {
    // Nothing but the levels: each group's partials straight from its three level sums.
    const off = i32(ng + 1);
    const total = loops !== undefined ? loops.levelsRagged(lv, ng, off) : levelsRagged(lv, ng, off);
    const p = f64(total);
    p.set(lv.subarray(0, total));
    return { off, p, special: null };
  }
  addLevels(acc(), lv, ng);
  if (left > 0) addRemainders(acc(), x, valid, codes, s1, s2, s3);
  return acc().finish();
}

const LR = new Float64Array(4);

/**
 * The partials `ExactSums` keeps for a group after adding its three level sums `lv[3g..3g+3)` in
 * order (a zero skipped), for every group: packed from `lv[0]` on (in place: group g's never
 * start past 3g), group g's at `[off[g], off[g + 1])`; returns their number. What `addLevels` and
 * `finish` give when no row left a remainder, without the per-group lists (10^5 groups: ~3 ms a
 * q5 chunk); the addon's `levelsRagged` is its port.
 */
export function levelsRagged(lv: Float64Array, ng: number, off: Int32Array): number {
  const p = LR;
  let k = 0;
  off[0] = 0;
  for (let g = 0; g < ng; g++) {
    let len = 0;
    for (let j = 0; j < 3; j++) {
      const x = lv[3 * g + j]!;
      if (x !== 0) len = fsumStep(p, 0, len, x);
    }
    for (let q = 0; q < len; q++) lv[k++] = p[q]!;
    off[g + 1] = k;
  }
  return k;
}

const SCAN = new Float64Array(3);

/** max |x| over the finite values of rows that count, the number of such rows, whether any is non-finite (1). */
export function scanAbs(x: Float64Array, valid: Uint8Array | null, codes: Int32Array, out: Float64Array): void {
  const n = codes.length;
  let max = 0;
  let rows = 0;
  let special = 0;
  for (let i = 0; i < n; i++) {
    if (codes[i]! < 0 || (valid !== null && valid[i] === 0)) continue;
    rows++;
    const a = Math.abs(x[i]!);
    if (a <= Number.MAX_VALUE) {
      if (a > max) max = a;
    } else special = 1; // ±Infinity, NaN
  }
  out[0] = max;
  out[1] = rows;
  out[2] = special;
}

function addRows(acc: ExactSums, x: Float64Array, valid: Uint8Array | null, codes: Int32Array): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const v = x[i]!;
    if (v !== 0 || v - v !== 0) acc.add(g, v);
  }
}

/** Adds each row's three levels into `lv` (non-finite values straight to `acc`); the number of rows with a remainder left. */
export function extractLevels(acc: ExactSums, x: Float64Array, valid: Uint8Array | null, codes: Int32Array, special: boolean, s1: number, s2: number, s3: number, lv: Float64Array): number {
  const n = codes.length;
  let left = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const v = x[i]!;
    if (special && v - v !== 0) {
      acc.add(g, v);
      continue;
    }
    const q1 = s1 + v - s1;
    const r1 = v - q1;
    const q2 = s2 + r1 - s2;
    const r2 = r1 - q2;
    const q3 = s3 + r2 - s3;
    const b = 3 * g;
    lv[b] += q1;
    lv[b + 1] += q2;
    lv[b + 2] += q3;
    if (r2 !== q3) left++;
  }
  return left;
}

function addLevels(acc: ExactSums, lv: Float64Array, ng: number): void {
  for (let g = 0; g < ng; g++) {
    const b = 3 * g;
    const a = lv[b]!;
    const c = lv[b + 1]!;
    const d = lv[b + 2]!;
    if (a !== 0) acc.add(g, a);
    if (c !== 0) acc.add(g, c);
    if (d !== 0) acc.add(g, d);
  }
}

function addRemainders(acc: ExactSums, x: Float64Array, valid: Uint8Array | null, codes: Int32Array, s1: number, s2: number, s3: number): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const v = x[i]!;
    if (v - v !== 0) continue;
    const r1 = v - (s1 + v - s1);
    const r2 = r1 - (s2 + r1 - s2);
    const r3 = r2 - (s3 + r2 - s3);
    if (r3 !== 0) acc.add(g, r3);
  }
}
