/** The dashboard layer's public names (see server.ts for what the layer owns). */
export { startDashboard } from './server.js';
export type { Dashboard, DashboardOptions } from './server.js';
export type { DashboardSource, DashboardMemory, TaskCountStatus } from './source.js';
export type { DashboardStatus } from './status.js';
export type { TaskRecord, NameTotals, WorkerTotals } from './state.js';
export { taskName } from './state.js';
