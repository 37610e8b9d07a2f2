/**
 * `join` (keys of the left frame against the other's index, pandas' `DataFrame.join`) and
 * `merge` (columns against columns), by one of two layouts.
 *
 * Broadcast — one side is gathered into one table and every partition of the other side joins
 * against it in its own task:
 *
 *   inner / left   each left partition against the whole right side; left order kept;
 *   right          the roles swapped: each right partition against the whole left side;
 *   outer          left joins, plus one last partition of the right rows whose key no left
 *                  partition has (found by a tree reduction of the left keys).
 *
 * Shuffle (hash partitioning; Dask's `shuffle` merge) — for two large frames. Both sides are cut
 * into P buckets by a hash of their keys (ops/shuffle.ts: equal keys, across int and float
 * dtypes, land in the same bucket whatever partition they are in; missing keys all in bucket 0):
 *
 *   split   one task per input partition: its rows grouped by bucket, as ONE table with the
 *           bucket boundaries in its metadata (the store spills it as Arrow IPC);
 *   pick    one task per (partition, bucket): that bucket's rows copied into a table of their
 *           own, so each piece is a key the store can spill — and once a split's P picks have
 *           run, the split itself is released;
 *   join    task j joins bucket j of the left (its pieces in partition order) with bucket j of
 *           the right, in memory (ops/join.ts, `how` as asked; `right` swaps the sides).
 *
 * P, the number of buckets and of output partitions, is
 *
 *   P = max(nL, nR, T, ⌈(nL + nR) · PART_BYTES / PAIR_BYTES⌉), at most 4 · max(nL, nR, T),
 *       then rounded up to a multiple of T,
 *
 * where nL, nR are the partition counts; T the number of threads (every thread gets a bucket,
 * even in a shuffle of one-partition frames asked for with `shuffle: true`); PART_BYTES (128 MiB)
 * what one input partition is assumed to hold in memory (partitions are cut to fit: 64 MiB CSV
 * blocks, Parquet row groups); and PAIR_BYTES = 0.6 · memoryLimit / (2 · T) the room for one
 * bucket pair while every thread joins one. memoryLimit and T are this process's defaults at
 * graph-build time (`setConfig({ memoryLimit })`, TUSK_MEMORY_LIMIT, else half the machine's
 * memory; the core count): a cluster's own memoryLimit is not known when the graph is built. So P
 * is the larger partition count unless memory is tight, and a bucket pair holds about one input
 * partition of each side. The rounding keeps every thread busy to the last round of joins: 7
 * buckets on 2 threads ran in 4 rounds, the last on one thread (db-benchmark j5), where 8 smaller
 * ones run in 4 full rounds. `npartitions` sets P directly.
 *
 * Which layout: `broadcast: true` forces the broadcast, `shuffle: true` (or `broadcast: false`)
 * the shuffle; otherwise the broadcast when either side has a single partition (a group-by
 * result, a lookup table — it is already "gathered"), else the shuffle.
 *
 * Row order. Broadcast: left order (right order for `right`), the unmatched right rows of an
 * outer merge last. Shuffle: by bucket, and within a bucket left rows in partition order with
 * their matches, then (outer) the bucket's unmatched right rows — the same rows as a multiset,
 * not in the same order (as in Dask). Neither sorts by key as pandas' outer merge does.
 */
import { defaultMemoryLimit, defaultWorkerCount } from '../../config.js';
import { TuskError } from '../../errors.js';
import { ref } from '../../graph/types.js';
import { isNumeric } from '../core/dtypes.js';
import { taskOp } from '../core/lower.js';
import { type ColumnMeta, type FrameMeta, requireColumn, typeMismatch } from '../core/meta.js';
import { type Node, layerNode, partKey, stepsNode } from '../core/node.js';
import { gatherNode, reduceNode } from '../core/reduce.js';
import type { JoinSpec, OutColumn } from '../ops/join.js';

export type How = 'inner' | 'left' | 'right' | 'outer';
const HOWS: readonly How[] = ['inner', 'left', 'right', 'outer'];

