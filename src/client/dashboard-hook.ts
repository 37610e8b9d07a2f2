/**
 * The plug point through which a cluster starts its dashboard. The dashboard layer sits above
 * the client (it only reads the scheduler's event stream), so it registers itself here
 * (`src/dashboard/install.ts`, imported by the package entry points) instead of being imported.
 */
import type { SchedulerListener } from '../scheduler/events.js';
import type { TaskStatus } from '../scheduler/scheduler.js';

export interface ClusterView {
  on(listener: SchedulerListener): () => void;
  workers(): string[];
  memory(): { managed: number; spilled: number; memoryLimit: number; process: number };
  counts(): Record<TaskStatus, number>;
}

export interface RunningDashboard {
  readonly url: string;
  close(): Promise<void>;
}

export type DashboardStarter = (address: string, view: ClusterView) => Promise<RunningDashboard>;

let starter: DashboardStarter | undefined;

export function registerDashboardStarter(fn: DashboardStarter): void {
  starter = fn;
}

export function dashboardStarter(): DashboardStarter | undefined {
  return starter;
}
