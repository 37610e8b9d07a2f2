/** Lets clusters start this dashboard (see client/dashboard-hook.ts for why it is a hook). */
import { registerDashboardStarter } from '../client/dashboard-hook.js';
import { startDashboard } from './server.js';

registerDashboardStarter((address, view) => startDashboard({ address, source: view, keepAlive: false }));
