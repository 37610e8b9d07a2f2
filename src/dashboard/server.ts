/**
 * The dashboard layer: an HTTP server and a live page fed by scheduler events. It knows nothing
 * of arrays or frames — only a `DashboardSource` (one event stream plus workers, memory and
 * counts), like Dask's Bokeh dashboard but plain `node:http` and a page with no build step.
 *
 *   GET /                  the live page (task stream, progress, worker memory, counts)
 *   GET /status            redirect to /, where Dask users look
 *   GET /api/status        JSON `DashboardStatus`
 *   GET /api/events        Server-Sent Events: task events batched every ~100 ms, status every second
 *   GET /api/task-stream   JSON `TaskRecord[]` of the last 10,000 finished/erred tasks (`?since=` epoch ms)
 *
 * The server sits inside the scheduler's emit, so it must never throw into it and never make
 * the process grow: listener errors are caught and logged once, buffers are bounded
 * (see event-stream.ts), and timers are unref'd so only the listening socket holds the process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStream } from './event-stream.js';
import { formatUrl, parseAddress } from './address.js';
import { PAGE_HTML } from './page.js';
import type { DashboardSource, SchedulerEvent } from './source.js';
import { DashboardState, TASK_STREAM_LENGTH } from './state.js';
import { buildStatus } from './status.js';

export interface DashboardOptions {
  /** ':8787' (default), 'localhost:8787', '127.0.0.1:0' (any free port). No host means 127.0.0.1. */
  address?: string | number;
  source: DashboardSource;
  /**
   * Whether the open server keeps the process alive (default true, like any server). A cluster
   * that starts a dashboard on the side passes false, so a script that forgets close() still ends.
   */
  keepAlive?: boolean;
  /** Finished/erred tasks kept for /api/task-stream (default 10,000). */
  taskStreamLength?: number;
}

export interface Dashboard {
  /** e.g. 'http://127.0.0.1:8787/' */
  readonly url: string;
  /** Stop the server, end SSE connections and timers, unsubscribe from the source. Idempotent. */
  close(): Promise<void>;
}

const BATCH_MS = 100;
const STATUS_EVERY = 10; // batches: one status snapshot a second
const MAX_SSE_CLIENTS = 32;
const MAX_BATCH = 5_000;

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { host, port: wanted } = parseAddress(options.address ?? ':8787');
  const { source } = options;
  const state = new DashboardState(options.taskStreamLength ?? TASK_STREAM_LENGTH);
  const stream = new EventStream({ maxClients: MAX_SSE_CLIENTS, maxBatch: MAX_BATCH });
  const listenerError = logOnce('handling a scheduler event');
  const sourceError = logOnce('reading the cluster status');
  const serverError = logOnce('serving a request');
  const status = () => buildStatus(state, source, sourceError);

  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (err) {
      serverError(err);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    }
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    const url = new URL(req.url ?? '/', 'http://dashboard');
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
      case '/status':
        res.writeHead(302, { Location: '/' });
        res.end();
        return;
      case '/api/status':
        return sendJson(res, status());
      case '/api/task-stream': {
        const since = Number(url.searchParams.get('since') ?? 0);
        return sendJson(res, state.taskStream(Number.isFinite(since) ? since : 0));
      }
      case '/api/events':
        if (!stream.accept(req, res, status())) send(res, 503, 'text/plain; charset=utf-8', 'too many dashboard connections\n');
        return;
      default:
        return send(res, 404, 'text/plain; charset=utf-8', `no such page: ${url.pathname}\n`);
    }
  }

  if (options.keepAlive === false) {
    server.unref();
    server.on('connection', (socket) => socket.unref());
  }
  const port = await listen(server, host, wanted);
  server.on('error', serverError); // after listening, an 'error' without a listener would crash the process

  let unsubscribe: () => void;
  try {
    unsubscribe = source.on((e: SchedulerEvent) => {
      try {
        state.apply(e);
        stream.push(e);
      } catch (err) {
        listenerError(err);
      }
    });
  } catch (err) {
    server.close();
    throw err;
  }

  let ticks = 0;
  const timer = setInterval(() => {
    try {
      ticks++;
      if (stream.size === 0) return;
      if (ticks % STATUS_EVERY === 0) stream.sendStatus(status());
      else stream.flush();
    } catch (err) {
      serverError(err);
    }
  }, BATCH_MS);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: formatUrl(host, port),
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        try {
          unsubscribe();
        } catch (err) {
          sourceError(err);
        }
        stream.close();
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      });
      return closing;
    },
  };
}

/** Listen on the port asked for; if it is taken, on any free one, and say so (as Dask does). */
async function listen(server: http.Server, host: string, port: number): Promise<number> {
  try {
    return await listenOnce(server, host, port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    const actual = await listenOnce(server, host, 0);
    console.warn(`tusk dashboard: port ${port} is already in use (another cluster?); serving on ${formatUrl(host, actual)} instead`);
    return actual;
  }
}

function listenOnce(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function send(res: http.ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** One line per kind of failure: a broken source must not flood the log at thousands of events a second. */
function logOnce(what: string): (err: unknown) => void {
  let logged = false;
  return (err) => {
    if (logged) return;
    logged = true;
    console.error(`tusk dashboard: ${what} failed (further errors of this kind are not logged): ${(err as Error)?.stack ?? String(err)}`);
  };
}
