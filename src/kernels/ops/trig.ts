/**
 * sin and cos over a block, without a call per element, within 0.52 ulp of the exact result
 * (worst of 190 000 arguments checked against mpmath; V8's Math.sin, fdlibm, reaches 0.8 on
 * them), so at most 1 ulp from Math.sin. test/kernels/trig-accuracy.test.ts checks this.
 *
 * 1. Reduction by π/128, Cody–Waite style with fdlibm's parts of π/2 scaled by 1/64 (exact):
 *    x = j·π/128 + (t + y1), |t| ≤ π/256, where j·(first 33 bits) is exact for |j| < 2^20,
 *    i.e. |x| < 25735, and y1 is the rounding error of t.
 * 2. A table at a = j·π/128 (256 entries, a whole turn, so the quadrant is in j):
 *      sin(a + t) = P·cos t + Q·sin t,   P = sin a, Q = cos a,
 *    P stored as a double-double (P_hi + P_lo), Q as Qh + Ql with Qh = ±1 where |P| < √½ and
 *    0 elsewhere, so that P_hi + Qh·t is added exactly (Fast2Sum); the rest is a correction
 *    below 1/80 of the result, where rounding no longer matters. Taylor polynomials give
 *    sin t − t and 1 − cos t on |t| ≤ π/256 (truncation below 2^-70 relative).
 * cos x is sin(x + π/2): the same, 64 entries on.
 *
 * Compared with inlining fdlibm's k_sin and k_cos (both polynomials for every element, then a
 * select by quadrant), this does about a third fewer floating-point operations and is more
 * accurate (measured on normal inputs, with the unrolling below: 8.0 → 4.1 ns per element).
 *
 * The hot loop has no call and no rare branch with work in it: elements it cannot do — zero
 * (to keep the sign of −0), |x| ≥ 25735, NaN, ±Inf, or a reduction that cancelled more than
 * 24 bits — are noted and finished afterwards, one at a time, by `sinCosOne`: fdlibm's
 * reduction by π/2 (up to three steps, 151 bits of π/2) then by π/128, and the same kernel;
 * or Math.sin/Math.cos past 2^20·π/2 (Payne–Hanek), for NaN and ±Inf (numpy's behaviour:
 * sin(±Inf) = NaN, sin(NaN) = NaN) and for ±0 (sin(−0) = −0).
 *
 * The reduction constants are fdlibm's (Sun Microsystems, 1993). The table is computed when
 * the module loads, in double-double arithmetic, from Taylor series at |a| ≤ π/4.
 */

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417e+0; // first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // second 33 bits
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21; // third 33 bits
const PIO2_3T = 8.47842766036889956997e-32;
const ROUND = 6755399441055744; // 1.5·2^52: (v + ROUND) − ROUND rounds v to the nearest integer
const MEDIUM = 1647099.3291652855; // 2^20·π/2: beyond it, Payne–Hanek (Math.sin/cos)
const FAST = 25735; // below 2^20·π/128: j·PIO2_1/64 is exact
// The first reduction step's error is below 2^-71·|x| (the rounding of j·PIO2_1T/64 and of the
// constant itself); where t is at least 2^-24·|x| that is below 2^-47 of t.
const CANCEL = 5.9604644775390625e-8; // 2^-24

// ---- the table ------------------------------------------------------------------------------

type DD = [number, number];

/** Double-double helpers (Dekker, Knuth): only for building the table. */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = 134217729 * a, cb = 134217729 * b; // 2^27 + 1: Veltkamp's split
  const ah = ca - (ca - a), al = a - ah, bh = cb - (cb - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const t = e + a[1] + b[1];
  const hi = s + t;
  return [hi, t - (hi - s)];
}
function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  const t = e + a[0] * b[1] + a[1] * b[0];
  const hi = p + t;
  return [hi, t - (hi - p)];
}
function ddDiv(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const [r0, r1] = twoProd(q1, d);
  const q2 = ((a[0] - r0) - r1 + a[1]) / d;
  const hi = q1 + q2;
  return [hi, q2 - (hi - q1)];
}

/** sin(a) and cos(a) − 1 for a double-double |a| ≤ π/4, by Taylor series. */
function sinCosm1(a: DD): [DD, DD] {
  const m = ddMul(a, a);
  const na2: DD = [-m[0], -m[1]];
  let s = a, c: DD = [0, 0], st = a, ct: DD = [1, 0];
  for (let n = 1; n <= 14; n++) { // (π/4)^29/29! < 2^-110
    st = ddDiv(ddMul(st, na2), (2 * n) * (2 * n + 1));
    ct = ddDiv(ddMul(ct, na2), (2 * n - 1) * (2 * n));
    s = ddAdd(s, st);
    c = ddAdd(c, ct);
  }
  return [s, c];
}

