/** An in-memory DashboardSource: tests emit events by hand and set what the polls return. */
import type { DashboardMemory, DashboardSource, TaskCountStatus } from '../../src/dashboard/source.js';
import type { SchedulerEvent } from '../../src/scheduler/events.js';

export interface FakeSource extends DashboardSource {
  emit(e: SchedulerEvent): void;
  readonly listenerCount: number;
  workerNames: string[];
  mem: DashboardMemory;
  taskCounts: Record<TaskCountStatus, number>;
}

export function fakeSource(): FakeSource {
  const listeners = new Set<(e: SchedulerEvent) => void>();
  return {
    workerNames: ['worker-0', 'worker-1'],
    mem: { managed: 1000, spilled: 200, memoryLimit: 4000, process: 3000 },
    taskCounts: { waiting: 1, ready: 2, processing: 3, memory: 4, erred: 5, cancelled: 6 },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(e) {
      for (const l of listeners) l(e);
    },
    get listenerCount() {
      return listeners.size;
    },
    workers() {
      return this.workerNames;
    },
    memory() {
      return this.mem;
    },
    counts() {
      return this.taskCounts;
    },
  };
}

/** Read Server-Sent Events from a fetch body until `done` says enough (or the time runs out). */
export async function readSse(
  url: string,
  done: (messages: { event: string; data: string }[]) => boolean,
  timeoutMs = 5000,
): Promise<{ event: string; data: string }[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const messages: { event: string; data: string }[] = [];
  try {
    const res = await fetch(url, { signal: abort.signal });
    if (res.headers.get('content-type')?.startsWith('text/event-stream') !== true) throw new Error(`not an event stream: ${res.status}`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!done(messages)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length) messages.push({ event, data: data.join('\n') });
      }
    }
    await reader.cancel();
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return messages;
}

export function finished(key: string, worker: string, start: number, duration = 5, nbytes = 100): SchedulerEvent {
  return { type: 'finished', key, worker, start, duration, nbytes };
}