function checkHow(how: unknown, where: string): How {
  if (!HOWS.includes(how as How)) throw new TuskError('InvalidArgument', `${where}: how must be one of ${HOWS.join(', ')}, got ${JSON.stringify(how)}`);
  return how as How;
}

function checkKeyTypes(l: readonly ColumnMeta[], r: readonly ColumnMeta[], where: string): void {
  if (l.length !== r.length) {
    throw new TuskError('InvalidArgument', `${where}: ${l.length} left key(s) [${l.map((c) => c.name).join(', ')}] but ${r.length} right key(s) [${r.map((c) => c.name).join(', ')}]`, {
      hint: where === 'join' ? "the other frame's index levels are its keys: set them with setIndex([...]) or use merge with leftOn/rightOn" : 'give as many leftOn as rightOn columns',
    });
  }
  l.forEach((a, k) => {
    const b = r[k]!;
    const ok = a.dtype === b.dtype || (isNumeric(a.dtype) && isNumeric(b.dtype) && a.dtype !== 'bool' && b.dtype !== 'bool');
    if (!ok) throw typeMismatch(where, `key "${a.name}" is ${a.dtype} but "${b.name}" is ${b.dtype}`, { left: a.name, right: b.name }, 'cast one key first so both have the same type');
  });
}

interface Core {
  how: How;
  leftOn: string[];
  rightOn: string[];
  index: OutColumn[];
  columns: OutColumn[];
}

const swap = (o: OutColumn): OutColumn => ({ out: o.out, dtype: o.dtype, left: o.right, right: o.left });

function broadcastJoin(left: Node, right: Node, core: Core, label: string): Node {
  const meta: FrameMeta = { index: core.index.map((o) => ({ name: o.out, dtype: o.dtype })), columns: core.columns.map((o) => ({ name: o.out, dtype: o.dtype })) };
  const spec: JoinSpec = { how: core.how === 'inner' ? 'inner' : 'left', leftOn: core.leftOn, rightOn: core.rightOn, index: core.index, columns: core.columns };
  if (core.how === 'right') {
    const swapped: JoinSpec = { how: 'left', leftOn: core.rightOn, rightOn: core.leftOn, index: core.index.map(swap), columns: core.columns.map(swap) };
    return stepsNode(right, { s: 'join', spec: swapped }, meta, [gatherNode(left)]);
  }
  const joined = stepsNode(left, { s: 'join', spec }, meta, [gatherNode(right)]);
  if (core.how !== 'outer') return joined;
  const seen = reduceNode('keySet', { columns: core.leftOn }, left, null);
  return layerNode(`${label}-outer`, { spec }, [joined, gatherNode(right), seen, left], meta, left.npartitions + 1, (ctx) => {
    const [parts, r, s, l] = ctx.inputs;
    const rest = ctx.add(partKey(ctx.name, parts!.length), taskOp('outerRest'), [spec, ref(r![0]!), ref(s![0]!), ref(l![0]!)]);
    return [...parts!, rest];
  });
}

/** What one input partition is assumed to hold in memory (see the header). */
const PART_BYTES = 128 * 1024 * 1024;

/** The number of buckets of a shuffle of frames of `nl` and `nr` partitions (see the header). */
export function shuffleBuckets(nl: number, nr: number, memoryLimit = defaultMemoryLimit(), threads = defaultWorkerCount()): number {
  const t = Math.max(1, threads);
  const most = Math.max(nl, nr, t);
  const pairBytes = Math.max(1, (0.6 * memoryLimit) / (2 * t));
  const byMemory = Math.ceil(((nl + nr) * PART_BYTES) / pairBytes);
  return Math.ceil(Math.min(4 * most, Math.max(most, byMemory)) / t) * t;
}

export interface Layout {
  /** Force the broadcast join (true) or the shuffle (false). */
  broadcast?: boolean;
  /** Force the shuffle join (hash partitioning of both sides). */
  shuffle?: boolean;
  /** Buckets (= output partitions) of a shuffle; default from the partition counts and memory. */
  npartitions?: number;
}

