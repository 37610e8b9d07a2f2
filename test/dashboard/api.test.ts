/** The JSON endpoints, the page and the redirects, against an in-memory source. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDashboard, type Dashboard } from '../../src/dashboard/index.js';
import { fakeSource, finished, type FakeSource } from './fake-source.js';
import type { DashboardStatus } from '../../src/dashboard/status.js';
import type { TaskRecord } from '../../src/dashboard/state.js';

let source: FakeSource;
let dash: Dashboard;

beforeEach(async () => {
  source = fakeSource();
  dash = await startDashboard({ address: '127.0.0.1:0', source });
});
afterEach(async () => {
  await dash.close();
  vi.restoreAllMocks();
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, dash.url), init);
const status = async (): Promise<DashboardStatus> => (await get('/api/status')).json() as Promise<DashboardStatus>;

describe('dashboard HTTP API', () => {
  it('serves on a free loopback port', () => {
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(dash.url).not.toMatch(/:0\/$/);
  });

  it('/api/status reports workers, memory, counts, per-name totals and uptime', async () => {
    const t = Date.now();
    for (const k of ['sin-a', 'sin-b', 'sin-c', 'add-x-d']) source.emit({ type: 'queued', key: k });
    source.emit(finished('sin-a', 'worker-0', t, 5, 800));
    source.emit(finished('sin-b', 'worker-1', t, 5, 200));
    source.emit({ type: 'erred', key: 'add-x-d', worker: 'worker-1', start: t, duration: 1, error: 'boom' });
    source.emit({ type: 'spilled', key: 'sin-b', nbytes: 200 });
    source.emit({ type: 'released', key: 'sin-a' });

    const s = await status();
    expect(s.memory).toEqual(source.mem);
    expect(s.counts).toEqual(source.taskCounts);
    expect(s.uptime).toBeGreaterThanOrEqual(0);
    expect(Math.abs(s.time - Date.now())).toBeLessThan(5000);
    expect(s.workers).toEqual([
      { name: 'worker-0', done: 1, erred: 0, managed: 0, spilled: 0 },
      { name: 'worker-1', done: 1, erred: 1, managed: 0, spilled: 200 },
    ]);
    const byName = Object.fromEntries(s.tasks.map((n) => [n.name, n]));
    expect(byName['sin']).toMatchObject({ total: 3, done: 2, erred: 0, inMemory: 1 });
    expect(byName['add-x']).toMatchObject({ total: 1, done: 0, erred: 1, inMemory: 0 });
  });

  it('/api/task-stream keeps the last 10,000 finished/erred tasks and filters by ?since=', async () => {
    const t0 = Date.now() - 100_000;
    for (let i = 0; i < 10_050; i++) source.emit(finished(`sq-${i}`, `worker-${i % 4}`, t0 + i, 1));
    source.emit({ type: 'queued', key: 'never-runs' }); // not a finished task: not in the stream
    const all = (await (await get('/api/task-stream')).json()) as TaskRecord[];
    expect(all).toHaveLength(10_000);
    expect(all[0]).toEqual({ key: 'sq-50', name: 'sq', worker: 'worker-2', start: t0 + 50, duration: 1, status: 'finished' });
    expect(all.at(-1)!.key).toBe('sq-10049');

    const recent = (await (await get(`/api/task-stream?since=${t0 + 10_040}`)).json()) as TaskRecord[];
    expect(recent.map((r) => r.key)).toEqual(['sq-10039', 'sq-10040', ...Array.from({ length: 9 }, (_, i) => `sq-${10_041 + i}`)]);
  });

  it('GET / is the page with the task stream, progress and memory panels', async () => {
    const res = await get('/');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const id of ['task-stream', 'progress', 'memory', 'counts']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<canvas id="task-stream"');
    expect(html).toContain("new EventSource('api/events')");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // no CDN, no second request
  });

  it('/status redirects to /, unknown paths are 404, other methods 405', async () => {
    const r = await get('/status', { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/');
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/api/status', { method: 'POST' })).status).toBe(405);
  });

  it('never throws into the scheduler: a bad event is caught and logged once', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => source.emit(null as never)).not.toThrow();
    expect(() => source.emit(undefined as never)).not.toThrow();
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain('tusk dashboard');
    source.emit(finished('ok-1', 'worker-0', Date.now()));
    expect((await status()).tasks.map((n) => n.name)).toEqual(['ok']);
  });

  it('a source that throws (closed cluster) gives zeros, not a 500', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    source.counts = () => {
      throw new Error('cluster closed');
    };
    source.memory = () => ({ managed: 1, spilled: 0, memoryLimit: Infinity, process: 5 });
    const s = await status();
    expect(s.counts.processing).toBe(0);
    expect(s.memory.memoryLimit).toBe(0); // JSON has no Infinity
    expect(log).toHaveBeenCalledTimes(1);
  });
});
