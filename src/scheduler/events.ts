/**
 * One event stream (DESIGN decision 7): the dashboard, progress bars and tests all read it.
 * `start` is epoch milliseconds; `duration` milliseconds; `nbytes` the stored result's size.
 */
export interface SchedulerEvent {
  readonly type: 'queued' | 'finished' | 'erred' | 'retried' | 'lost' | 'cancelled' | 'released' | 'spilled' | 'worker-died';
  readonly key: string;
  readonly worker?: string;
  readonly start?: number;
  readonly duration?: number;
  readonly nbytes?: number;
  readonly error?: string;
}

export type SchedulerListener = (event: SchedulerEvent) => void;