function useShuffle(left: Node, right: Node, o: Layout, where: string): boolean {
  if (o.broadcast === true && o.shuffle === true) throw new TuskError('InvalidArgument', `${where}: broadcast: true and shuffle: true contradict each other`);
  if (o.npartitions !== undefined && (!Number.isInteger(o.npartitions) || o.npartitions < 1)) {
    throw new TuskError('InvalidArgument', `${where}: npartitions must be a positive integer, got ${o.npartitions}`);
  }
  if (o.broadcast === true) return false;
  if (o.shuffle === true || o.broadcast === false) return true;
  return left.npartitions > 1 && right.npartitions > 1;
}

function shuffleJoin(left: Node, right: Node, core: Core, label: string, nbuckets: number): Node {
  const meta: FrameMeta = { index: core.index.map((o) => ({ name: o.out, dtype: o.dtype })), columns: core.columns.map((o) => ({ name: o.out, dtype: o.dtype })) };
  const swapped = core.how === 'right';
  const spec: JoinSpec = swapped
    ? { how: 'left', leftOn: core.rightOn, rightOn: core.leftOn, index: core.index.map(swap), columns: core.columns.map(swap) }
    : { how: core.how === 'right' ? 'left' : core.how, leftOn: core.leftOn, rightOn: core.rightOn, index: core.index, columns: core.columns };
  const [a, b] = swapped ? [right, left] : [left, right];
  return layerNode(`${label}-shuffle`, { spec, nbuckets }, [a, b], meta, nbuckets, (ctx) => {
    const [ak, bk] = ctx.inputs;
    const split = (keys: readonly string[], side: string, parts: readonly string[]) =>
      parts.map((k, i) => ctx.add(`${ctx.name}-split-${side}.${i}`, taskOp('splitBuckets'), [keys, nbuckets, ref(k)]));
    const as = split(spec.leftOn, 'l', ak!);
    const bs = split(spec.rightOn, 'r', bk!);
    const pick = taskOp('pickPiece');
    const out: string[] = [];
    for (let j = 0; j < nbuckets; j++) {
      const ap = as.map((s, i) => ctx.add(`${ctx.name}-piece-l.${i}.${j}`, pick, [ref(s), j], { extract: true }));
      const bp = bs.map((s, i) => ctx.add(`${ctx.name}-piece-r.${i}.${j}`, pick, [ref(s), j], { extract: true }));
      out.push(ctx.add(partKey(ctx.name, j), taskOp('joinBuckets'), [spec, ap.length, ...ap.map(ref), ...bp.map(ref)]));
    }
    return out;
  });
}

function joinNode(left: Node, right: Node, core: Core, label: 'join' | 'merge', o: Layout): Node {
  if (!useShuffle(left, right, o, label)) return broadcastJoin(left, right, core, label);
  return shuffleJoin(left, right, core, label, o.npartitions ?? shuffleBuckets(left.npartitions, right.npartitions));
}

function suffixed(name: string, other: ReadonlySet<string>, suffix: string): string {
  return other.has(name) ? name + suffix : name;
}

export interface JoinOptions extends Layout {
  /** Left columns (or index levels) matched against the other's index; default: the left index. */
  on?: string | readonly string[];
  how?: How;
  lsuffix?: string;
  rsuffix?: string;
}

