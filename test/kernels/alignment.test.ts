/**
 * Big shared chunks start on a 64-byte cache line when the native kernels run in the thread
 * (their SIMD loops read 64-byte vectors; a misaligned start made every load span two lines),
 * and alignment never changes what a chunk holds or how it crosses threads.
 */
import { expect, test } from 'vitest';
import { allocate } from '../../src/kernels/dtypes.js';
import { loadNative, nativeBuildStatus } from '../../src/kernels/native.js';
import { getKernels } from '../../src/kernels/select.js';
import { decode, encode } from '../../src/worker/codec.js';

const addon = process.env.TUSK_KERNELS === 'ts' ? undefined : loadNative().addon;

test('allocate puts big shared float64/int32/uint8 chunks on a cache line when the addon is loaded', () => {
  if (!addon) {
    // Loud, not silent: this run checks the TypeScript kernels only (TUSK_KERNELS=ts or no build).
    console.warn(`alignment: native kernels not loaded here (${process.env.TUSK_KERNELS === 'ts' ? 'TUSK_KERNELS=ts' : nativeBuildStatus()?.reason ?? 'not built'}); checking contents only`);
  }
  getKernels();
  for (const [dtype, n] of [['float64', 1 << 16], ['float32', 50_001], ['int32', 1 << 17], ['uint8', 1 << 20]] as const) {
    const a = allocate(dtype, n);
    expect(a.length).toBe(n);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(a.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    if (addon) expect(addon.addressMod64!(a), `${dtype}[${n}]`).toBe(0);
    a[n - 1] = 7;
    const back = decode(encode(a)) as typeof a;
    expect(back.length).toBe(n);
    expect(back[n - 1]).toBe(7);
  }
});

test('small chunks are allocated exactly (no slack)', () => {
  const a = allocate('float64', 100);
  expect(a.byteOffset).toBe(0);
  expect(a.buffer.byteLength).toBe(800);
});
