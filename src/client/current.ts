/**
 * Which client `compute()` uses when none is given: like Dask, the most recently created client
 * that is still open (a `Client(cluster)` made in a script becomes the default for every
 * collection), and when none is open, the default local cluster (default-client.ts).
 */
interface Closable {
  readonly isClosed: boolean;
}

const open: Closable[] = [];

export function registerClient(c: Closable): void {
  open.push(c);
}

export function unregisterClient(c: Closable): void {
  const i = open.lastIndexOf(c);
  if (i >= 0) open.splice(i, 1);
}

/** The newest open client, if any. */
export function currentClient<C extends Closable>(): C | undefined {
  for (let i = open.length - 1; i >= 0; i--) {
    if (!open[i]!.isClosed) return open[i] as C;
    open.splice(i, 1);
  }
  return undefined;
}
