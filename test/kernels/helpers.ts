/** Shared bits for the kernels tests: fixtures, typed-array makers, float comparison. */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { type Dtype, type TypedArray, allocate } from '../../src/kernels/dtypes.js';
import { nativeBuildStatus } from '../../src/kernels/native.js';

export const ALL_DTYPES: Dtype[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

export function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0' ? -0 : Number(v);
}

export function loadNumpyFixtures(): any {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/numpy-fixtures.json'), 'utf8'));
}

export function make(dtype: Dtype, values: ArrayLike<number>): TypedArray {
  const a = allocate(dtype, values.length, { shared: false });
  for (let i = 0; i < values.length; i++) a[i] = values[i]!;
  return a;
}

/** Same value, telling −0 from +0, NaN equal to NaN. */
export function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

export function ulpsApart(a: number, b: number, dtype: Dtype): number {
  if (Object.is(a, b) || (a !== a && b !== b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const scale = Math.max(Math.abs(a), Math.abs(b), dtype === 'float32' ? 2 ** -126 : 2 ** -1022);
  return Math.abs(a - b) / (scale * eps);
}

/** An arbitrary for values of a dtype, with the awkward ones well represented. */
export function valueArb(dtype: Dtype): fc.Arbitrary<number> {
  switch (dtype) {
    case 'bool': return fc.integer({ min: 0, max: 1 });
    case 'uint8': return fc.integer({ min: 0, max: 255 });
    case 'int32': return fc.oneof(fc.integer({ min: -100, max: 100 }), fc.integer(), fc.constantFrom(-2147483648, 2147483647, 0, -1));
    case 'float32': return fc.oneof(fc.float({ noDefaultInfinity: false }), fc.float({ min: -100, max: 100, noNaN: true })).map(Math.fround);
    case 'float64': return fc.oneof(fc.double(), fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, -0, 0.5, -2.5, NaN, Infinity, -Infinity));
  }
}

/** Lengths that matter: 0, 1, around and across the 2048-element block. */
export const lengthArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(2047, 2048, 2049, 4097), fc.integer({ min: 41, max: 5000 }));

export function arrayArb(dtype: Dtype, length = lengthArb): fc.Arbitrary<TypedArray> {
  return length.chain((n) => fc.array(valueArb(dtype), { minLength: Math.min(n, 64), maxLength: Math.min(n, 64) }).map((vals) => {
    // fast-check generates a pattern of up to 64 values; tile it to the length so long arrays stay cheap.
    const out = allocate(dtype, n, { shared: false });
    for (let i = 0; i < n; i++) out[i] = vals.length > 0 ? vals[(i * 7 + (i >> 6)) % vals.length]! : 0;
    return out;
  }));
}

/**
 * Why the addon is not built here when the install could not build it for want of a toolchain
 * (its status file says so: no compiler, no node-gyp), else null. Such a machine runs the suite on
 * the TypeScript kernels; the tests of the native ports then check the TypeScript loops alone and
 * say so (as native-conformance.test.ts does), where a missing or broken addon that could have
 * been built fails.
 */
export function noToolchainReason(): string | null {
  const status = nativeBuildStatus();
  return status?.built === false && status.toolchainMissing === true ? (status.reason ?? 'no toolchain') : null;
}
