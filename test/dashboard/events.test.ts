/** Server-Sent Events: batches of task events, status snapshots, dropped clients. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDashboard, type Dashboard } from '../../src/dashboard/index.js';
import type { SchedulerEvent } from '../../src/scheduler/events.js';
import type { DashboardStatus } from '../../src/dashboard/status.js';
import { fakeSource, finished, readSse, type FakeSource } from './fake-source.js';

let source: FakeSource;
let dash: Dashboard;

beforeEach(async () => {
  source = fakeSource();
  dash = await startDashboard({ address: '127.0.0.1:0', source });
});
afterEach(() => dash.close());

const eventsUrl = () => new URL('/api/events', dash.url).href;
const taskEvents = (messages: { event: string; data: string }[]): SchedulerEvent[] =>
  messages.filter((m) => m.event === 'message').flatMap((m) => JSON.parse(m.data) as SchedulerEvent[]);

describe('GET /api/events', () => {
  it('starts with a status snapshot, then delivers emitted events in batches', async () => {
    const t = Date.now();
    const emitted: SchedulerEvent[] = [];
    for (let i = 0; i < 500; i++) emitted.push({ type: 'queued', key: `inc-${i}` }, finished(`inc-${i}`, `worker-${i % 2}`, t + i));
    let first = true;
    const messages = await readSse(eventsUrl(), (ms) => {
      if (first && ms.length > 0) {
        first = false;
        for (const e of emitted) source.emit(e); // once the stream is open: before that nobody listens
      }
      return taskEvents(ms).length >= emitted.length;
    });
    expect(messages[0]!.event).toBe('status');
    expect((JSON.parse(messages[0]!.data) as DashboardStatus).workers.map((w) => w.name)).toEqual(['worker-0', 'worker-1']);
    expect(taskEvents(messages)).toEqual(emitted);
    // 1,000 events in one synchronous burst arrive as a handful of arrays, not 1,000 messages
    expect(messages.filter((m) => m.event === 'message').length).toBeLessThanOrEqual(3);
  });

  it('sends a status snapshot every second', async () => {
    const started = Date.now();
    const messages = await readSse(eventsUrl(), (ms) => ms.filter((m) => m.event === 'status').length >= 2, 4000);
    expect(messages.filter((m) => m.event === 'status').length).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it('bounds a batch: a burst beyond 5,000 events is counted as dropped, not buffered', async () => {
    let first = true;
    const messages = await readSse(eventsUrl(), (ms) => {
      if (first && ms.length > 0) {
        first = false;
        for (let i = 0; i < 12_000; i++) source.emit({ type: 'queued', key: `burst-${i}` });
      }
      return ms.some((m) => m.event === 'dropped');
    });
    expect(taskEvents(messages).length).toBe(5_000);
    expect(Number(messages.find((m) => m.event === 'dropped')!.data)).toBe(7_000);
  });

  it('drops clients that disconnect, and close() ends open streams', async () => {
    await readSse(eventsUrl(), (ms) => ms.length > 0);
    // the server notices the closed socket and stops writing to it; a new client still works
    const again = await readSse(eventsUrl(), (ms) => ms.length > 0);
    expect(again[0]!.event).toBe('status');

    const res = await fetch(eventsUrl());
    const reader = res.body!.getReader();
    await reader.read(); // connected
    await dash.close();
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true }));
      if (r.done) break;
    }
    expect(source.listenerCount).toBe(0);
  });
});