/** π/128 as a double-double, from fdlibm's 33-bit parts of π/2 (99 bits, then /64: exact). */
const PI128 = ddAdd(ddAdd([PIO2_1 / 64, 0], [PIO2_2 / 64, 0]), [PIO2_3 / 64, PIO2_3T / 64]);

/**
 * Entry j (0 … 255) is 4 doubles [P_hi, P_lo, Qh, Ql] for a = j·π/128: P = sin a, Q = cos a,
 * with Qh = ±1 and Ql = Q ∓ 1 where |P| < √½, and Qh = 0, Ql = Q elsewhere. Built from
 * k = −32 … 31 and the quadrant q (j = 64q + k mod 256) by the symmetries of sin and cos.
 */
const TABLE = new Float64Array(4 * 256);
for (let k = -32; k < 32; k++) {
  const a = ddMul(PI128, [k, 0]);
  const [s, cm1] = sinCosm1(a);
  const sin = s[0] + s[1], cosm1 = cm1[0] + cm1[1];
  const cos = ddAdd([1, 0], cm1);
  for (let q = 0; q < 4; q++) {
    const e = 4 * ((64 * q + k + 256) % 256);
    const sg = q < 2 ? 1 : -1;
    if (q % 2 === 0) { // sin(qπ/2 + a) = ±sin a, its derivative ±cos a
      TABLE[e] = sg * s[0]; TABLE[e + 1] = sg * s[1]; TABLE[e + 2] = sg; TABLE[e + 3] = sg * cosm1;
    } else { // ±cos a, derivative ∓sin a
      TABLE[e] = sg * cos[0]; TABLE[e + 1] = sg * cos[1]; TABLE[e + 2] = 0; TABLE[e + 3] = -sg * sin;
    }
  }
}

/** A copy of the table, for tests. */
export function _sinTable(): Float64Array {
  return TABLE.slice();
}

// sin t = t + t³·(S3 + t²·(S5 + t²·S7)), 1 − cos t = t²·(C2 + t²·(C4 + t²·C6)): Taylor.
const S3 = -1 / 6, S5 = 1 / 120, S7 = -1 / 5040;
const C2 = 0.5, C4 = -1 / 24, C6 = 1 / 720;

/**
 * The constants, read from a typed array in the loop: V8 materialises a double literal inside
 * a loop with two instructions (an integer move and a move to an xmm register) at every use;
 * a load (and its bounds check) is cheaper (measured: 5–8% faster). Copying them all to locals
 * before the loop is slower again: they no longer fit in registers.
 */
const C = new Float64Array([64 * INV_PIO2, ROUND, PIO2_1 / 64, PIO2_1T / 64, FAST, CANCEL, S3, S5, S7, C2, C4, C6]);

// ---- the loops --------------------------------------------------------------------------------

/** Elements per pass, and the elements of a pass the fast loop left for `sinCosOne`. */
const RUN = 1024;
const pendingAt = new Int32Array(RUN);
const pendingX = new Float64Array(RUN);

/**
 * o[i] = sin(x[i]) (shift 0) or cos(x[i]) (shift 1: cos x = sin(x + π/2)), for i < n.
 * `o` may be `x`.
 */
function sinCosLoop(x: Float64Array, o: Float64Array, n: number, shift: 0 | 1): void {
  for (let s = 0; s < n; s += RUN) {
    const end = Math.min(n, s + RUN);
    const nPending = sinCosRun(x, o, s, end, 64 * shift, pendingAt, pendingX);
    for (let p = 0; p < nPending; p++) o[pendingAt[p]!] = sinCosOne(pendingX[p]!, shift);
  }
}

/**
 * The fast path for x[from … end): writes o[i] for every element it can do and notes the
 * others (position and value, as o may be x) in at/xs. Returns how many it noted. `shift` is
 * the table offset: 0 for sin, 64 for cos.
 *
 * Four elements per iteration (a, b, c, d), which divides what V8 does per element besides the
 * arithmetic — the loads of the constants with their bounds checks, the checks of x and o — by
 * four (measured: 20% faster than one element per iteration). The last n mod 4 elements go
 * through the same code, padded to four.
 */
