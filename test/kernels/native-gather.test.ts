/**
 * Row gathers of Arrow buffers: the native ports (`gatherLoops` of the native backend) and the
 * TypeScript loops of src/frame/ops/gather.ts (the reference) against a naive gather — the same
 * offsets and bytes for strings of every length around the 16-byte block copy (source strings
 * that end at their buffer's end, sliced offsets that do not start at 0, multi-byte UTF-8), the
 * same bits for 8-byte values (NaN payloads included), rows not present skipped. A row index or
 * string offset out of range is an error, never a read or write out of bounds.
 *
 * The addon must be built (as in native-conformance.test.ts): without it this file fails — unless
 * TUSK_KERNELS=ts is set, where it checks the TypeScript loops alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { gatherF64, gatherStringBytes, gatherStringOffsets, gatherWords } from '../../src/frame/ops/gather.js';
import { getKernels, nativeKernels } from '../../src/kernels/select.js';
import { noToolchainReason } from './helpers.js';

const forcedTs = config().kernels === 'ts';
const native = forcedTs ? undefined : nativeKernels();
const loops = native?.gatherLoops;

interface Strings {
  offs: Int32Array;
  src: Uint8Array;
  values: Uint8Array[];
}

/** Strings as Arrow offsets and bytes; `skip` unused bytes before the first, `slack` after the last. */
function encode(strings: readonly string[], skip: number, slack: number): Strings {
  const values = strings.map((s) => new TextEncoder().encode(s));
  const total = values.reduce((n, v) => n + v.length, 0);
  const src = new Uint8Array(skip + total + slack).fill(0xee);
  const offs = new Int32Array(values.length + 1);
  let at = skip;
  offs[0] = at;
  values.forEach((v, i) => {
    src.set(v, at);
    at += v.length;
    offs[i + 1] = at;
  });
  return { offs, src, values };
}

/** The naive gather: offsets and bytes of rows idx[k] where present. */
function naive(s: Strings, idx: Int32Array, valid: Uint8Array | null): { offsets: number[]; bytes: number[] } {
  const offsets = [0];
  const bytes: number[] = [];
  idx.forEach((i, k) => {
    if (valid === null || valid[k]) bytes.push(...s.values[i]!);
    offsets.push(bytes.length);
  });
  return { offsets, bytes };
}

type Gather = (offs: Int32Array, src: Uint8Array, idx: Int32Array, valid: Uint8Array | null) => { offsets: Int32Array; bytes: Uint8Array };

const tsGather: Gather = (offs, src, idx, valid) => {
  const offsets = new Int32Array(idx.length + 1);
  const bytes = new Uint8Array(gatherStringOffsets(offs, idx, valid, offsets));
  gatherStringBytes(offs, src, idx, valid, offsets, bytes);
  return { offsets, bytes };
};

const nativeGather: Gather = (offs, src, idx, valid) => {
  const offsets = new Int32Array(idx.length + 1);
  const bytes = new Uint8Array(loops!.utf8Offsets(offs, idx, valid, offsets));
  loops!.utf8Bytes(offs, src, idx, valid, offsets, bytes);
  return { offsets, bytes };
};

const gathers: [string, Gather][] = [['TypeScript', tsGather], ...(loops ? [[native!.name, nativeGather] as [string, Gather]] : [])];

// Lengths around the word and block copies (0, 4, 8, 16, 17…), ASCII and multi-byte.
const str = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer({ min: 0, max: 40 }).map((n) => 'x'.repeat(n)),
);

const gatherCase = fc
  .record({
    strings: fc.array(str, { minLength: 1, maxLength: 80 }),
    skip: fc.nat(20),
    slack: fc.oneof(fc.constant(0), fc.nat(20)),
    picks: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 120 }),
    withValid: fc.boolean(),
  })
  .map(({ strings, skip, slack, picks, withValid }) => {
    const idx = Int32Array.from(picks, ([p]) => p % strings.length);
    const valid = withValid ? Uint8Array.from(picks, ([, b]) => (b ? 1 : 0)) : null;
    // A row not present may carry -1 (a join's unmatched row).
    if (valid !== null) idx.forEach((_, k) => valid[k] === 0 && k % 2 === 0 && (idx[k] = -1));
    return { s: encode(strings, skip, slack), idx, valid };
  });

