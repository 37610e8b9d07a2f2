/** Shared by the io tests: a temp folder per file, random typed data per dtype, listing leftovers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Dtype } from 'tusk/array';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-io-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const dtypeArb = fc.constantFrom<Dtype>('float64', 'float32', 'int32', 'uint8', 'bool');

/** Deterministic values of `dtype` from a seed (a tiny LCG: exact in every dtype). */
export function dataOf(dtype: Dtype, n: number, seed: number): Float64Array | Float32Array | Int32Array | Uint8Array {
  let s = (seed >>> 0) || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  switch (dtype) {
    case 'float64': return Float64Array.from({ length: n }, () => (next() - 0.5) * 1e6);
    case 'float32': return Float32Array.from({ length: n }, () => (next() - 0.5) * 1e3);
    case 'int32': return Int32Array.from({ length: n }, () => Math.floor((next() - 0.5) * 2 ** 32));
    case 'uint8': return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
    case 'bool': return Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
  }
}

/** Files in `dir` whose names start with `base` (the output and any temp files). */
export function filesLike(dir: string, base: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith(base)).sort();
}
