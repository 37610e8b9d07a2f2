/**
 * Server-Sent Events for the live page. Events are batched: the scheduler may emit thousands a
 * second, and one write of a JSON array every ~100 ms costs the browser one parse instead of
 * thousands. Memory stays bounded whatever the browser does:
 *
 * - a batch holds at most `maxBatch` events; beyond that events are counted, not kept;
 * - a batch is serialized once and shared by every client;
 * - a client whose socket is still full from the last write skips batches (and is told how many
 *   events it missed) instead of queueing them; the next status snapshot corrects its totals.
 *
 * A client that joins while a batch is pending is not sent that batch's earlier events: its first
 * status snapshot already counts them, and the page adds events to the snapshot's totals.
 *
 * Wire format: `data: [event, …]` (the default message type) for task events,
 * `event: status` with a `DashboardStatus`, `event: dropped` with a count of skipped events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SchedulerEvent } from './source.js';

const MAX_ERROR_CHARS = 500; // a worker's stack belongs in the client's error, not in every browser
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024; // past this a client is not slow but gone

interface SseClient {
  res: ServerResponse;
  /** Events missed while the socket was full, reported with the next write. */
  skipped: number;
  /** Events (and overflow) of the pending batch that its first status already counted. */
  seenEvents: number;
  seenOverflow: number;
}

export interface EventStreamOptions {
  maxClients: number;
  maxBatch: number;
}

export class EventStream {
  private readonly clients = new Set<SseClient>();
  private batch: SchedulerEvent[] = [];
  private overflow = 0;

  constructor(private readonly options: EventStreamOptions) {}

  get size(): number {
    return this.clients.size;
  }

  /** Take over a request as an SSE connection; false when there are too many already. */
  accept(req: IncomingMessage, res: ServerResponse, firstStatus: unknown): boolean {
    if (this.clients.size >= this.options.maxClients) return false;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    const client: SseClient = { res, skipped: 0, seenEvents: this.batch.length, seenOverflow: this.overflow };
    this.clients.add(client);
    const drop = (): void => {
      this.clients.delete(client);
    };
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
    res.write(`retry: 2000\n\n`);
    this.write(client, message('status', firstStatus), 0);
    return true;
  }

  /** O(1): called from the scheduler's emit. */
  push(e: SchedulerEvent): void {
    if (this.clients.size === 0) return; // nobody to tell: the state and ring buffer still see it
    if (this.batch.length >= this.options.maxBatch) {
      this.overflow++;
      return;
    }
    this.batch.push(e.error !== undefined && e.error.length > MAX_ERROR_CHARS ? { ...e, error: `${e.error.slice(0, MAX_ERROR_CHARS)}…` } : e);
  }

  /** Send the pending batch to every client. */
  flush(): void {
    const events = this.batch;
    const overflow = this.overflow;
    this.batch = [];
    this.overflow = 0;
    if (this.clients.size === 0 || (events.length === 0 && overflow === 0)) return;
    const chunk = batchMessage(events, overflow);
    for (const c of this.clients) {
      if (c.seenEvents || c.seenOverflow) {
        const rest = events.slice(c.seenEvents);
        this.write(c, batchMessage(rest, overflow - c.seenOverflow), rest.length + overflow - c.seenOverflow);
        c.seenEvents = c.seenOverflow = 0;
      } else {
        this.write(c, chunk, events.length + overflow);
      }
    }
  }

  /** Flush first, so the snapshot covers every event the client has already been sent. */
  sendStatus(status: unknown): void {
    this.flush();
    if (this.clients.size === 0) return;
    const chunk = message('status', status);
    for (const c of this.clients) this.write(c, chunk, 0);
  }

  close(): void {
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    this.batch = [];
  }

  private write(c: SseClient, chunk: string, nEvents: number): void {
    const { res } = c;
    if (res.destroyed || res.writableEnded) {
      this.clients.delete(c);
      return;
    }
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(c);
      res.destroy();
      return;
    }
    if (res.writableNeedDrain) {
      c.skipped += nEvents;
      return;
    }
    if (c.skipped) {
      res.write(message('dropped', c.skipped));
      c.skipped = 0;
    }
    if (chunk) res.write(chunk);
  }
}

function batchMessage(events: readonly SchedulerEvent[], overflow: number): string {
  return (events.length ? `data: ${JSON.stringify(events)}\n\n` : '') + (overflow ? message('dropped', overflow) : '');
}

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
