/**
 * EventStream on its own, with stand-in requests and responses, to pin down the orderings that
 * are hard to provoke over a real socket: a client joining mid-batch, a client that cannot keep up.
 */
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStream } from '../../src/dashboard/event-stream.js';
import type { SchedulerEvent } from '../../src/scheduler/events.js';

class FakeResponse extends EventEmitter {
  written = '';
  writableNeedDrain = false;
  writableLength = 0;
  destroyed = false;
  writableEnded = false;
  socket = null;
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
  end(): void {
    this.writableEnded = true;
    this.emit('close');
  }
  /** Task events received, in order (status and retry lines left out). */
  events(): SchedulerEvent[] {
    return this.written
      .split('\n\n')
      .filter((m) => m.startsWith('data: '))
      .flatMap((m) => JSON.parse(m.slice(6)) as SchedulerEvent[]);
  }
  dropped(): number {
    return [...this.written.matchAll(/event: dropped\ndata: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  }
}

const open = (stream: EventStream): FakeResponse => {
  const res = new FakeResponse();
  expect(stream.accept(new EventEmitter() as IncomingMessage, res as unknown as ServerResponse, { status: true })).toBe(true);
  return res;
};
const queued = (i: number): SchedulerEvent => ({ type: 'queued', key: `t-${i}` });

describe('EventStream', () => {
  it('a client joining mid-batch gets only the events after its first status', () => {
    const stream = new EventStream({ maxClients: 4, maxBatch: 100 });
    const a = open(stream);
    stream.push(queued(0));
    stream.push(queued(1));
    const b = open(stream); // its status snapshot already counted t-0 and t-1
    stream.push(queued(2));
    stream.flush();
    expect(a.events().map((e) => e.key)).toEqual(['t-0', 't-1', 't-2']);
    expect(b.events().map((e) => e.key)).toEqual(['t-2']);
    stream.push(queued(3));
    stream.flush();
    expect(b.events().map((e) => e.key)).toEqual(['t-2', 't-3']);
  });

  it('a client whose socket is full skips batches and is told how many events it missed', () => {
    const stream = new EventStream({ maxClients: 4, maxBatch: 100 });
    const slow = open(stream);
    const fast = open(stream);
    slow.writableNeedDrain = true;
    for (let i = 0; i < 30; i++) stream.push(queued(i));
    stream.flush();
    stream.sendStatus({ status: true }); // skipped too: the next one will do
    expect(slow.events()).toHaveLength(0);
    slow.writableNeedDrain = false;
    stream.push(queued(30));
    stream.flush();
    expect(slow.dropped()).toBe(30);
    expect(slow.events().map((e) => e.key)).toEqual(['t-30']);
    expect(fast.events()).toHaveLength(31);
  });

  it('caps clients, truncates long errors, forgets closed clients', () => {
    const stream = new EventStream({ maxClients: 1, maxBatch: 100 });
    const a = open(stream);
    expect(stream.accept(new EventEmitter() as IncomingMessage, new FakeResponse() as unknown as ServerResponse, {})).toBe(false);
    stream.push({ type: 'erred', key: 'e-1', error: 'x'.repeat(10_000) });
    stream.flush();
    expect(a.events()[0]!.error!.length).toBeLessThan(600);
    a.emit('close');
    expect(stream.size).toBe(0);
  });
});
