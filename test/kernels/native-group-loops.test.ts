/**
 * The native ports of a group-by chunk task's row loops (`groupLoops` of the native backend)
 * against the TypeScript functions they port, which are the reference: the same codes, counts and
 * range, and the same sums bit for bit, on random columns with missing rows, negative and huge
 * int64 values, codes of -1, non-finite floats and values whose level extraction leaves remainders;
 * the combine's scatter of ragged partials into merged groups likewise.
 * A group code or lookup key out of range is an error, never a write out of bounds.
 *
 * The addon must be built (as in native-conformance.test.ts): without it this file fails — unless
 * TUSK_KERNELS=ts is set, where it checks that the TypeScript loops are the ones that run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { firstNaNTs } from '../../src/frame/core/column.js';
import { intSumsWords, integerMagnitude, pairSums, raggedScatter, raggedStream } from '../../src/frame/ops/aggregate.js';
import { ExactSums, extractLevels, levelsRagged, scanAbs } from '../../src/frame/ops/fsum.js';
import { lutPairCodes, lutWords, pairCodesTs, rangeWords } from '../../src/frame/ops/group-codes.js';
import { hashUtf8 } from '../../src/frame/ops/shuffle.js';
import { getKernels, nativeKernels } from '../../src/kernels/select.js';
import { noToolchainReason } from './helpers.js';

const forcedTs = config().kernels === 'ts';
const native = forcedTs ? undefined : nativeKernels();
const loops = native?.groupLoops;

const words = (v: readonly bigint[]): Int32Array => new Int32Array(BigInt64Array.from(v).buffer);
const bits = (a: Float64Array): bigint[] => Array.from(new BigInt64Array(a.buffer, a.byteOffset, a.length));
const validOf = (mask: readonly boolean[] | null): Uint8Array | null => (mask === null ? null : Uint8Array.from(mask, (b) => (b ? 1 : 0)));

const int64 = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -50n, max: 200n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
);
const column = fc.array(fc.tuple(int64, fc.boolean()), { maxLength: 300 });

describe(`group-by row loops (${loops ? native!.name : 'TypeScript only: TUSK_KERNELS=ts'})`, () => {
  it('the native addon is built with its loops (or TUSK_KERNELS=ts runs the TypeScript ones)', () => {
    const noToolchain = noToolchainReason();
    if (forcedTs) expect(getKernels().groupLoops).toBeUndefined();
    else if (noToolchain !== null && native === undefined) {
      console.warn(`native group loops: the addon is not built here (${noToolchain}); the TypeScript loops alone run`);
      expect(getKernels().groupLoops).toBeUndefined();
    } else expect(loops, 'the native backend has no groupLoops: rebuild the addon (npm run build:native -- --verbose)').toBeDefined();
  });

  it.runIf(loops !== undefined)('int64 range and lookup-table codes: as rangeWords and lutWords', () => {
    fc.assert(
      fc.property(column, fc.boolean(), fc.nat(20), (rows, withNulls, at) => {
        const v = rows.map(([x]) => x);
        const valid = withNulls ? validOf(rows.map(([, b]) => b)) : null;
        const w = words(v);
        const rt = Float64Array.of(Infinity, -Infinity);
        const rn = Float64Array.of(Infinity, -Infinity);
        const okT = rangeWords(w, valid, v.length, rt);
        const okN = loops!.int64Range(w, valid, v.length, rn);
        expect(okN).toBe(okT);
        if (!okT) return;
        expect(Array.from(rn)).toEqual(Array.from(rt));
        if (rt[0] === Infinity || rt[1]! - rt[0]! > 1 << 16) return;
        const span = rt[1]! - rt[0]! + 1;
        const run = (f: typeof lutWords) => {
          const lut = new Int32Array(span).fill(-1);
          const codes = new Int32Array(at + v.length).fill(7);
          const first = new Int32Array(v.length + 1);
          const count = f(w, valid, v.length, rt[0]!, lut, codes, at, first, 0);
          return { count, codes: Array.from(codes), first: Array.from(first.subarray(0, count)) };
        };
        expect(run(loops!.int64LutCodes)).toEqual(run(lutWords));
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(loops !== undefined)('pairs of int64 sums: as pairSums, bit for bit, with the same 2^53 flags', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int64, int64, fc.integer({ min: -1, max: 9 })), { maxLength: 300 }), (rows) => {
        const wa = words(rows.map((r) => r[0]));
        const wb = words(rows.map((r) => r[1]));
        const codes = Int32Array.from(rows, (r) => r[2]);
        const at = new Float64Array(30);
        const an = new Float64Array(30);
        expect(loops!.pairSums(wa, wb, codes, an)).toBe(pairSums(wa, wb, codes, at));
        expect(bits(an)).toEqual(bits(at));
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(loops !== undefined)('int64 sums with counts: as intSumsWords, bit for bit, with the same 2^53 flag', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int64, fc.integer({ min: -1, max: 9 }), fc.boolean()), { maxLength: 300 }), fc.boolean(), (rows, withNulls) => {
        const w = words(rows.map((r) => r[0]));
        const codes = Int32Array.from(rows, (r) => r[1]);
        const valid = withNulls ? validOf(rows.map((r) => r[2])) : null;
        const at = new Float64Array(20);
        const an = new Float64Array(20);
        const mag = intSumsWords(w, valid, codes, at);
        expect(loops!.intSums(w, valid, codes, an)).toBe(mag < 2 ** 53 ? 1 : 0);
        expect(bits(an)).toEqual(bits(at));
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(loops !== undefined)('pair codes by lookup table: as lutPairCodes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 6 })), { maxLength: 300 }), (rows) => {
        const n = rows.length;
        const x = Int32Array.from(rows, (r) => r[0]);
        const y = Int32Array.from(rows, (r) => r[1]);
        const run = (f: typeof lutPairCodes) => {
          const lut = new Int32Array(6 * 7).fill(-1);
          const codes = new Int32Array(n);
          const first = new Int32Array(n + 1);
          const count = f(x, y, 7, n, lut, codes, first);
          return { count, codes: Array.from(codes), first: Array.from(first.subarray(0, count)) };
        };
        expect(run(loops!.lutPairCodes)).toEqual(run(lutPairCodes));
      }),
      { numRuns: 300 },
    );
    expect(() => loops!.lutPairCodes(Int32Array.of(6), Int32Array.of(0), 7, 1, new Int32Array(42), new Int32Array(1), new Int32Array(1))).toThrow(/out of range/); // 6·7 + 0 past the table
    expect(() => loops!.intSums(words([1n]), null, Int32Array.of(3), new Float64Array(4))).toThrow(/out of range/); // group 3 of 2
  });

  const float = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 5e-324, 0.1, 1e300) },
  );

  it.runIf(loops !== undefined)('scan and three-level extraction of float sums: as scanAbs and extractLevels, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(float, fc.integer({ min: -1, max: 7 }), fc.boolean()), { maxLength: 300 }), fc.boolean(), (rows, withNulls) => {
        const x = Float64Array.from(rows, (r) => r[0]);
        const codes = Int32Array.from(rows, (r) => r[1]);
        const valid = withNulls ? validOf(rows.map((r) => r[2])) : null;
        const st = new Float64Array(3);
        const sn = new Float64Array(3);
        scanAbs(x, valid, codes, st);
        loops!.scanAbs(x, valid, codes, sn);
        expect(bits(sn)).toEqual(bits(st));
        const [max, n, special] = st;
        if (special !== 0 || max === 0) return; // the native extraction runs only on finite values
        let e = Math.ceil(Math.log2(max!));
        while (2 ** e < max!) e++;
        let m = 0;
        while (2 ** m < n!) m++;
        const s1 = 2 ** (e + m);
        if (e + m > 1000 || s1 < 2 ** -960 * 2 ** 106) return;
        const s2 = s1 * 2 ** (m - 53);
        const s3 = s2 * 2 ** (m - 53);
        const lt = new Float64Array(24);
        const ln = new Float64Array(24);
        const leftT = extractLevels(new ExactSums(8), x, valid, codes, false, s1, s2, s3, lt);
        expect(loops!.extractLevels(x, valid, codes, s1, s2, s3, ln)).toBe(leftT);
        expect(bits(ln)).toEqual(bits(lt));
      }),
      { numRuns: 400 },
    );
  });

  it.runIf(loops !== undefined)('first present NaN: as firstNaNTs, across 64-value blocks, missing NaNs skipped', () => {
    const value = fc.oneof({ weight: 20, arbitrary: fc.double({ noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.boolean()), { maxLength: 400 }), fc.boolean(), (rows, withNulls) => {
        const x = Float64Array.from(rows, ([v]) => v);
        const valid = withNulls ? Uint8Array.from(rows, ([, b]) => (b ? 1 : 0)) : null;
        expect(loops!.firstNaN(x, valid)).toBe(firstNaNTs(x, valid));
      }),
      { numRuns: 400 },
    );
    // Long columns: a NaN at the end of a block, past it, in the tail, only where missing, none.
    for (const at of [63, 64, 4095, 100_000, 100_003]) {
      const x = new Float64Array(100_004);
      x[at] = NaN;
      expect(loops!.firstNaN(x, null)).toBe(at);
      const valid = new Uint8Array(x.length).fill(1);
      valid[at] = 0;
      expect(loops!.firstNaN(x, valid)).toBe(x.length);
    }
    expect(() => loops!.firstNaN(new Float64Array(10), new Uint8Array(9))).toThrow(/validity/);
  });

  it.runIf(loops !== undefined)('pair codes: as hashPairCodes — the same ids and first rows, -1 where either word is', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 12 }), fc.oneof(fc.integer({ min: -1, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }))), { maxLength: 400 }), (rows) => {
        const a = Float64Array.from(rows, (r) => r[0]);
        const b = Float64Array.from(rows, (r) => r[1]);
        const run = (f: typeof pairCodesTs) => {
          const codes = new Int32Array(rows.length + 1).fill(9);
          const first = new Int32Array(rows.length + 1);
          const count = f(a, b, rows.length, codes, first);
          return { count, codes: Array.from(codes), first: Array.from(first.subarray(0, count)) };
        };
        expect(run(loops!.pairCodes)).toEqual(run(pairCodesTs));
      }),
      { numRuns: 300 },
    );
    // Enough distinct pairs to need several probes and a table past the cache.
    const n = 200_000;
    const a = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 50_000);
    const b = Float64Array.from({ length: n }, (_, i) => (i * 104_729) % 3);
    const cn = new Int32Array(n), ct = new Int32Array(n), fn = new Int32Array(n), ft = new Int32Array(n);
    expect(loops!.pairCodes(a, b, n, cn, fn)).toBe(pairCodesTs(a, b, n, ct, ft));
    expect(cn).toEqual(ct);
    expect(fn).toEqual(ft);
  });

  it.runIf(loops !== undefined)('utf8 hashes: as hashUtf8, missing rows marked, from a sliced chunk too', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { freq: 5 }), { maxLength: 200 }), fc.nat(7), fc.nat(5), (values, bitOffset, at) => {
        const enc = values.map((v) => new TextEncoder().encode(v ?? ''));
        const offsets = new Int32Array(values.length + 1);
        enc.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length));
        const bytes = new Uint8Array(offsets[values.length]!);
        enc.forEach((b, i) => bytes.set(b, offsets[i]!));
        const anyMissing = values.some((v) => v === null);
        const bitmap = anyMissing ? new Uint8Array(Math.ceil((bitOffset + values.length) / 8)) : null;
        values.forEach((v, i) => v !== null && bitmap !== null && (bitmap[(bitOffset + i) >> 3]! |= 1 << ((bitOffset + i) & 7)));
        const out = new Int32Array(at + values.length).fill(-3);
        const valid = new Uint8Array(at + values.length).fill(1);
        loops!.utf8Hashes(offsets, bytes, bitmap, bitOffset, values.length, out, valid, at);
        values.forEach((v, i) => {
          if (v === null) expect(valid[at + i]).toBe(0);
          else {
            expect(valid[at + i]).toBe(1);
            expect(out[at + i]! >>> 0).toBe(hashUtf8(bytes, offsets[i]!, offsets[i + 1]!));
          }
        });
        expect(Array.from(out.subarray(0, at))).toEqual(new Array(at).fill(-3));
      }),
      { numRuns: 300 },
    );
    expect(() => loops!.utf8Hashes(Int32Array.of(0, 9), new Uint8Array(3), null, 0, 1, new Int32Array(1), new Uint8Array(1), 0)).toThrow(/out of range/);
  });

  it('three level sums a group as exact-sum partials: levelsRagged gives what ExactSums keeps, and the addon the same bits', () => {
    const level = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(0, -0) },
      { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 2, arbitrary: fc.integer({ min: -60, max: 60 }).map((e) => 2 ** e * 3) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(level, level, level), { maxLength: 60 }), (groups) => {
        const ng = groups.length;
        const lv = Float64Array.from(groups.flat());
        const acc = new ExactSums(ng);
        groups.forEach((vs, g) => vs.forEach((v) => v !== 0 && acc.add(g, v)));
        const want = acc.finish();
        const lt = lv.slice();
        const ot = new Int32Array(ng + 1);
        const kt = levelsRagged(lt, ng, ot);
        expect(Array.from(ot)).toEqual(Array.from(want.off));
        expect(bits(lt.subarray(0, kt))).toEqual(bits(want.p));
        if (loops === undefined) return;
        const ln = lv.slice();
        const on = new Int32Array(ng + 1);
        expect(loops.levelsRagged(ln, ng, on)).toBe(kt);
        expect(Array.from(on)).toEqual(Array.from(ot));
        expect(bits(ln.subarray(0, kt))).toEqual(bits(lt.subarray(0, kt)));
      }),
      { numRuns: 400 },
    );
  });

  it.runIf(loops !== undefined)('combine scatter and stream of ragged partials: as raggedScatter and raggedStream, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.array(float, { maxLength: 4 })), { maxLength: 200 }), fc.boolean(), fc.boolean(), (rows, withSums, withCounts) => {
        const codes = Int32Array.from(rows, (r) => r[0]);
        const n = Float64Array.from(rows, (r) => r[1]);
        const off = new Int32Array(rows.length + 1);
        rows.forEach((r, i) => (off[i + 1] = off[i]! + r[2].length));
        const p = Float64Array.from(rows.flatMap((r) => r[2]));
        const [ct, cn, st, sn] = [new Float64Array(7), new Float64Array(7), new Float64Array(7), new Float64Array(7)];
        raggedScatter(codes, n, withSums ? off : null, withSums ? p : null, withCounts ? ct : null, withSums ? st : null);
        loops!.raggedScatter(codes, n, withSums ? off : null, withSums ? p : null, withCounts ? cn : null, withSums ? sn : null, 7);
        expect(bits(cn)).toEqual(bits(ct));
        expect(bits(sn)).toEqual(bits(st));
        const at = 3; // appended after what is there
        const [vt, vn] = [new Float64Array(p.length + at), new Float64Array(p.length + at)];
        const [gt, gn] = [new Int32Array(p.length + at).fill(-9), new Int32Array(p.length + at).fill(-9)];
        const kt = raggedStream(codes, n, off, p, withCounts ? ct : null, vt, gt, at);
        expect(loops!.raggedStream(codes, n, off, p, withCounts ? cn : null, vn, gn, at, 7)).toBe(kt);
        expect(bits(cn)).toEqual(bits(ct));
        expect(bits(vn)).toEqual(bits(vt));
        expect(Array.from(gn)).toEqual(Array.from(gt));
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(loops !== undefined)('integer magnitude of partials: as integerMagnitude below 2^53, NaN for a fraction, a non-finite value or a sum from 2^53 on', () => {
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) },
      { weight: 2, arbitrary: fc.double({ noNaN: false }) },
      { weight: 1, arbitrary: fc.constantFrom(-0, 2 ** 53, -(2 ** 60), 0.5, NaN, Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), (vs) => {
        const p = Float64Array.from(vs);
        const want = integerMagnitude(p);
        const got = loops!.integerMagnitude(p);
        if (want < 2 ** 53) expect(got).toBe(want);
        else expect(got).toBeNaN(); // NaN or past 2^53 in the reference: the caller's exact path either way
      }),
      { numRuns: 400 },
    );
  });

  it.runIf(loops !== undefined)('a group code or key beyond its table is an error, nothing written past it', () => {
    const w = words([1n, 2n, 3n]);
    const codes = Int32Array.of(0, 5, 1); // 5: beyond 2 groups
    expect(() => loops!.pairSums(w, w, codes, new Float64Array(6))).toThrow(/out of range/);
    expect(() => loops!.extractLevels(Float64Array.of(1, 2, 3), null, codes, 4, 1, 1, new Float64Array(6))).toThrow(/out of range/);
    const lut = new Int32Array(2).fill(-1); // keys 1..3 from lo 1 need 3 entries
    expect(() => loops!.int64LutCodes(w, null, 3, 1, lut, new Int32Array(3), 0, new Int32Array(3), 0)).toThrow(/out of range/);
    expect(() => loops!.pairSums(w, w, new Int32Array(4), new Float64Array(6))).toThrow(/bad arguments/); // codes longer than the words
    expect(() => loops!.pairCodes(Float64Array.of(2 ** 31), Float64Array.of(0), 1, new Int32Array(1), new Int32Array(1))).toThrow(/out of range/);
    expect(() => loops!.pairCodes(Float64Array.of(0, 1), Float64Array.of(0, 0), 2, new Int32Array(2), new Int32Array(1))).toThrow(/out of range/); // first too short
    const n1 = Float64Array.of(1, 1);
    expect(() => loops!.raggedScatter(Int32Array.of(0, 2), n1, null, null, new Float64Array(2), null, 2)).toThrow(/out of range/); // code 2 of 2 groups
    expect(() => loops!.raggedScatter(Int32Array.of(0, 2), n1, Int32Array.of(0, 1, 2), new Float64Array(2), null, new Float64Array(2), 2)).toThrow(/out of range/); // the same without counts
    expect(() => loops!.raggedScatter(Int32Array.of(0, 1), n1, Int32Array.of(0, 1, 5), new Float64Array(2), new Float64Array(2), new Float64Array(2), 2)).toThrow(/out of range/); // offset past p
    expect(() => loops!.raggedStream(Int32Array.of(0, 1), n1, Int32Array.of(0, 1, 2), new Float64Array(2), new Float64Array(2), new Float64Array(1), new Int32Array(1), 0, 2)).toThrow(/out of range/); // no room
    expect(() => loops!.raggedScatter(Int32Array.of(0), n1, null, null, new Float64Array(2), null, 2)).toThrow(/bad arguments/); // codes shorter than n
    expect(() => loops!.raggedScatter(Int32Array.of(0, 1), n1, null, null, new Float64Array(1), null, 2)).toThrow(/bad counts/); // counts shorter than ng
    expect(() => loops!.levelsRagged(new Float64Array(5), 2, new Int32Array(3))).toThrow(/bad arguments/); // 2 groups need 6 levels
  });
});
