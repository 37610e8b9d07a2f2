/**
 * Which backend runs. Only TypeScript exists so far; `src/kernels/native.ts` will become the
 * single loader of the `.node` addon and fall back to TypeScript when it cannot load (unless
 * TUSK_KERNELS=native asked for it explicitly, which must fail loudly instead).
 */
import { config } from '../config.js';
import { TuskError } from '../errors.js';
import type { KernelBackend } from './backend.js';
import { tsKernels } from './ts-backend.js';

export function getKernels(): KernelBackend {
  if (config().kernels === 'native') {
    throw new TuskError('InvalidArgument', 'TUSK_KERNELS=native asks for the native kernels, but this build has none', {
      hint: 'unset TUSK_KERNELS (or set it to ts) to use the TypeScript kernels',
    });
  }
  return tsKernels;
}
