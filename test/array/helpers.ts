/**
 * Test helpers: a naive in-memory reference (plain arrays in C order, numpy broadcasting by
 * index arithmetic) and fast-check arbitraries for shapes and chunkings (ragged last chunks).
 */
import fc from 'fast-check';
import { Client, LocalCluster } from 'tusk';

export interface Ref {
  data: number[];
  shape: number[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = s;
    s *= shape[k]!;
  }
  return out;
}

export function broadcastShape(shapes: number[][]): number[] {
  const nd = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) s.forEach((d, k) => {
    const j = k + nd - s.length;
    if (d !== 1) out[j] = d;
  });
  return out;
}

/** Element `flat` of the broadcast shape `out`, read from `x`. */
export function at(x: Ref, out: number[], flat: number): number {
  const st = stridesOf(x.shape);
  const off = out.length - x.shape.length;
  let rem = flat;
  let idx = 0;
  for (let k = out.length - 1; k >= 0; k--) {
    const i = rem % out[k]!;
    rem = Math.floor(rem / out[k]!);
    if (k >= off) idx += (x.shape[k - off] === 1 ? 0 : i) * st[k - off]!;
  }
  return x.data[idx]!;
}

/** numpy-style broadcast map over references and scalars. */
export function refMap(f: (...v: number[]) => number, ...args: (Ref | number)[]): Ref {
  const refs = args.filter((a): a is Ref => typeof a !== 'number');
  const shape = broadcastShape(refs.map((r) => r.shape));
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => f(...args.map((a) => (typeof a === 'number' ? a : at(a, shape, i)))));
  return { data, shape };
}

/** Reduces `x` over `axes` with `f` (which sees the values in C order of the reduced axes). */
export function refReduce(x: Ref, axes: number[], keepdims: boolean, f: (vals: number[]) => number): Ref {
  const reduced = new Set(axes);
  const outShape = x.shape.filter((_, k) => !reduced.has(k));
  const groups = new Map<number, number[]>();
  const st = stridesOf(x.shape);
  const ost = stridesOf(outShape);
  for (let flat = 0; flat < x.data.length; flat++) {
    let o = 0;
    let j = 0;
    for (let k = 0; k < x.shape.length; k++) {
      const i = Math.floor(flat / st[k]!) % x.shape[k]!;
      if (!reduced.has(k)) o += i * ost[j++]!;
    }
    if (!groups.has(o)) groups.set(o, []);
    groups.get(o)!.push(x.data[flat]!);
  }
  const data = Array.from({ length: sizeOf(outShape) }, (_, o) => f(groups.get(o) ?? []));
  return { data, shape: keepdims ? x.shape.map((d, k) => (reduced.has(k) ? 1 : d)) : outShape };
}

/** A random chunking of `dim`: explicit sizes, ragged allowed. */
export function chunkingOf(dim: number): fc.Arbitrary<number[]> {
  if (dim === 0) return fc.constant([0]);
  return fc.oneof(
    fc.integer({ min: 1, max: dim }).map((c) => {
      const out: number[] = [];
      for (let s = 0; s < dim; s += c) out.push(Math.min(c, dim - s));
      return out;
    }),
    fc.array(fc.integer({ min: 1, max: dim }), { minLength: 1, maxLength: 6 }).map((cuts) => {
      const pts = [...new Set([0, ...cuts.map((c) => c % dim), dim])].sort((a, b) => a - b);
      const out: number[] = [];
      for (let i = 1; i < pts.length; i++) if (pts[i]! > pts[i - 1]!) out.push(pts[i]! - pts[i - 1]!);
      return out;
    }),
  );
}

export function chunksFor(shape: number[]): fc.Arbitrary<number[][]> {
  return fc.tuple(...shape.map(chunkingOf));
}

export const shapeArb = (maxNd = 2, maxDim = 9): fc.Arbitrary<number[]> =>
  fc.integer({ min: 1, max: maxNd }).chain((nd) => fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: nd, maxLength: nd }));

/** Values that exercise signs, zero and non-integers without overflow. */
export const valueArb = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -50, max: 50, noNaN: true }));

export function close(a: number, b: number, rel = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel = 1e-9): void {
  if (got.length !== want.length) throw new Error(`length ${got.length} ≠ ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!close(got[i]!, want[i]!, rel)) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}\n got ${Array.from(got).slice(0, 20)}\nwant ${Array.from(want).slice(0, 20)}`);
  }
}

/** An in-process cluster + client for a test file. */
export function inProcessClient(): { client: Client; close: () => Promise<void> } {
  const cluster = new LocalCluster({ inProcess: true });
  const client = new Client(cluster);
  return { client, close: async () => { await client.close(); await cluster.close(); } };
}
