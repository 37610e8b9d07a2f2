/**
 * Futures on real worker threads: the tutorial's first part and the semantics around it.
 * References are plain local computations (Math.* loops) and closed forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Float64, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import {
  CancelledError, Client, KilledWorker, LocalCluster, TaskError, asCompleted, fromModule, isTuskError, ops, random, wait,
  type SchedulerEvent,
} from 'tusk';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/tasks.mjs');
const fx = {
  dieOnce: fromModule<(marker: string, value: number) => number>(fixtures, 'dieOnce'),
  alwaysDie: fromModule<() => number>(fixtures, 'alwaysDie'),
  eatHeap: fromModule<() => number>(fixtures, 'eatHeap'),
  spin: fromModule<(ms: number, value: number) => number>(fixtures, 'spin'),
  sleep: fromModule<(ms: number, value: number) => Promise<number>>(fixtures, 'sleep'),
  boom: fromModule<(message: string) => number>(fixtures, 'boom'),
  flaky: fromModule<(marker: string, n: number, value: number) => number>(fixtures, 'flaky'),
  describeArg: fromModule<(x: Float64Array) => { shared: boolean; length: number; first: number }>(fixtures, 'describeArg'),
};

let cluster: LocalCluster;
let client: Client;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-futures-test-'));
  cluster = new LocalCluster({ nWorkers: 2 });
  client = new Client(cluster);
  await client.ready;
});

afterAll(async () => {
  await client.close();
  await cluster.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the tutorial', () => {
  it('submit(ops.sin, randn(100)): status, done, result', async () => {
    random.seed(1);
    const x = random.randn(100);
    const f = client.submit(ops.sin, x);
    expect(['pending', 'finished']).toContain(f.status);
    const r = await f.result();
    expect(f.status).toBe('finished');
    expect(f.done()).toBe(true);
    expect(r).toBeInstanceOf(Float64Array);
    // ops.sin is Tusk's own inline fdlibm sin (src/kernels/ops/trig.ts): within 1 ulp of Math.sin.
    r.forEach((v, i) => expect(Math.abs(v - Math.sin(x[i]!))).toBeLessThanOrEqual(ulp(Math.sin(x[i]!))));
  });

  it('100 submits of Math.sin, gathered in order', async () => {
    const xs = random.randn(100);
    const fs_ = Array.from(xs, (v) => client.submit(Math.sin, v));
    const got = await client.gather(fs_);
    expect(got).toEqual(Array.from(xs, Math.sin));
  });

  it('chains futures: add(sin(x), square(x)) on 10,000 values', async () => {
    const x = random.randn(10_000);
    const s = client.submit(ops.sin, x);
    const sq = client.submit(ops.square, x);
    const full = client.submit(ops.add, s, sq);
    const r = await full.result();
    expect(r.length).toBe(10_000);
    for (let i = 0; i < x.length; i++) {
      const want = Math.sin(x[i]!) + x[i]! * x[i]!;
      expect(Math.abs(r[i]! - want)).toBeLessThanOrEqual(ulp(Math.sin(x[i]!)) + ulp(want));
    }
  });
});

describe('gather, map, scatter, get', () => {
  it('gathers nested arrays and objects, passing non-futures through', async () => {
    const a = client.submit(Math.sqrt, 16);
    const b = client.submit(Math.abs, -3);
    const got = await client.gather({ list: [a, 1, [b, 'x']], obj: { b, n: null }, s: 'plain' });
    expect(got).toEqual({ list: [4, 1, [3, 'x']], obj: { b: 3, n: null }, s: 'plain' });
    expect(await client.gather(42)).toBe(42);
  });

  it('map zips iterables and takes options', async () => {
    const fs_ = client.map(ops.add, [1, 2, 3], [10, 20, 30]);
    expect(await client.gather(fs_)).toEqual([11, 22, 33]);
    const keyed = client.map((x: number) => x * 2, [1, 2], { key: ['double-a', 'double-b'] });
    expect(keyed.map((f) => f.key)).toEqual(['double-a', 'double-b']);
    expect(await client.gather(keyed)).toEqual([2, 4]);
  });

  it('scatter places data once; every task sees the same shared memory', async () => {
    const big = new Float64Array(1_000_000).map((_, i) => i);
    const data = client.scatter(big);
    const seen = await client.gather(Array.from({ length: 20 }, () => client.submitWith({ pure: false }, fx.describeArg, data)));
    for (const s of seen) expect(s).toEqual({ shared: true, length: 1_000_000, first: 0 });
    const sums = await client.gather(Array.from({ length: 8 }, () => client.submitWith({ pure: false }, ops.sum, data)));
    for (const s of sums) expect(s).toBe((999_999 * 1_000_000) / 2);
    const list = client.scatter([1, 2, 3]);
    expect(list).toHaveLength(3);
    expect(await client.gather(list)).toEqual([1, 2, 3]);
  });

  it('get runs a raw graph and culls what is not needed', async () => {
    const graph = {
      x: [1, 2, 3],
      sx: { op: 'sum', args: [{ $ref: 'x' }] },
      y: { op: 'multiply', args: [{ $ref: 'sx' }, 10] },
      unused: { op: 'Math.sqrt', args: [-1] },
    };
    expect(await client.get(graph, 'y')).toBe(60);
    expect(await client.get(graph, ['sx', ['y']])).toEqual([6, [60]]);
  });

  it('get rejects a cycle, naming it', async () => {
    const graph = { a: { op: 'identity', args: [{ $ref: 'b' }] }, b: { op: 'identity', args: [{ $ref: 'a' }] } };
    await expect(client.get(graph, 'a')).rejects.toThrow(/cycle: (a → b → a|b → a → b)/);
  });
});

describe('ops', () => {
  it('work on numbers, number[], typed arrays and Arrow vectors, locally and remotely', async () => {
    expect(ops.square(3)).toBe(9);
    expect(ops.add([1, 2], 1)).toEqual([2, 3]);
    expect(Array.from(ops.maximum(new Float32Array([1, 5]), new Int32Array([3, 2])))).toEqual([3, 5]);
    const v = makeVector(new Float64Array([1, 4, 9]));
    const r = (await client.submit(ops.sqrt, v).result()) as Vector;
    expect(r.toArray()).toEqual(new Float64Array([1, 2, 3]));
    expect(await client.submit(ops.mean, [1, 2, 3, 4]).result()).toBe(2.5);
    expect(await client.submit(ops.power, 2, 10).result()).toBe(1024);
    expect(() => ops.add([1, 2], [1, 2, 3])).toThrow(/could not be broadcast/);
  });

  it('follow numpy: dtype rules, NaN rules, nulls kept in Arrow vectors', async () => {
    expect(ops.power(1, NaN)).toBe(1); // numpy: 1 ** nan == 1
    expect(ops.square(new Int32Array([3, -4]))).toEqual(new Int32Array([9, 16]));
    expect(ops.add(new Int32Array([2 ** 31 - 1]), new Int32Array([1]))).toEqual(new Int32Array([-(2 ** 31)])); // wraps
    expect(ops.sin(new Float32Array([0]))).toBeInstanceOf(Float32Array);
    expect(Array.from(ops.less([1, 5], 3))).toEqual([1, 0]);
    const withNull = vectorFromArray([1, null, 4], new Float64());
    const r = (await client.submit(ops.sqrt, withNull).result()) as Vector;
    expect(r.toJSON()).toEqual([1, null, 2]);
    expect(await client.submit(ops.sum, withNull).result()).toBe(5); // nulls skipped, like pandas
  });
});

describe('keys and purity', () => {
  it('same function and arguments → same key, run once; pure: false opts out', async () => {
    const finished: string[] = [];
    const off = client.on((e: SchedulerEvent) => e.type === 'finished' && finished.push(e.key));
    const a = client.submit(fx.spin, 50, 7);
    const b = client.submit(fx.spin, 50, 7);
    expect(a.key).toBe(b.key);
    expect(a.key).toMatch(/^spin-[0-9a-f]{24}$/);
    await client.gather([a, b]);
    expect(finished.filter((k) => k === a.key)).toHaveLength(1);
    const c = client.submitWith({ pure: false }, fx.spin, 1, 7);
    const d = client.submitWith({ pure: false }, fx.spin, 1, 7);
    expect(c.key).not.toBe(d.key);
    const e = client.submitWith({ key: 'my-key' }, Math.abs, -1);
    expect(e.key).toBe('my-key');
    expect(await e.result()).toBe(1);
    off();
  });

  it('releases results when no future refers to them', async () => {
    const f = client.submitWith({ key: 'to-release' }, ops.add, 1, 2);
    await f.result();
    expect(client.cluster.scheduler.has('to-release')).toBe(true);
    f.release();
    expect(f.status).toBe('lost');
    expect(client.cluster.scheduler.has('to-release')).toBe(false);
    await expect(f.result()).rejects.toThrow(/after release/);
  });

  it('garbage-collected futures release their results', async () => {
    if (typeof globalThis.gc !== 'function') {
      const { setFlagsFromString } = await import('node:v8');
      setFlagsFromString('--expose-gc');
    }
    const gc = (await import('node:vm')).runInNewContext('gc') as () => void;
    await (async () => {
      const f = client.submitWith({ key: 'gc-me' }, ops.add, 2, 2);
      await f.result();
    })();
    for (let i = 0; i < 20 && client.cluster.scheduler.has('gc-me'); i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(client.cluster.scheduler.has('gc-me')).toBe(false);
  });
});

describe('errors', () => {
  it('a task that throws: status error, remote message and stack; dependents fail too', async () => {
    const bad = client.submit(fx.boom, 'kaput');
    const dep = client.submit(ops.add, bad, 1);
    const err = await bad.exception();
    expect(bad.status).toBe('error');
    expect(err).toBeInstanceOf(TaskError);
    const te = err as TaskError;
    expect(te.remoteName).toBe('RangeError');
    expect(te.remoteMessage).toBe('kaput');
    expect(te.remoteStack).toMatch(/at boom .*tasks\.mjs/);
    await expect(dep.result()).rejects.toThrow(/kaput/);
    expect(dep.status).toBe('error');
  });

  it('retries a failing task', async () => {
    const marker = path.join(tmp, 'flaky');
    const f = client.submitWith({ retries: 2 }, fx.flaky, marker, 2, 7);
    expect(await f.result()).toBe(7);
    expect(fs.readFileSync(marker, 'utf8')).toBe('3');
  });

  it('a worker that dies mid-task is replaced and the task retried', async () => {
    const marker = path.join(tmp, 'died-once');
    const f = client.submit(fx.dieOnce, marker, 5);
    expect(await f.result()).toBe(5);
    expect(fs.existsSync(marker)).toBe(true);
    // The pool is whole again: both threads take work.
    expect(await client.gather(client.map((x: number) => x + 1, [1, 2, 3, 4]))).toEqual([2, 3, 4, 5]);
  });

  it('KilledWorker after 3 deaths on the same task', async () => {
    const f = client.submit(fx.alwaysDie);
    const err = await f.exception();
    expect(err).toBeInstanceOf(KilledWorker);
    expect(err!.message).toMatch(/died 3 times.*exited with code 3/);
    expect(await client.submit(Math.abs, -9).result()).toBe(9);
  });

  it('a worker that runs out of heap is replaced; KilledWorker names the cause', async () => {
    await using small = new LocalCluster({ nWorkers: 1, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
    await using c = new Client(small);
    const err = await c.submit(fx.eatHeap).exception();
    expect(err).toBeInstanceOf(KilledWorker);
    expect(err!.message).toMatch(/out of memory|ERR_WORKER_OUT_OF_MEMORY/i);
    expect(await c.submit(Math.sqrt, 81).result()).toBe(9);
  });

  it('cancel: status cancelled, result rejects with CancelledError, dependents cancelled', async () => {
    const blocker = client.submitWith({ pure: false }, fx.spin, 300, 0);
    const blocker2 = client.submitWith({ pure: false }, fx.spin, 300, 0);
    const victim = client.submitWith({ pure: false }, fx.spin, 10, 1);
    const dep = client.submit(ops.add, victim, 1);
    await victim.cancel();
    expect(victim.status).toBe('cancelled');
    await expect(victim.result()).rejects.toBeInstanceOf(CancelledError);
    await expect(dep.result()).rejects.toBeInstanceOf(CancelledError);
    expect(dep.status).toBe('cancelled');
    await client.gather([blocker, blocker2]);
  });

  it('rejects closures with free variables at submit time, naming them', () => {
    const k = 3;
    let caught: unknown;
    try {
      client.submit((x: number) => x + k, 1);
    } catch (err) {
      caught = err;
    }
    expect(isTuskError(caught, 'FreeVariable')).toBe(true);
    expect((caught as Error).message).toMatch(/\bk\b/);
  });

  it('a non-function is a TypeError naming the argument', () => {
    expect(() => client.submit(3 as unknown as () => void)).toThrow(TypeError);
    expect(() => client.submit(3 as unknown as () => void)).toThrow(/argument 'fn'/);
  });
});

describe('waiting', () => {
  it('asCompleted yields futures as they finish', async () => {
    const fs_ = [300, 20, 150].map((ms) => client.submitWith({ pure: false }, fx.sleep, ms, ms));
    const order: number[] = [];
    for await (const f of asCompleted(fs_)) order.push(await f.result());
    expect(order).toEqual([20, 150, 300]);
  });

  it('wait: ALL_COMPLETED and FIRST_COMPLETED', async () => {
    const slow = client.submitWith({ pure: false }, fx.sleep, 400, 1);
    const fast = client.submitWith({ pure: false }, fx.sleep, 10, 2);
    const first = await wait([slow, fast], { returnWhen: 'FIRST_COMPLETED' });
    expect([...first.done]).toEqual([fast]);
    expect([...first.notDone]).toEqual([slow]);
    const all = await wait([slow, fast]);
    expect(all.done.size).toBe(2);
  });

  it('addDoneCallback fires once done', async () => {
    const f = client.submit(Math.cbrt, 27);
    const got = await new Promise((resolve) => f.addDoneCallback((g) => resolve(g.status)));
    expect(got).toBe('finished');
  });

  it('priority: higher runs first', async () => {
    await using one = new LocalCluster({ nWorkers: 1 });
    await using c = new Client(one);
    await c.ready;
    const order: string[] = [];
    c.on((e) => e.type === 'finished' && order.push(e.key));
    const block = c.submitWith({ key: 'block' }, fx.spin, 200, 0);
    await new Promise((r) => setTimeout(r, 50)); // the blocker is running; the rest queue up
    const low = c.submitWith({ key: 'low', priority: -1 }, Math.abs, 1);
    const high = c.submitWith({ key: 'high', priority: 10 }, Math.abs, 2);
    await c.gather([block, low, high]);
    expect(order.indexOf('high')).toBeLessThan(order.indexOf('low'));
  });
});

describe('lifecycle', () => {
  it('use after close is a clear error', async () => {
    const cl = new LocalCluster({ nWorkers: 1 });
    const c = new Client(cl);
    await c.close();
    expect(() => c.submit(Math.abs, 1)).toThrow(/client is closed/);
    await cl.close();
    const c2 = new Client(cl);
    expect(() => c2.submit(Math.abs, 1)).toThrow(/cluster is closed/);
  });

  it('pending futures fail (not hang) when the cluster closes', async () => {
    const cl = new LocalCluster({ nWorkers: 1 });
    const c = new Client(cl);
    const f = c.submitWith({ pure: false }, fx.sleep, 2000, 1);
    await cl.close();
    await expect(f.result()).rejects.toThrow(/closed before this task finished/);
    expect(f.status).toBe('lost');
  });
});

/** The spacing of doubles at |v|. */
function ulp(v: number): number {
  return v === 0 ? 5e-324 : 2 ** Math.max(Math.floor(Math.log2(Math.abs(v))) - 52, -1074);
}