function sinCosRun(x: Float64Array, o: Float64Array, from: number, end: number, shift: number, at: Int32Array, xs: Float64Array): number {
  const c = C, T = TABLE;
  let nPending = 0;
  let i = from;
  for (; i + 3 < end; i += 4) {
    const va = x[i]!, vb = x[i + 1]!, vc = x[i + 2]!, vd = x[i + 3]!;
    const inv = c[0]!, round = c[1]!, p1 = c[2]!, p1t = c[3]!, fast = c[4]!, cancel = c[5]!;
    // x = j·π/128 + t (+ y1): r is exact (j has ≤ 20 bits, PIO2_1 33), w = j·(the rest of π/128).
    const aa = Math.abs(va), ja = va * inv + round - round, ra = va - ja * p1, wa = ja * p1t, ta = ra - wa;
    const ab = Math.abs(vb), jb = vb * inv + round - round, rb = vb - jb * p1, wb = jb * p1t, tb = rb - wb;
    const ac = Math.abs(vc), jc = vc * inv + round - round, rc = vc - jc * p1, wc = jc * p1t, tc = rc - wc;
    const ad = Math.abs(vd), jd = vd * inv + round - round, rd = vd - jd * p1, wd = jd * p1t, td = rd - wd;
    // Zero, |x| ≥ 25735, NaN, ±Inf or too much cancellation: left for sinCosOne.
    if (!(aa > 0 && aa < fast && Math.abs(ta) >= aa * cancel)) at[nPending] = i, xs[nPending++] = va;
    if (!(ab > 0 && ab < fast && Math.abs(tb) >= ab * cancel)) at[nPending] = i + 1, xs[nPending++] = vb;
    if (!(ac > 0 && ac < fast && Math.abs(tc) >= ac * cancel)) at[nPending] = i + 2, xs[nPending++] = vc;
    if (!(ad > 0 && ad < fast && Math.abs(td) >= ad * cancel)) at[nPending] = i + 3, xs[nPending++] = vd;
    const s3 = c[6]!, s5 = c[7]!, s7 = c[8]!, c2 = c[9]!, c4 = c[10]!, c6 = c[11]!;
    // Per element: y1, the table entry (the mask keeps noted elements' garbage in the table),
    // sin(t + y1) − t and 1 − cos t, then P_hi + Qh·t exactly (Fast2Sum: qh is ±1 or 0, and
    // |P_hi| ≥ |t| where it is not 0) plus the correction.
    {
      const y1 = ra - ta - wa, e = 4 * (((ja | 0) + shift) & 255), tt = ta * ta;
      const ds = y1 + ta * tt * (s3 + tt * (s5 + tt * s7)), cm = tt * (c2 + tt * (c4 + tt * c6));
      const p = T[e]!, qh = T[e + 2]!, ql = T[e + 3]!, b = qh * ta, hi = p + b, lo = (p - hi) + b;
      o[i] = hi + (lo + (((T[e + 1]! + ql * ta) + (qh + ql) * ds) - p * cm));
    }
    {
      const y1 = rb - tb - wb, e = 4 * (((jb | 0) + shift) & 255), tt = tb * tb;
      const ds = y1 + tb * tt * (s3 + tt * (s5 + tt * s7)), cm = tt * (c2 + tt * (c4 + tt * c6));
      const p = T[e]!, qh = T[e + 2]!, ql = T[e + 3]!, b = qh * tb, hi = p + b, lo = (p - hi) + b;
      o[i + 1] = hi + (lo + (((T[e + 1]! + ql * tb) + (qh + ql) * ds) - p * cm));
    }
    {
      const y1 = rc - tc - wc, e = 4 * (((jc | 0) + shift) & 255), tt = tc * tc;
      const ds = y1 + tc * tt * (s3 + tt * (s5 + tt * s7)), cm = tt * (c2 + tt * (c4 + tt * c6));
      const p = T[e]!, qh = T[e + 2]!, ql = T[e + 3]!, b = qh * tc, hi = p + b, lo = (p - hi) + b;
      o[i + 2] = hi + (lo + (((T[e + 1]! + ql * tc) + (qh + ql) * ds) - p * cm));
    }
    {
      const y1 = rd - td - wd, e = 4 * (((jd | 0) + shift) & 255), tt = td * td;
      const ds = y1 + td * tt * (s3 + tt * (s5 + tt * s7)), cm = tt * (c2 + tt * (c4 + tt * c6));
      const p = T[e]!, qh = T[e + 2]!, ql = T[e + 3]!, b = qh * td, hi = p + b, lo = (p - hi) + b;
      o[i + 3] = hi + (lo + (((T[e + 1]! + ql * td) + (qh + ql) * ds) - p * cm));
    }
  }
  if (i < end) {
    // The last end − i < 4 elements go through the same four-lane code, padded (with 1, a fast-
    // path value): computed another way (sinCosOne reduces by π/2 first) an element's result
    // could differ in its last bit, so a value would depend on where its chunk ends.
    const m = end - i;
    for (let q = 0; q < 4; q++) tailX[q] = q < m ? x[i + q]! : 1;
    const np = sinCosRun(tailX, tailO, 0, 4, shift, tailAt, tailXs);
    for (let q = 0; q < m; q++) o[i + q] = tailO[q]!;
    for (let p = 0; p < np; p++) {
      if (tailAt[p]! >= m) continue;
      at[nPending] = i + tailAt[p]!;
      xs[nPending++] = tailXs[p]!;
    }
  }
  return nPending;
}

