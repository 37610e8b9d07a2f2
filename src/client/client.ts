/**
 * The client layer: `Client`, `Future`, `LocalCluster`; submit, map, gather, scatter, get.
 *
 * A client turns calls into tasks (`{ op, args }` with futures replaced by key references),
 * hands them to its cluster's scheduler and gives back futures. Futures passed as arguments
 * are resolved where the task runs: the client never fetches their values.
 */
import { TuskError } from '../errors.js';
import { orderTasks } from '../graph/order.js';
import { cull } from '../graph/cull.js';
import { tokenize, uniqueToken } from '../graph/tokenize.js';
import type { Graph, Key, Task } from '../graph/types.js';
import { isPlainObject, quote, ref } from '../graph/types.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { SchedulerListener } from '../scheduler/events.js';
import type { StoreStats } from '../store/chunk-store.js';
import { share } from '../worker/codec.js';
import { Future, isFuture, type FutureOwner, type FutureStatus } from './future.js';
import { LocalCluster, type LocalClusterOptions } from './local-cluster.js';
import type { BinaryOp, Elementwise, Elementwise2, Numeric, UnaryOp } from './ops.js';
import { opOf } from './ship.js';
import { registerClient, unregisterClient } from './current.js';

export interface SubmitOptions {
  /** Use this key instead of a hash of the function and its arguments. */
  key?: string;
  /** Same function and arguments → same key, run once (default true). */
  pure?: boolean;
  /** Times to re-run the task if it throws. */
  retries?: number;
  /** Higher runs first (default 0). */
  priority?: number;
}

export interface MapOptions extends Omit<SubmitOptions, 'key'> {
  /** A list of keys (one per item) or a name prefix for the generated keys. */
  key?: string | string[];
}

/** An argument may be the value itself or a future of it. */
export type MaybeFuture<T> = T | Future<T>;
export type FutureArgs<A extends readonly unknown[]> = { [K in keyof A]: MaybeFuture<A[K]> };

/** `gather`'s result type: futures replaced by their values, inside arrays and plain objects too. */
export type Gathered<T> = T extends Future<infer R>
  ? R
  : T extends readonly unknown[]
    ? { -readonly [K in keyof T]: Gathered<T[K]> }
    : T extends ArrayBufferView
      ? T
      : T extends Record<string, unknown>
        ? { [K in keyof T]: Gathered<T[K]> }
        : T;

/** What a client needs from a cluster. */
export interface ClusterLike {
  readonly scheduler: Scheduler;
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const LARGE_ARG = 64 * 1024;
let clientCounter = 0;

const finalizer = new FinalizationRegistry<{ client: WeakRef<Client>; key: string }>((held) => {
  held.client.deref()?._dropRef(held.key);
});

export class Client implements FutureOwner, AsyncDisposable {
  readonly id = `client-${process.pid}-${++clientCounter}`;
  readonly cluster: ClusterLike;
  private readonly ownsCluster: boolean;
  private closed = false;
  private readonly self = new WeakRef(this);

  /** `new Client()` starts a LocalCluster owned (and closed) by this client. */
  constructor(cluster?: ClusterLike | LocalClusterOptions) {
    if (cluster && 'scheduler' in cluster) {
      this.cluster = cluster;
      this.ownsCluster = false;
    } else {
      this.cluster = new LocalCluster(cluster ?? {});
      this.ownsCluster = true;
    }
    registerClient(this); // the newest open client is what compute() uses by default, as in Dask
  }

  /** True once this client or its cluster is closed. */
  get isClosed(): boolean {
    return this.closed || this.scheduler.closed;
  }

  private get scheduler(): Scheduler {
    return this.cluster.scheduler;
  }

  /** Resolves once the cluster's workers are up. */
  get ready(): Promise<void> {
    return this.cluster.ready;
  }

  // ---- submit / map ------------------------------------------------------------------------

  submit<T extends Numeric>(fn: UnaryOp, x: MaybeFuture<T>): Future<Elementwise<T>>;
  submit<A extends Numeric, B extends Numeric>(fn: BinaryOp, a: MaybeFuture<A>, b: MaybeFuture<B>): Future<Elementwise2<A, B>>;
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: FutureArgs<A>): Future<Awaited<R>>;
  submit(fn: unknown, ...args: unknown[]): Future {
    return this.submitWith({}, fn as (...a: unknown[]) => unknown, ...args);
  }

