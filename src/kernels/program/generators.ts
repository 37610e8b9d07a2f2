/**
 * Generator instructions: fill a block of a register from each element's global index, so
 * a created array (arange, linspace, random) is the same whatever the chunking.
 */
import { castValue } from '../ops/scalar.js';
import { fillNormal } from '../random/normal.js';
import { fillIntegers, fillUniform } from '../random/uniform.js';
import type { ChunkRange, GeneratorInstr } from './format.js';

/** Fills out[at … at + n) for the contiguous global indices first … first + n − 1. */
export function fillRun(ins: GeneratorInstr, first: number, n: number, out: Float64Array, at: number): void {
  switch (ins.op) {
    case 'randomNormal':
      return fillNormal(ins.seed, first, n, out, at);
    case 'randomUniform':
      return fillUniform(ins.seed, ins.lo, ins.hi, first, n, out, at);
    case 'randomIntegers':
      return fillIntegers(ins.seed, ins.lo, ins.hi, first, n, out, at);
    case 'arange': {
      // numpy fills arange from its first two values: delta = (start + step) − start.
      const start = ins.start;
      const delta = start + ins.step - start;
      if (ins.dtype === 'float64') {
        for (let j = 0; j < n; j++) out[at + j] = start + (first + j) * delta;
      } else {
        for (let j = 0; j < n; j++) out[at + j] = castValue(start + (first + j) * delta, ins.dtype);
      }
      return;
    }
    case 'linspace': {
      const div = ins.endpoint ? ins.num - 1 : ins.num;
      const delta = ins.stop - ins.start;
      const step = delta / div;
      const last = ins.endpoint && ins.num > 1 ? ins.num - 1 : -1;
      for (let j = 0; j < n; j++) {
        const i = first + j;
        // numpy: y = i·step + start, or (i/div)·delta when step underflows to 0; the endpoint is exact.
        const v = i === last ? ins.stop : div <= 0 ? i * delta + ins.start : step === 0 ? (i / div) * delta + ins.start : i * step + ins.start;
        out[at + j] = ins.dtype === 'float32' ? Math.fround(v) : v;
      }
      return;
    }
  }
}

/**
 * Fills a block (local elements b0 … b0 + n − 1 of the chunk) by runs of contiguous global
 * indices: one run in 1-d, one per row segment along the last axis in n-d.
 */
export function fillGenerator(ins: GeneratorInstr, range: ChunkRange, b0: number, n: number, out: Float64Array): void {
  const shape = range.shape;
  if (!shape || shape.length <= 1) return fillRun(ins, range.offset + b0, n, out, 0);
  const strides = range.strides!;
  const last = shape[shape.length - 1]!;
  let done = 0;
  while (done < n) {
    const local = b0 + done;
    // Unravel `local` in C order to its global index.
    let rem = local;
    let g = range.offset;
    for (let k = shape.length - 1; k >= 0; k--) {
      const s = shape[k]!;
      const ik = rem % s;
      rem = (rem - ik) / s;
      g += ik * strides[k]!;
    }
    const col = local % last;
    const m = Math.min(last - col, n - done);
    fillRun(ins, g, m, out, done);
    done += m;
  }
}

/** The global index of local element `j` of a chunk. */
export function globalIndex(range: ChunkRange, j: number): number {
  const shape = range.shape;
  if (!shape || shape.length <= 1) return range.offset + j;
  let rem = j;
  let g = range.offset;
  for (let k = shape.length - 1; k >= 0; k--) {
    const s = shape[k]!;
    const ik = rem % s;
    rem = (rem - ik) / s;
    g += ik * range.strides![k]!;
  }
  return g;
}