/** The padded last lanes of a run (`sinCosRun`). */
const tailX = new Float64Array(4);
const tailO = new Float64Array(4);
const tailAt = new Int32Array(4);
const tailXs = new Float64Array(4);

/**
 * One element, any argument: fdlibm's reduction by π/2 (as many steps as the cancellation
 * needs), then by π/128 within the quadrant, then the same kernel.
 */
function sinCosOne(v: number, shift: number): number {
  const a = Math.abs(v);
  if (!(a > 0 && a < MEDIUM)) return shift === 0 ? Math.sin(v) : Math.cos(v); // ±0, huge, ±Inf, NaN
  const fn = v * INV_PIO2 + ROUND - ROUND;
  let r = v - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  if (Math.abs(y0) < a * 1.52587890625e-5) {
    // Cancellation ate more than 16 bits: a second step (118 bits of π/2)…
    let u = r;
    w = fn * PIO2_2;
    r = u - w;
    w = fn * PIO2_2T - (u - r - w);
    y0 = r - w;
    if (Math.abs(y0) < a * 1.7763568394002505e-15) {
      // …and past 49 bits, a third (151 bits).
      u = r;
      w = fn * PIO2_3;
      r = u - w;
      w = fn * PIO2_3T - (u - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  // x = fn·π/2 + y0 + y1, |y0| ≤ π/4; now y0 = k·π/128 + t, |k| ≤ 32.
  const k = y0 * (64 * INV_PIO2) + ROUND - ROUND;
  const t0 = y0 - k * (PIO2_1 / 64); // exact (Sterbenz: y0 is within a factor 2 of k·π/128)
  const wk = k * (PIO2_1T / 64);
  const t = t0 - wk;
  const tail = (t0 - t - wk) + y1;
  const e = 4 * ((64 * (fn | 0) + (k | 0) + 64 * shift) & 255);
  const tt = t * t;
  const ds = tail + t * tt * (S3 + tt * (S5 + tt * S7));
  const cm = tt * (C2 + tt * (C4 + tt * C6));
  const p = TABLE[e]!, qh = TABLE[e + 2]!, ql = TABLE[e + 3]!;
  const b = qh * t;
  const hi = p + b;
  const lo = (p - hi) + b;
  return hi + (lo + (((TABLE[e + 1]! + ql * t) + (qh + ql) * ds) - p * cm));
}

export function sinLoop(x: Float64Array, o: Float64Array, n: number): void {
  sinCosLoop(x, o, n, 0);
}

export function cosLoop(x: Float64Array, o: Float64Array, n: number): void {
  sinCosLoop(x, o, n, 1);
}

/**
 * Type feedback for the rare branches, recorded before V8 optimizes the loops: an element the
 * fast loop hands to `sinCosOne` (zero, NaN, ±Inf, huge) shows up once in millions, and when the
 * first one arrived in optimized code V8 deoptimized `sinCosRun` for want of feedback there — once
 * per branch and per thread, each followed by a recompilation. Every lane gets a rare element
 * here, and the length leaves a remainder for the tail loop.
 */
{
  const x = Float64Array.from([0, NaN, 1e300, -Infinity, -0, Infinity, 3e5, NaN, 1, 2, 3, 4, 5]);
  const o = new Float64Array(x.length);
  sinCosLoop(x, o, x.length, 0);
  sinCosLoop(x, o, x.length, 1);
}