describe(`row gathers (${loops ? `${native!.name} and TypeScript` : 'TypeScript only: TUSK_KERNELS=ts'})`, () => {
  it('the native addon is built with its gathers (or TUSK_KERNELS=ts runs the TypeScript ones)', () => {
    const noToolchain = noToolchainReason();
    if (forcedTs) expect(getKernels().gatherLoops).toBeUndefined();
    else if (noToolchain !== null && native === undefined) {
      console.warn(`native gathers: the addon is not built here (${noToolchain}); the TypeScript gathers alone run`);
      expect(getKernels().gatherLoops).toBeUndefined();
    } else expect(loops, 'the native backend has no gatherLoops: rebuild the addon (npm run build:native -- --verbose)').toBeDefined();
  });

  for (const [name, gather] of gathers) {
    it(`${name}: strings gathered as the naive gather does`, () => {
      fc.assert(
        fc.property(gatherCase, ({ s, idx, valid }) => {
          const want = naive(s, idx, valid);
          const got = gather(s.offs, s.src, idx, valid);
          expect(Array.from(got.offsets)).toEqual(want.offsets);
          expect(Array.from(got.bytes)).toEqual(want.bytes);
        }),
        { numRuns: 400 },
      );
    });

    it(`${name}: 20,000 rows in random order (past the prefetch distance), short and long strings`, () => {
      let seed = 7;
      const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
      const strings = Array.from({ length: 5000 }, (_, i) => `id${i}`.padEnd(rand(30), 'é'));
      const s = encode(strings, 3, 0);
      const idx = Int32Array.from({ length: 20000 }, () => rand(strings.length));
      const want = naive(s, idx, null);
      const got = gather(s.offs, s.src, idx, null);
      expect(Array.from(got.offsets)).toEqual(want.offsets);
      expect(Buffer.from(got.bytes).equals(Buffer.from(want.bytes))).toBe(true);
    });
  }

  it.runIf(loops !== undefined)('8-byte values: the same bits as gatherWords and gatherF64, rows not present untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 100 }), fc.boolean(), (vals, picks, withValid) => {
        const src = BigInt64Array.from(vals);
        const idx = Int32Array.from(picks, ([p]) => p % vals.length);
        const valid = withValid ? Uint8Array.from(picks, ([, b]) => (b ? 1 : 0)) : null;
        if (valid !== null) idx.forEach((_, k) => valid[k] === 0 && (idx[k] = -1));
        const out = () => new BigInt64Array(idx.length).fill(-5n);
        const n = out();
        loops!.words64(new Float64Array(src.buffer), idx, valid, new Float64Array(n.buffer));
        const w = out();
        gatherWords(new Int32Array(src.buffer), idx, valid, new Int32Array(w.buffer));
        const f = out();
        gatherF64(new Float64Array(src.buffer), idx, valid, new Float64Array(f.buffer));
        const want = Array.from(idx, (i, k) => (valid === null || valid[k] ? src[i]! : -5n));
        expect(Array.from(n)).toEqual(want);
        expect(Array.from(w)).toEqual(want);
        // gatherF64 goes through doubles: equal bits except where a NaN's payload may change.
        Array.from(f).forEach((b, k) => {
          const x = new Float64Array(BigInt64Array.of(want[k]!).buffer)[0]!;
          if (!Number.isNaN(x)) expect(b).toBe(want[k]);
        });
      }),
    );
  });

  it.runIf(loops !== undefined)('an index or offset out of range is an error, nothing read or written past a buffer', () => {
    const s = encode(['a', 'bb', 'ccc'], 0, 0);
    const out = new Int32Array(3);
    expect(() => loops!.utf8Offsets(s.offs, Int32Array.of(0, 3), null, out)).toThrow(/out of range/);
    expect(() => loops!.utf8Offsets(s.offs, Int32Array.of(-1, 0), null, out)).toThrow(/out of range/);
    // -1 is fine where the row is not present.
    expect(loops!.utf8Offsets(s.offs, Int32Array.of(-1, 2), Uint8Array.of(0, 1), out)).toBe(3);
    // Offsets reaching past the bytes.
    const bad = Int32Array.of(0, 1, 3, 99);
    const o2 = new Int32Array(2);
    const total = loops!.utf8Offsets(bad, Int32Array.of(2), null, o2);
    expect(() => loops!.utf8Bytes(bad, s.src, Int32Array.of(2), null, o2, new Uint8Array(total))).toThrow(/out of range/);
    // Output offsets that do not match the strings.
    expect(() => loops!.utf8Bytes(s.offs, s.src, Int32Array.of(1), null, Int32Array.of(0, 5), new Uint8Array(5))).toThrow(/out of range/);
    expect(() => loops!.utf8Bytes(s.offs, s.src, Int32Array.of(2), null, Int32Array.of(0, 3), new Uint8Array(2))).toThrow(/out of range/);
    expect(() => loops!.words64(new Float64Array(2), Int32Array.of(2), null, new Float64Array(1))).toThrow(/out of range/);
    // A wrong call (output too short) is refused before the loop.
    expect(() => loops!.words64(new Float64Array(2), Int32Array.of(0, 1), null, new Float64Array(1))).toThrow();
    // Located gathers (chunks): a chunk or a row within it out of range.
    const t = encode(['x', 'yy'], 0, 0);
    const o1 = new Int32Array(2);
    expect(() => loops!.utf8OffsetsLocated([s.offs, t.offs], Int32Array.of(2), Int32Array.of(0), null, o1)).toThrow(/out of range/);
    expect(() => loops!.utf8OffsetsLocated([s.offs, t.offs], Int32Array.of(1), Int32Array.of(2), null, o1)).toThrow(/out of range/);
    expect(loops!.utf8OffsetsLocated([s.offs, t.offs], Int32Array.of(1), Int32Array.of(1), null, o1)).toBe(2);
    const b1 = new Uint8Array(2);
    loops!.utf8BytesLocated([s.offs, t.offs], [s.src, t.src], Int32Array.of(1), Int32Array.of(1), null, o1, b1);
    expect(new TextDecoder().decode(b1)).toBe('yy');
    expect(() => loops!.utf8BytesLocated([s.offs, t.offs], [s.src, t.src], Int32Array.of(0), Int32Array.of(2), null, Int32Array.of(0, 2), new Uint8Array(2))).toThrow(/out of range/);
    expect(() => loops!.words64Located([new Float64Array(2), new Float64Array(1)], Int32Array.of(1), Int32Array.of(1), null, new Float64Array(1))).toThrow(/out of range/);
    expect(() => loops!.words64Located([new Float64Array(2)], Int32Array.of(-1), Int32Array.of(0), null, new Float64Array(1))).toThrow(/out of range/);
  });
});