  /** `submit` with options: `client.submitWith({ pure: false, retries: 2 }, fn, x)`. */
  submitWith<A extends unknown[], R>(options: SubmitOptions, fn: (...args: A) => R, ...args: FutureArgs<A>): Future<Awaited<R>> {
    this.assertOpen('submit');
    const op = opOf(fn, 'fn');
    const wireArgs = args.map((a) => this.toWire(a, 'submit'));
    const key = options.key ?? keyFor(op, wireArgs, options.pure ?? true);
    this.scheduler.submit([{ key, task: { op, args: wireArgs }, priority: options.priority, retries: options.retries }], [key]);
    return this.wrap(key) as Future<Awaited<R>>;
  }

  /**
   * `fn` over each item (several iterables are zipped: `map(add, xs, ys)`); a trailing plain
   * object is options: `map(fn, xs, { retries: 1 })`.
   */
  map<T, R>(fn: (x: T) => R, items: Iterable<MaybeFuture<T>>, options?: MapOptions): Future<Awaited<R>>[];
  map<T, U, R>(fn: (x: T, y: U) => R, xs: Iterable<MaybeFuture<T>>, ys: Iterable<MaybeFuture<U>>, options?: MapOptions): Future<Awaited<R>>[];
  map(fn: (...a: never[]) => unknown, ...rest: unknown[]): Future[];
  map(fn: (...a: never[]) => unknown, ...rest: unknown[]): Future[] {
    this.assertOpen('map');
    let options: MapOptions = {};
    if (rest.length > 1 && isPlainObject(rest[rest.length - 1])) options = rest.pop() as MapOptions;
    if (rest.length === 0) throw new TypeError('map: give at least one iterable of items');
    const columns = rest.map((it, i) => {
      if (it === null || typeof it !== 'object' || !(Symbol.iterator in it)) {
        throw new TypeError(`map: argument ${i + 2} must be iterable, got ${it === null ? 'null' : typeof it}`);
      }
      return Array.from(it as Iterable<unknown>);
    });
    const n = Math.min(...columns.map((c) => c.length));
    const op = opOf(fn, 'fn', 'map');
    const pure = options.pure ?? true;
    const prefix = typeof options.key === 'string' ? options.key : undefined;
    if (Array.isArray(options.key) && options.key.length !== n) {
      throw new TuskError('InvalidArgument', `map: ${options.key.length} keys given for ${n} items`);
    }
    const batch = [];
    const keys: Key[] = [];
    for (let i = 0; i < n; i++) {
      const args = columns.map((c) => this.toWire(c[i], 'map'));
      const key = Array.isArray(options.key)
        ? options.key[i]!
        : prefix !== undefined
          ? `${prefix}-${pure ? tokenize(op, args) : uniqueToken()}`
          : keyFor(op, args, pure);
      keys.push(key);
      batch.push({ key, task: { op, args }, priority: options.priority, retries: options.retries });
    }
    this.scheduler.submit(batch, keys);
    return keys.map((k) => this.wrap(k));
  }

  // ---- data in and out ---------------------------------------------------------------------

  /**
   * Wait for futures and return their values. Works on a future, or arrays and plain objects
   * holding futures at any depth; everything else passes through unchanged.
   * `errors: 'skip'` leaves failed futures out of arrays (and undefined in objects).
   */
  async gather<T>(futures: T, options: { errors?: 'raise' | 'skip' } = {}): Promise<Gathered<T>> {
    this.assertOpen('gather');
    const skip = options.errors === 'skip';
    const SKIP = Symbol('skip');
    // Fast path: a flat list of futures, all finished — read them without a promise each.
    if (Array.isArray(futures) && !skip) {
      await Promise.all(futures.map((f) => (isFuture(f) && !f.done() ? f._owner._whenDone(f.key) : undefined)));
      const out: unknown[] = new Array(futures.length);
      let flat = true;
      for (let i = 0; i < futures.length && flat; i++) {
        const f: unknown = futures[i];
        if (!isFuture(f) || f._owner !== this || f.status === 'lost') flat = false;
        else {
          const now = this.scheduler.resultNow(f.key);
          if (now) out[i] = now.value;
          else flat = false;
        }
      }
      if (flat) return out as Gathered<T>;
    }
    const walk = async (x: unknown): Promise<unknown> => {
      if (isFuture(x)) {
        try {
          return await x.result();
        } catch (err) {
          if (skip) return SKIP;
          throw err;
        }
      }
      if (Array.isArray(x)) return (await Promise.all(x.map(walk))).filter((v) => v !== SKIP);
      if (isPlainObject(x)) {
        const entries = await Promise.all(Object.entries(x).map(async ([k, v]) => [k, await walk(v)] as const));
        return Object.fromEntries(entries.map(([k, v]) => [k, v === SKIP ? undefined : v]));
      }
      return x;
    };
    return (await walk(futures)) as Gathered<T>;
  }