export function join(left: Node, right: Node, options: JoinOptions = {}): Node {
  const lm = left.meta!;
  const rm = right.meta!;
  const how = checkHow(options.how ?? 'left', 'join');
  const on = options.on === undefined ? null : typeof options.on === 'string' ? [options.on] : [...options.on];
  const leftKeys = on === null ? [...lm.index] : on.map((n) => requireColumn(lm, n, 'join', true));
  if (leftKeys.length === 0) throw new TuskError('InvalidArgument', 'join: the left frame has no index to join on', { hint: 'pass { on: [...] } naming left columns' });
  if (rm.index.length === 0) throw new TuskError('InvalidArgument', 'join: the other frame has no index to join against', { hint: 'give it one with setIndex, or use merge' });
  checkKeyTypes(leftKeys, rm.index, 'join');
  const lsuffix = options.lsuffix ?? '';
  const rsuffix = options.rsuffix ?? '';
  const lnames = new Set(lm.columns.map((c) => c.name));
  const rnames = new Set(rm.columns.map((c) => c.name));
  const overlap = [...lnames].filter((n) => rnames.has(n));
  if (overlap.length && !lsuffix && !rsuffix) {
    throw new TuskError('InvalidArgument', `join: columns overlap but no suffix specified: [${overlap.join(', ')}]`, { context: { overlap }, hint: "pass { rsuffix: '_r' } (or lsuffix)" });
  }
  return joinNode(left, right, {
    how,
    leftOn: leftKeys.map((c) => c.name),
    rightOn: rm.index.map((c) => c.name),
    index: lm.index.map((c) => ({ out: c.name, dtype: c.dtype, left: c.name })),
    columns: [
      ...lm.columns.map((c) => ({ out: suffixed(c.name, rnames, lsuffix), dtype: c.dtype, left: c.name })),
      ...rm.columns.map((c) => ({ out: suffixed(c.name, lnames, rsuffix), dtype: c.dtype, right: c.name })),
    ],
  }, 'join', options);
}

export interface MergeOptions extends Layout {
  how?: How;
  on?: string | readonly string[];
  leftOn?: string | readonly string[];
  rightOn?: string | readonly string[];
  suffixes?: readonly [string, string];
}

const list = (x: string | readonly string[] | undefined): string[] | undefined => (x === undefined ? undefined : typeof x === 'string' ? [x] : [...x]);

export function merge(left: Node, right: Node, options: MergeOptions = {}): Node {
  const lm = left.meta!;
  const rm = right.meta!;
  const how = checkHow(options.how ?? 'inner', 'merge');
  let leftOn = list(options.leftOn);
  let rightOn = list(options.rightOn);
  let on = list(options.on);
  if (on && (leftOn || rightOn)) throw new TuskError('InvalidArgument', 'merge: give either on or leftOn/rightOn, not both');
  if (!on && !leftOn && !rightOn) {
    on = lm.columns.map((c) => c.name).filter((n) => rm.columns.some((c) => c.name === n));
    if (on.length === 0) throw new TuskError('InvalidArgument', 'merge: the frames share no column to merge on', { hint: 'pass on, or leftOn and rightOn' });
  }
  if (!on && (!leftOn || !rightOn)) throw new TuskError('InvalidArgument', 'merge: leftOn and rightOn go together');
  const lk = (on ?? leftOn!).map((n) => requireColumn(lm, n, 'merge (left)'));
  const rk = (on ?? rightOn!).map((n) => requireColumn(rm, n, 'merge (right)'));
  checkKeyTypes(lk, rk, 'merge');
  const [ls, rs] = options.suffixes ?? ['_x', '_y'];
  const shared = new Set(on ?? lk.filter((c, k) => rk[k]!.name === c.name).map((c) => c.name));
  const lnames = new Set(lm.columns.map((c) => c.name));
  const rOthers = rm.columns.filter((c) => !shared.has(c.name));
  const rnames = new Set(rOthers.map((c) => c.name));
  const columns: OutColumn[] = [
    ...lm.columns.map((c) =>
      shared.has(c.name)
        ? { out: c.name, dtype: c.dtype, left: c.name, right: c.name }
        : { out: suffixed(c.name, rnames, ls!), dtype: c.dtype, left: c.name },
    ),
    ...rOthers.map((c) => ({ out: suffixed(c.name, lnames, rs!), dtype: c.dtype, right: c.name })),
  ];
  return joinNode(left, right, { how, leftOn: lk.map((c) => c.name), rightOn: rk.map((c) => c.name), index: [], columns }, 'merge', options);
}
