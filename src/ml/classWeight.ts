/**
 * Class weights as scikit-learn computes them (`compute_class_weight` / `compute_sample_weight`):
 * `'balanced'` gives class c the weight n_samples / (n_classes * count(c)), so each class carries
 * the same total weight; a `{ label: weight }` map sets them by hand (missing labels weigh 1).
 * Forests apply them as per-sample weights multiplied into the bootstrap counts.
 */
import { TuskError } from '../errors.js';

/** `null | 'balanced' | 'balanced_subsample' | { [label]: weight }` (keys are labels as strings). */
export type ClassWeight = null | 'balanced' | 'balanced_subsample' | Readonly<Record<string, number>>;

export function checkClassWeight(cw: unknown, allowSubsample: boolean): ClassWeight {
  if (cw === null || cw === undefined) return null;
  if (cw === 'balanced') return cw;
  if (cw === 'balanced_subsample' && allowSubsample) return cw;
  if (typeof cw === 'object' && !Array.isArray(cw)) {
    for (const [k, v] of Object.entries(cw)) {
      if (!Number.isFinite(Number(k)) || typeof v !== 'number' || !(v >= 0)) {
        throw new TuskError('InvalidArgument', `classWeight: entry ${JSON.stringify(k)}: ${JSON.stringify(v)} must map a numeric label to a weight >= 0`);
      }
    }
    return cw as Readonly<Record<string, number>>;
  }
  const presets = allowSubsample ? "'balanced', 'balanced_subsample'" : "'balanced'";
  throw new TuskError('InvalidArgument', `classWeight must be null, ${presets} or a { label: weight } map, got ${JSON.stringify(cw)}`);
}

/**
 * Per-class weights for `classes` (sorted labels). `encoded` holds each sample's class index;
 * when `indices` is given (a bootstrap sample) the balanced weights are computed on
 * `encoded[indices]` and classes absent from it get weight 0, as in scikit-learn.
 */
export function classWeightVector(
  cw: Exclude<ClassWeight, null | 'balanced_subsample'>,
  classes: Float64Array,
  encoded: Int32Array,
  indices?: Int32Array,
): Float64Array {
  const k = classes.length;
  const weight = new Float64Array(k);
  if (cw === 'balanced') {
    const counts = new Float64Array(k);
    let n = 0;
    if (indices) {
      for (let j = 0; j < indices.length; j++) counts[encoded[indices[j]!]!]! += 1;
      n = indices.length;
    } else {
      for (let i = 0; i < encoded.length; i++) counts[encoded[i]!]! += 1;
      n = encoded.length;
    }
    let present = 0;
    for (let c = 0; c < k; c++) if (counts[c]! > 0) present++;
    for (let c = 0; c < k; c++) weight[c] = counts[c]! > 0 ? n / (present * counts[c]!) : 0;
    return weight;
  }
  weight.fill(1);
  const unweighted: number[] = [];
  let weighted = 0;
  classes.forEach((label, c) => {
    const w = lookup(cw, label);
    if (w === undefined) unweighted.push(label);
    else {
      weight[c] = w;
      weighted++;
    }
  });
  // scikit-learn tolerates unknown labels in the map only when every class has a weight.
  if (unweighted.length > 0 && weighted !== Object.keys(cw).length) {
    throw new TuskError('InvalidArgument', `classWeight has labels that are not classes of y; classes [${unweighted.join(', ')}] got no weight`, {
      hint: `the classes are [${Array.from(classes).join(', ')}]`,
    });
  }
  return weight;
}

function lookup(cw: Readonly<Record<string, number>>, label: number): number | undefined {
  for (const [k, v] of Object.entries(cw)) if (Number(k) === label) return v;
  return undefined;
}

/** Per-sample weights from per-class weights. */
export function expandClassWeight(weight: Float64Array, encoded: Int32Array): Float64Array {
  const out = new Float64Array(encoded.length);
  for (let i = 0; i < encoded.length; i++) out[i] = weight[encoded[i]!]!;
  return out;
}
