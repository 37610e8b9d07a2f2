/**
 * Configuration: the only module that reads `process.env`.
 *
 * Environment variables (all optional):
 * - TUSK_KERNELS: 'ts' forces the TypeScript kernels; 'native' requires the addon.
 * - TUSK_MEMORY_LIMIT: default memory budget, e.g. '4GiB', '500MB', or a byte count.
 * - TUSK_SPILL_DIR: where spilled chunks go (default: the OS temp folder).
 * - TUSK_DEBUG: 0 (quiet) … 3 (every task event on stderr).
 */
import os from 'node:os';
import { TuskError } from './errors.js';

export interface TuskConfig {
  kernels: 'auto' | 'ts' | 'native';
  memoryLimit: number | undefined;
  spillDir: string | undefined;
  debug: number;
}

function fromEnv(): TuskConfig {
  const env = process.env;
  const k = (env.TUSK_KERNELS ?? 'auto').toLowerCase();
  if (k !== 'auto' && k !== 'ts' && k !== 'native') {
    throw new TuskError('InvalidArgument', `TUSK_KERNELS=${env.TUSK_KERNELS} is not one of auto, ts, native`);
  }
  return {
    kernels: k,
    memoryLimit: env.TUSK_MEMORY_LIMIT ? parseBytes(env.TUSK_MEMORY_LIMIT, 'TUSK_MEMORY_LIMIT') : undefined,
    spillDir: env.TUSK_SPILL_DIR || undefined,
    debug: env.TUSK_DEBUG ? Number(env.TUSK_DEBUG) || 0 : 0,
  };
}

let current: TuskConfig | undefined;

export function config(): Readonly<TuskConfig> {
  current ??= fromEnv();
  return current;
}

/** Override settings for this process (like `dask.config.set`). */
export function setConfig(patch: Partial<TuskConfig>): void {
  current = { ...config(), ...patch };
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  k: 1e3, m: 1e6, g: 1e9, t: 1e12,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** '1GiB' → 1073741824; '500MB' → 5e8; numbers pass through. */
export function parseBytes(value: string | number, what = 'size'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new TuskError('InvalidArgument', `${what} must be a non-negative number of bytes, got ${value}`);
    return Math.floor(value);
  }
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? (m[2] || 'b').toLowerCase() : '';
  if (!m || !(unit in UNITS)) {
    throw new TuskError('InvalidArgument', `${what}: cannot read "${value}" as a size`, {
      hint: "write a number of bytes or a number with a unit: '512MiB', '2GiB', '4GB'",
    });
  }
  return Math.floor(Number(m[1]) * UNITS[unit]!);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}

export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism());
}

/** Default budget for managed data: half the machine's memory, as Dask's 'auto' would spread it. */
export function defaultMemoryLimit(): number {
  return config().memoryLimit ?? Math.floor(os.totalmem() / 2);
}
