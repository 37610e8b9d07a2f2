/**
 * The default client used by collections' `compute()` when none is given (like Dask's default
 * scheduler): the newest open `Client` the program made (current.ts), else a LocalCluster on all
 * cores, started on first use. Idle worker threads do not
 * keep the process alive, and the cluster is closed on 'beforeExit', so scripts end on their
 * own. `setDefaultClusterOptions` changes the next default cluster (closing the current one).
 */
import { Client } from './client.js';
import { currentClient } from './current.js';
import type { LocalClusterOptions } from './local-cluster.js';

let options: LocalClusterOptions = {};
let current: Client | undefined;
let hookInstalled = false;

export function defaultClient(): Client {
  const open = currentClient<Client>();
  if (open) return open;
  if (!current || current.isClosed) {
    current = new Client(options); // owns its LocalCluster: closing the client closes it
    if (!hookInstalled) {
      hookInstalled = true;
      process.on('beforeExit', () => void closeDefaultClient());
    }
  }
  return current;
}

export async function closeDefaultClient(): Promise<void> {
  const c = current;
  current = undefined;
  await c?.close();
}

export function setDefaultClusterOptions(patch: LocalClusterOptions): void {
  options = { ...options, ...patch };
  void closeDefaultClient();
}

export function defaultClusterOptions(): Readonly<LocalClusterOptions> {
  return { ...options };
}
