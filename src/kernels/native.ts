/**
 * The only file that loads the native kernels addon (`native/build/Release/tusk_kernels.node`,
 * built by `npm install` through scripts/build-native.mjs). It tries each place a build can
 * be, in order, and remembers why each failed, so that TUSK_KERNELS=native can fail with one
 * message listing every attempt and the fixes. Nothing else in Tusk touches the binary: the
 * backend built on it is native-backend.ts, the choice between backends is select.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedArray } from './dtypes.js';

/** What the addon exports (native/src/addon.cc). Arguments are checked before any call. */
export interface NativeAddon {
  runProgram(code: Int32Array, consts: Float64Array, inputs: readonly TypedArray[], range: Float64Array, out: TypedArray): number;
  runProgramReduce(code: Int32Array, consts: Float64Array, inputs: readonly TypedArray[], range: Float64Array, kind: number, dtype: number, res: Float64Array): number;
  reduce(kind: number, data: TypedArray, dtype: number, res: Float64Array): void;
  randomNormal(seed: number, first: number, n: number, out: Float64Array): void;
  randomUniform(seed: number, lo: number, hi: number, first: number, n: number, out: Float64Array): void;
  randomIntegers(seed: number, lo: number, hi: number, first: number, n: number, out: Float64Array): void;
  triad(a: Float64Array, b: Float64Array, c: Float64Array, s: number): void;
  /** Group codes of Arrow Utf8 chunks (shape: bit offset and rows per chunk); count, or < 0 when an offset or bitmap is out of bounds (absent from older builds). */
  /** The row loops of group-by chunk tasks by name (native/src/addon.cc GroupLoop; absent from older builds). */
  groupLoop?(name: string, ...args: (number | ArrayBufferView | null)[]): number | undefined;
  gatherLoop?(name: string, ...args: (ArrayBufferView | ArrayBufferView[] | null)[]): number;
  codeF64?(parts: Float64Array[], codes: Int32Array): number;
  adviseHugePages?(view: Uint8Array): number;
  codeUtf8?(offsets: Int32Array[], bytes: Uint8Array[], bitmaps: (Uint8Array | null)[], shape: Float64Array, codes: Int32Array, first: Int32Array): number;
  info(): NativeInfo;
  /** Makes the named instruction-set build active for the whole process; false if the CPU lacks it. */
  useIsa(name: string): boolean;
  /** The view's data address modulo 64 (absent from builds before it was added). */
  addressMod64?(view: ArrayBufferView): number;
  /** Asks the C library to return free heap memory to the system (glibc's malloc_trim); false where it cannot (absent from older builds). */
  trimMemory?(): boolean;
}

export interface NativeInfo {
  /** The active build: 'avx512', 'avx2' or 'generic'. */
  isa: string;
  /** The builds this CPU can run, best first. */
  available: string[];
  /** Whether the transcendental loops use glibc's libmvec (else scalar libm). */
  libmvec: boolean;
  /** The fused-program ops the addon runs, in op-code order. */
  ops: string[];
}

export interface NativeLoad {
  addon: NativeAddon | undefined;
  /** The file that loaded, or undefined. */
  file: string | undefined;
  /** Every place tried before, with why it failed. */
  tried: Array<{ file: string; error: string }>;
}

const ADDON = 'tusk_kernels.node';

/** The package root: the nearest folder up from here holding native/binding.gyp or package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'native', 'binding.gyp')) || fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    dir = up;
  }
}

/** Where a build can be, in the order tried: node-gyp's Release build, then a Debug build. */
export function nativeCandidates(): string[] {
  const root = packageRoot();
  return [path.join(root, 'native', 'build', 'Release', ADDON), path.join(root, 'native', 'build', 'Debug', ADDON)];
}

/** What the last `npm install` / `npm run build:native` found (scripts/build-native.mjs writes it). */
export interface NativeBuildStatus {
  built: boolean;
  /** No compiler or node-gyp, or skipped on purpose: falling back is expected here. */
  toolchainMissing?: boolean;
  reason?: string;
  isa?: string;
}

export function nativeBuildStatus(): NativeBuildStatus | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'native', 'build', 'tusk-build-status.json'), 'utf8')) as NativeBuildStatus;
  } catch {
    return undefined; // never built here
  }
}

let loaded: NativeLoad | undefined;

/** Loads the addon once per thread (each worker thread loads its own instance). */
export function loadNative(): NativeLoad {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const tried: NativeLoad['tried'] = [];
  for (const file of nativeCandidates()) {
    if (!fs.existsSync(file)) {
      tried.push({ file, error: 'not built' });
      continue;
    }
    try {
      const addon = require(file) as NativeAddon;
      const info = addon.info();
      if (!Array.isArray(info.ops) || !info.ops.includes('input')) throw new Error('not a Tusk kernels addon (no op table)');
      loaded = { addon, file, tried };
      return loaded;
    } catch (err) {
      tried.push({ file, error: (err as Error).message.split('\n')[0]! });
    }
  }
  loaded = { addon: undefined, file: undefined, tried };
  return loaded;
}

/**
 * The byte offset at which a view over `buffer` starts on a 64-byte cache line, when the native
 * kernels are in use in this thread (they read 64-byte vectors; the TypeScript loops do not care,
 * and this never loads the addon itself); undefined otherwise.
 */
export function cacheLineStart(buffer: ArrayBufferLike): number | undefined {
  const mod = loaded?.addon?.addressMod64?.(new Uint8Array(buffer, 0, 0));
  return mod === undefined ? undefined : (64 - mod) % 64;
}

/** How to get the native kernels, for the error TUSK_KERNELS=native raises without them. */
export function nativeFixes(): string[] {
  return [
    'build the addon: npm run build:native (it needs python3, make and a C++17 compiler: apt-get install -y python3 make g++)',
    'if it was built for another Node.js version: npm rebuild, or remove native/build and build again',
    'or use the TypeScript kernels: unset TUSK_KERNELS, or set TUSK_KERNELS=ts',
  ];
}

/**
 * Asks the kernel to back `buffer` with transparent huge pages (2 MiB), through the addon when it
 * is built; returns the bytes advised (0: no addon, not Linux, or THP off). Only worth it for a
 * buffer of several MiB not yet touched (see `sharedBuffer` in ./alloc.ts).
 */
export function adviseHugePages(buffer: ArrayBufferLike): number {
  const addon = loadNative().addon;
  return addon?.adviseHugePages?.(new Uint8Array(buffer)) ?? 0;
}

/**
 * Hands the C library's free heap memory back to the system (glibc `malloc_trim`), through the
 * addon when it is built; false when there is no addon or no such call. glibc keeps freed blocks
 * of up to 32 MiB (a typed array's backing store) for reuse, so without this a thread's resident
 * memory stays at its high-water mark after its temporaries are gone.
 */
export function trimMemory(): boolean {
  const addon = loadNative().addon;
  return addon?.trimMemory?.() ?? false;
}
