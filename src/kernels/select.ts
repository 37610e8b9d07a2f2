/**
 * Which backend runs: the native (C++ SIMD) kernels when the addon is built and loads, else the
 * TypeScript kernels. TUSK_KERNELS=ts forces TypeScript; TUSK_KERNELS=native requires the addon
 * and fails loudly, listing what was tried and the fixes, when it cannot load. native.ts is
 * the only loader of the binary; each worker thread makes its choice on first use.
 */
import { config } from '../config.js';
import { TuskError } from '../errors.js';
import type { KernelBackend } from './backend.js';
import { loadNative, nativeBuildStatus, nativeFixes } from './native.js';
import { type NativeBackend, createNativeBackend } from './native-backend.js';
import { tsKernels } from './ts-backend.js';

let native: NativeBackend | null | undefined;

/** The native backend, or undefined when the addon is not built or does not load here. */
export function nativeKernels(): NativeBackend | undefined {
  if (native === undefined) {
    const { addon } = loadNative();
    native = addon ? createNativeBackend(addon) : null;
  }
  return native ?? undefined;
}

function nativeUnavailable(): TuskError {
  const { tried } = loadNative();
  const attempts = tried.map((t) => `  ${t.file}: ${t.error}`).join('\n');
  return new TuskError('InvalidArgument', `TUSK_KERNELS=native asks for the native kernels, but the addon did not load:\n${attempts}`, {
    context: { tried },
    hint: nativeFixes().join('; '),
  });
}

export function getKernels(): KernelBackend {
  const want = config().kernels;
  if (want === 'ts') return tsKernels;
  const k = nativeKernels();
  if (k) return k;
  if (want === 'native') throw nativeUnavailable();
  return tsKernels;
}

/** One line for `tusk info`: what runs, and why when it is not native. */
export function describeKernels(): string {
  const want = config().kernels;
  const k = nativeKernels();
  if (want === 'ts') return `ts (forced by TUSK_KERNELS=ts${k ? `; ${k.name} is built` : ''})`;
  if (k) {
    const { file, addon } = loadNative();
    const i = addon!.info();
    return `${k.name} (builds here: ${i.available.join(', ')}; transcendentals: ${i.libmvec ? 'glibc libmvec' : 'scalar libm'}; ${file})`;
  }
  const status = nativeBuildStatus();
  const why = status && !status.built ? status.reason : [...new Set(loadNative().tried.map((t) => t.error))].join(', ');
  return `ts (native addon not built: ${why}; npm run build:native -- --verbose)`;
}
