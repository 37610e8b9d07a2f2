/**
 * The native float64 coder (`codeF64` of the native backend) against the join's TypeScript
 * `FloatCoder`, the reference: the same dense codes in order of first appearance, over parts one
 * after another, with -0 and 0 one value, every NaN (whatever its payload) one value, duplicates,
 * huge and subnormal values, and enough distinct values to grow the table.
 *
 * The addon must be built (as in native-conformance.test.ts): without it this file fails — unless
 * TUSK_KERNELS=ts is set, where it checks that the TypeScript coder is the one that runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { FloatCoder } from '../../src/frame/ops/join.js';
import { getKernels, nativeKernels } from '../../src/kernels/select.js';
import { noToolchainReason } from './helpers.js';

const forcedTs = config().kernels === 'ts';
const native = forcedTs ? undefined : nativeKernels();
const codeF64 = native?.codeF64;

function reference(parts: readonly Float64Array[]): { codes: number[]; n: number } {
  const coder = new FloatCoder(parts.reduce((n, p) => n + p.length, 0));
  const codes: number[] = [];
  for (const p of parts) for (const x of p) codes.push(coder.code(x));
  return { codes, n: coder.n };
}

const nanWithPayload = (payload: number): number => new Float64Array(BigUint64Array.of(0x7ff0000000000001n + BigInt(payload)).buffer)[0]!;

const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, 2 ** 53, -(2 ** 53)) },
  { weight: 1, arbitrary: fc.nat(1000).map(nanWithPayload) },
);

describe(`float64 codes (${codeF64 ? native!.name : 'TypeScript only: TUSK_KERNELS=ts'})`, () => {
  it('the native addon is built with its coder (or TUSK_KERNELS=ts runs the TypeScript one)', () => {
    const noToolchain = noToolchainReason();
    if (forcedTs) expect(getKernels().codeF64).toBeUndefined();
    else if (noToolchain !== null && native === undefined) {
      console.warn(`native float64 codes: the addon is not built here (${noToolchain}); the TypeScript coder alone runs`);
      expect(getKernels().codeF64).toBeUndefined();
    } else expect(codeF64, 'the native backend has no codeF64: rebuild the addon (npm run build:native -- --verbose)').toBeDefined();
  });

  it.runIf(codeF64 !== undefined)('the same codes as FloatCoder, over parts one after another', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 120 }), { maxLength: 4 }), (lists) => {
        const parts = lists.map((l) => Float64Array.from(l));
        const want = reference(parts);
        const codes = new Int32Array(want.codes.length + 2).fill(-7);
        expect(codeF64!(parts, codes)).toBe(want.n);
        expect(Array.from(codes.subarray(0, want.codes.length))).toEqual(want.codes);
        expect(Array.from(codes.subarray(want.codes.length))).toEqual([-7, -7]);
      }),
      { numRuns: 300 },
    );
  });

  it.runIf(codeF64 !== undefined)('300,000 values with repeats (the table grows): the same codes', () => {
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const a = Float64Array.from({ length: 200_000 }, () => Math.floor(rand() * 1e7));
    const b = Float64Array.from({ length: 100_000 }, () => (rand() < 0.5 ? a[Math.floor(rand() * a.length)]! : rand() * 1e9));
    const want = reference([a, b]);
    const codes = new Int32Array(300_000);
    expect(codeF64!([a, b], codes)).toBe(want.n);
    expect(codes).toEqual(Int32Array.from(want.codes));
  });

  it.runIf(codeF64 !== undefined)('an output shorter than the values is refused', () => {
    expect(() => codeF64!([new Float64Array(3)], new Int32Array(2))).toThrow(/codes holds 2/);
  });
});
