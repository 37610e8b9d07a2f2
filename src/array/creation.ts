/**
 * Creating arrays. Generated arrays (`zeros`, `arange`, `linspace`, `random.*`) are lazy
 * generator nodes: nothing is allocated until a block is computed, each element comes from
 * its global index (so any chunking gives the same values), and they fuse into whatever
 * element-wise chain uses them. `fromTypedArray` wraps data you already hold.
 */
import { TuskError } from '../errors.js';
import { tokenize } from '../graph/tokenize.js';
import { share } from '../worker/codec.js';
import { type ChunkSpec, blockIndices, checkShape, normalizeChunks, offsets, sizeOf, blockShape } from './chunks.js';
import { ChunkedArray } from './chunked-array.js';
import { type Dtype, type KernelExpr, type TypedArray, allocate, checkDtype, compileExpr, dtypeOf } from './kernels.js';
import { copyBox } from './nd.js';
import { blockKey, genNode, sourceNode } from './node.js';

export interface CreateOptions {
  chunks?: ChunkSpec;
  dtype?: Dtype;
}

export type ShapeLike = number | readonly number[];

function shapeOf(s: ShapeLike): number[] {
  return checkShape(typeof s === 'number' ? [s] : s);
}

/** A generator node; `label` names its layer in keys and `explain()`. */
export function generated(label: string, expr: KernelExpr, shape: ShapeLike, chunks: ChunkSpec | undefined): ChunkedArray {
  const sh = shapeOf(shape);
  const dtype = compileExpr(expr, []).outDtype;
  return new ChunkedArray(genNode(label, expr, sh, dtype, normalizeChunks(chunks, sh, dtype)));
}

/** numpy's default dtype for a fill value: bool, int (→ int32) or float64. */
function valueDtype(v: number | boolean): Dtype {
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'int32' : 'float64';
}

export function full(shape: ShapeLike, value: number | boolean, options: CreateOptions = {}): ChunkedArray {
  const dtype = options.dtype ? checkDtype(options.dtype) : valueDtype(value);
  return generated('full', { scalar: Number(value), dtype }, shape, options.chunks);
}

export function zeros(shape: ShapeLike, options: CreateOptions = {}): ChunkedArray {
  return generated('zeros', { scalar: 0, dtype: options.dtype ? checkDtype(options.dtype) : 'float64' }, shape, options.chunks);
}

export function ones(shape: ShapeLike, options: CreateOptions = {}): ChunkedArray {
  return generated('ones', { scalar: 1, dtype: options.dtype ? checkDtype(options.dtype) : 'float64' }, shape, options.chunks);
}

/**
 * `arange(stop)`, `arange(start, stop)`, `arange(start, stop, step)`, each optionally followed
 * by options. Integer arguments give int32 (when the values fit), others float64.
 */
export function arange(...args: (number | CreateOptions)[]): ChunkedArray {
  const options = (typeof args[args.length - 1] === 'object' ? args.pop() : {}) as CreateOptions;
  const nums = args as number[];
  if (nums.length < 1 || nums.length > 3 || !nums.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new TuskError('InvalidArgument', `arange: expected (stop), (start, stop) or (start, stop, step) as finite numbers, got ${JSON.stringify(args)}`);
  }
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new TuskError('InvalidArgument', 'arange: step must not be zero');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const ints = [start, stop, step].every(Number.isInteger);
  const last = start + (n - 1) * step;
  const fits = Math.abs(start) <= 2147483647 && Math.abs(last) <= 2147483647;
  const dtype = options.dtype ? checkDtype(options.dtype) : ints && fits ? 'int32' : 'float64';
  return generated('arange', { op: 'arange', start, step, dtype }, [n], options.chunks);
}

export interface LinspaceOptions extends CreateOptions {
  endpoint?: boolean;
}

export function linspace(start: number, stop: number, num = 50, options: LinspaceOptions = {}): ChunkedArray {
  if (!Number.isSafeInteger(num) || num < 0) throw new TuskError('InvalidArgument', `linspace: num must be a non-negative integer, got ${num}`);
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw new TuskError('UnsupportedDtype', `linspace: dtype must be float64 or float32, got ${dtype}`);
  return generated('linspace', { op: 'linspace', start, stop, num, endpoint: options.endpoint ?? true, dtype }, [num], options.chunks);
}

export interface FromTypedArrayOptions {
  /** Shape of the data in C order (default: 1-d, the array's length). */
  shape?: readonly number[];
  chunks?: ChunkSpec;
  /** Needed only for bool data held in a Uint8Array. */
  dtype?: Dtype;
}

/** Wraps data you hold: it is cut into chunks (one copy, into shared memory) and hashed for its keys. */
export function fromTypedArray(data: TypedArray, options: FromTypedArrayOptions = {}): ChunkedArray {
  const dtype = options.dtype ?? dtypeOf(data);
  if (options.dtype === 'bool' && !(data instanceof Uint8Array)) throw new TuskError('UnsupportedDtype', 'fromTypedArray: bool data must be a Uint8Array of 0/1');
  const shape = checkShape(options.shape ?? [data.length]);
  if (sizeOf(shape) !== data.length) {
    throw new TuskError('ShapeMismatch', `fromTypedArray: shape ${JSON.stringify(shape)} holds ${sizeOf(shape)} elements but the data has ${data.length}`);
  }
  const chunks = normalizeChunks(options.chunks, shape, dtype);
  const token = tokenize('fromTypedArray', data, dtype, shape, chunks);
  const name = `array-${token}`;
  const graph: Record<string, unknown> = {};
  const offs = chunks.map(offsets);
  const numblocks = chunks.map((c) => c.length);
  if (numblocks.every((n) => n === 1)) graph[blockKey(name, numblocks.map(() => 0))] = share(data);
  else {
    for (const idx of blockIndices(numblocks)) {
      const bs = blockShape(chunks, idx);
      const block = allocate(dtype, sizeOf(bs));
      copyBox(data, shape, idx.map((j, k) => offs[k]![j]!), block, bs, idx.map(() => 0), bs);
      graph[blockKey(name, idx)] = block;
    }
  }
  return new ChunkedArray(sourceNode('array', token, graph, shape, dtype, chunks));
}
