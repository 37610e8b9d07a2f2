/**
 * Turning what users pass as `X` and `y` — lazy data frames and series (anything with
 * `compute()`), computed frames and Arrow tables, typed-array columns, rows, named columns —
 * into validated, shared-memory `Features` and a label array, before any fit is launched.
 */
import { TuskError } from '../../errors.js';
import { toFeatures, type Features, type FeaturesInput } from '../data/features.js';
import { toTarget, type TargetInput } from '../data/target.js';

import { isComputable, type Computable } from '../data/lazy.js';

export { isComputable, type Computable };

export type SearchX = FeaturesInput | Computable;
export type SearchY = TargetInput | Computable;

export async function resolveX(X: SearchX, computeOptions?: object): Promise<Features> {
  const v = isComputable(X) ? await X.compute(computeOptions) : X;
  return toShared(toFeatures(v as FeaturesInput));
}

export async function resolveY(y: SearchY, nRows: number, computeOptions?: object): Promise<Float64Array> {
  const v = isComputable(y) ? await y.compute(computeOptions) : y;
  if (typeof v === 'number' || v === null || v === undefined) {
    throw new TuskError('InvalidArgument', `y must be a column of labels, got ${v === null ? 'null' : typeof v}`);
  }
  return shareArray(toTarget(v as TargetInput, nRows));
}

/** Columns in shared memory, so every fit on every worker thread reads the same bytes. */
function toShared(X: Features): Features {
  return { kind: 'features', columns: X.columns.map(shareArray), names: X.names, nRows: X.nRows };
}

function shareArray(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