  /**
   * Place data on the cluster once; tasks that use the returned future share it without a copy
   * per task (typed arrays move to shared memory). A plain array scatters each element and
   * returns a list of futures, as in Dask; wrap it (`scatter([arr])[0]`) to place it whole.
   */
  scatter<T>(data: T[], options?: { hash?: boolean }): Future<T>[];
  scatter<T>(data: T, options?: { hash?: boolean }): Future<T>;
  scatter(data: unknown, options: { hash?: boolean } = {}): Future | Future[] {
    this.assertOpen('scatter');
    const one = (value: unknown): Future => {
      if (isFuture(value)) return value;
      const stored = ArrayBuffer.isView(value) && !(value instanceof DataView) ? share(value) : value;
      const name = typeName(value);
      const key = `${name}-${options.hash === false ? uniqueToken() : tokenize(stored)}`;
      this.scheduler.putData(key, stored);
      return this.wrap(key);
    };
    return Array.isArray(data) ? data.map(one) : one(data);
  }

  /**
   * Run a raw task graph (`{ key: { op, args } }`, plain data; other values are literal data)
   * and return the values of `keys` — one key, or a nested list of keys.
   */
  async get<K extends Key | readonly unknown[]>(graph: Record<Key, unknown>, keys: K): Promise<unknown> {
    this.assertOpen('get');
    const wanted = flattenKeys(keys);
    const futures = this.submitGraph(graph, wanted);
    try {
      const values = new Map<Key, unknown>();
      await Promise.all(futures.map(async (f) => values.set(f.key, await f.result())));
      return rebuild(keys, values);
    } finally {
      for (const f of futures) f.release();
    }
  }

  /**
   * Submit a raw task graph and get futures for `keys` (in order) — what collections use for
   * `persist()`. Only what `keys` need is submitted (culled), in a static order that keeps
   * memory low; keys the cluster already holds are shared, not recomputed.
   */
  submitGraph(graph: Record<Key, unknown>, keys: readonly Key[], options: { priority?: number; retries?: number } = {}): Future[] {
    this.assertOpen('submitGraph');
    const tasks: Record<Key, Task> = {};
    const literals: Array<[Key, unknown]> = [];
    for (const [k, v] of Object.entries(graph)) {
      if (isTaskLike(v)) tasks[k] = v.extract === true ? { op: v.op, args: v.args, extract: true } : { op: v.op, args: v.args };
      else literals.push([k, v]);
    }
    for (const [k, v] of literals) if (!this.scheduler.has(k)) this.scheduler.putData(k, v, 0);
    const needed = cull(tasks as Graph, keys.filter((k) => k in tasks), (k) => this.scheduler.has(k));
    for (const k of keys) {
      if (!(k in needed) && !this.scheduler.has(k)) throw new TuskError('MissingKey', `key ${k} is not in the graph`, { context: { key: k } });
    }
    const order = orderTasks(needed, keys);
    this.scheduler.submit(
      Object.entries(needed).map(([key, task]) => ({ key, task, order: order.get(key), priority: options.priority, retries: options.retries })),
      keys,
    );
    const futures = keys.map((k) => this.wrap(k));
    // Literal data nobody else wanted goes once its consumers are done.
    for (const [k] of literals) this.scheduler.unwant(k, 0);
    return futures;
  }

  /** Cancel futures (and what depends on them). */
  async cancel(futures: Future | readonly Future[]): Promise<void> {
    const list = Array.isArray(futures) ? futures : [futures as Future];
    this.scheduler.cancel(list.map((f) => f.key));
  }

  /** Managed (in memory), spilled and process bytes. */
  memory(): StoreStats & { process: number } {
    return { ...this.scheduler.store.stats(), process: process.memoryUsage().rss };
  }

  /** Scheduler events: queued, finished (worker, start, duration, bytes), erred, spilled, … */
  on(listener: SchedulerListener): () => void {
    return this.scheduler.on(listener);
  }

