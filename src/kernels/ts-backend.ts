/** The TypeScript backend: the reference implementation of every kernel. */
import type { KernelBackend } from './backend.js';
import { astype, binary, clip, unary, where } from './ops/elementwise.js';
import { runProgram, runProgramReduce } from './program/run.js';
import { reduceChunk } from './reduce/accumulate.js';
import { combine, finalize, initPartial } from './reduce/partials.js';
import { randomIntegers, randomNormal, randomUniform } from './random/streams.js';

export const tsKernels: KernelBackend = Object.freeze({
  name: 'ts' as const,
  unary,
  binary,
  where,
  clip,
  astype,
  runProgram,
  runProgramReduce,
  reduceChunk,
  initPartial,
  combine,
  finalize,
  randomNormal,
  randomUniform,
  randomIntegers,
});
