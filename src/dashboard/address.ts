/**
 * Dask-style listen addresses: ':8787', '8787', 'localhost:8787', '127.0.0.1:0', '[::1]:8787'.
 * A missing host means loopback: a dashboard shows task keys and errors, so it should not be
 * reachable from the network unless someone asks for that by naming a host such as '0.0.0.0'.
 */
import { TuskError } from '../errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_HOST = '127.0.0.1';

export function parseAddress(address: string | number): ListenAddress {
  const text = String(address).trim();
  let host = '';
  let portText = text;
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(text);
  if (v6) {
    host = v6[1]!;
    portText = v6[2] ?? '';
  } else if (text.includes(':')) {
    const i = text.lastIndexOf(':');
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  const port = portText === '' ? 0 : Number(portText);
  if (!/^\d*$/.test(portText) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TuskError('InvalidArgument', `dashboard address ${JSON.stringify(address)} has no valid port`, {
      hint: "use ':8787', 'localhost:8787' or '127.0.0.1:0' (0 picks a free port)",
    });
  }
  return { host: host || DEFAULT_HOST, port };
}

/** The address as a browser would type it. */
export function formatUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}