  workers(): string[] {
    return this.scheduler.workers();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    unregisterClient(this);
    if (this.ownsCluster) await this.cluster.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  toString(): string {
    return `<Client: ${this.id}, workers: ${this.closed ? 0 : this.workers().length}>`;
  }

  // ---- FutureOwner ----------------------------------------------------------------------------

  /** @internal */
  _status(key: string): FutureStatus {
    const s = this.scheduler.status(key);
    switch (s) {
      case 'memory':
        return 'finished';
      case 'erred':
        return 'error';
      case 'cancelled':
        return 'cancelled';
      case 'released':
      case 'lost':
        return 'lost';
      default:
        return 'pending';
    }
  }

  /** @internal */
  _result(key: string): Promise<unknown> {
    return this.scheduler.result(key);
  }

  /** @internal */
  _whenDone(key: string): Promise<void> {
    return this.scheduler.whenDone(key);
  }

  /** @internal */
  async _cancel(keys: string[]): Promise<void> {
    this.scheduler.cancel(keys);
  }

  /** @internal */
  _release(key: string, future: object): void {
    finalizer.unregister(future);
    this._dropRef(key);
  }

  /** @internal */
  _dropRef(key: string): void {
    if (!this.scheduler.closed) this.scheduler.unwant(key);
  }

  // ---- internals -----------------------------------------------------------------------------

  private wrap(key: string): Future {
    const f = new Future(key, this);
    finalizer.register(f, { client: this.self, key }, f);
    return f;
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new TuskError('ClientClosed', `${what}: this client is closed`, { hint: 'create a new Client' });
    if (this.scheduler.closed) throw new TuskError('ClusterClosed', `${what}: the cluster is closed`, { hint: 'create a new LocalCluster and Client' });
  }

  /** Futures become references (checked to belong here); big typed arrays move to shared memory once. */
  private toWire(x: unknown, where: string, depth = 0): unknown {
    if (isFuture(x)) {
      if (x._owner !== this && x._owner.id !== this.id) {
        if (!(x._owner instanceof Client) || x._owner.cluster !== this.cluster) {
          throw new TuskError('InvalidArgument', `${where}: future ${x.key} belongs to another cluster`);
        }
      }
      if (x.status === 'lost') throw new TuskError('MissingKey', `${where}: future ${x.key} was released`, { hint: 'keep futures alive while tasks use them' });
      return ref(x.key);
    }
    if (depth > 32 || x === null || typeof x !== 'object') return x;
    if (ArrayBuffer.isView(x)) return x.byteLength >= LARGE_ARG && !(x instanceof DataView) ? share(x) : x;
    if (Array.isArray(x)) return x.map((v) => this.toWire(v, where, depth + 1));
    if (isPlainObject(x)) {
      const out: Record<string, unknown> = {};
      for (const k in x) out[k] = this.toWire(x[k], where, depth + 1);
      return quote(out);
    }
    return x;
  }
}

function keyFor(op: string, args: unknown[], pure: boolean): string {
  return `${opName(op)}-${pure ? tokenize(op, args) : uniqueToken()}`;
}

/** A readable key prefix: `sin`, `Math.sin` → `sin`, a shipped function's name, a module export. */
function opName(op: string): string {
  if (op.startsWith('Math.')) return op.slice(5);
  if (op.startsWith('mod:')) return op.slice(op.lastIndexOf('#') + 1) || 'task';
  if (op.startsWith('js:')) {
    // `function f(`, `async function f(`, method shorthand `f(`; arrows have no name.
    const m = /^js:\s*(?:async\s+)?(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|(?!async\b|function\b)(?:(?:get|set|static)\s+)?([A-Za-z_$][\w$]*)\s*\()/.exec(op);
    return m?.[1] ?? m?.[2] ?? 'lambda';
  }
  return op;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return ((v as object).constructor?.name ?? 'object').toLowerCase();
}

function isTaskLike(v: unknown): v is Task {
  if (!isPlainObject(v) || typeof v.op !== 'string' || !Array.isArray(v.args)) return false;
  const n = Object.keys(v).length;
  return n === 2 || (n === 3 && v.extract === true);
}

function flattenKeys(keys: unknown, out: Key[] = []): Key[] {
  if (typeof keys === 'string') out.push(keys);
  else if (Array.isArray(keys)) for (const k of keys) flattenKeys(k, out);
  else throw new TuskError('InvalidArgument', `get: keys must be a key or a nested list of keys, got ${typeof keys}`);
  return out;
}

function rebuild(keys: unknown, values: Map<Key, unknown>): unknown {
  if (typeof keys === 'string') return values.get(keys);
  return (keys as unknown[]).map((k) => rebuild(k, values));
}
