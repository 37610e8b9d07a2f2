/** Listening (addresses, port fallback) and closing (nothing left running). */
import { describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startDashboard } from '../../src/dashboard/index.js';
import { formatUrl, parseAddress } from '../../src/dashboard/address.js';
import { fakeSource, readSse } from './fake-source.js';

const portOf = (url: string): number => Number(new URL(url).port);

describe('dashboard addresses', () => {
  it('parses Dask-style addresses, binding loopback when no host is given', () => {
    expect(parseAddress(':8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseAddress('8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseAddress('localhost:8787')).toEqual({ host: 'localhost', port: 8787 });
    expect(parseAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseAddress('0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    expect(() => parseAddress('localhost:http')).toThrow(/no valid port/);
    expect(() => parseAddress(':70000')).toThrow(/no valid port/);
    expect(formatUrl('::1', 9000)).toBe('http://[::1]:9000/');
    expect(formatUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80/');
  });
});

describe('startDashboard / close', () => {
  it('falls back to a free port when the one asked for is taken, with one warning', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const dash = await startDashboard({ address: `127.0.0.1:${taken}`, source: fakeSource() });
      expect(portOf(dash.url)).not.toBe(taken);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain(`port ${taken} is already in use`);
      expect(String(warn.mock.calls[0]![0])).toContain(dash.url);
      expect((await fetch(new URL('/api/status', dash.url))).status).toBe(200);
      await dash.close();
    } finally {
      warn.mockRestore();
      await new Promise((r) => blocker.close(r));
    }
  });

  it('close() ends the server, streams and timers: the same port can be bound again at once', async () => {
    const handles = (): Record<string, number> => {
      const c: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) c[r] = (c[r] ?? 0) + 1;
      return c;
    };
    const before = handles();
    const source = fakeSource();
    const warn = vi.spyOn(console, 'warn');
    const dash = await startDashboard({ address: '127.0.0.1:0', source });
    const port = portOf(dash.url);
    await readSse(new URL('/api/events', dash.url).href, (ms) => ms.length > 0);
    const held = fetch(new URL('/api/events', dash.url)); // left open on purpose: close() must end it
    const res = await held;
    await dash.close();
    await dash.close(); // idempotent
    await res.body?.cancel().catch(() => {});
    expect(source.listenerCount).toBe(0);
    await expect(fetch(new URL('/api/status', dash.url))).rejects.toThrow();

    // Nothing of ours is left holding the event loop (fetch's pool may take a moment to let go).
    for (let i = 0; i < 50; i++) {
      const now = handles();
      if ((now['TCPServerWrap'] ?? 0) <= (before['TCPServerWrap'] ?? 0) && (now['Timeout'] ?? 0) <= (before['Timeout'] ?? 0)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = handles();
    expect(after['TCPServerWrap'] ?? 0).toBeLessThanOrEqual(before['TCPServerWrap'] ?? 0);
    expect(after['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);

    const again = await startDashboard({ address: `127.0.0.1:${port}`, source });
    expect(portOf(again.url)).toBe(port);
    expect(warn).not.toHaveBeenCalled();
    await again.close();
    warn.mockRestore();
  });

  // In a child process, because "the process ends on its own" cannot be observed from inside.
  // Like test/client/exit.test.ts, it runs the compiled dist/ that the global test setup builds.
  it('after close() nothing holds the process, even with a browser still connected', () => {
    const r = runScript(`
      const dash = await startDashboard({ address: '127.0.0.1:0', source });
      const res = await fetch(new URL('/api/events', dash.url));
      await res.body.getReader().read();
      source.emit({ type: 'queued', key: 'x-1' });
      await dash.close();
      console.log('closed');
    `);
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('closed');
    expect(r.status).toBe(0);
  });

  it('with keepAlive: false a dashboard left open does not hold the process', () => {
    const r = runScript(`
      const dash = await startDashboard({ address: '127.0.0.1:0', source, keepAlive: false });
      console.log((await fetch(new URL('/api/status', dash.url))).status);
    `);
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('200');
    expect(r.status).toBe(0);
  });
});

function runScript(body: string): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const entry = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/src/dashboard/index.js')).href;
  const prelude = `
    import { startDashboard } from ${JSON.stringify(entry)};
    const source = { on: () => () => {}, workers: () => ['worker-0'], counts: () => ({}),
      memory: () => ({ managed: 0, spilled: 0, memoryLimit: 0, process: 0 }) };
    const listeners = new Set();
    source.on = (l) => { listeners.add(l); return () => listeners.delete(l); };
    source.emit = (e) => { for (const l of listeners) l(e); };
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', prelude + body], { encoding: 'utf8', timeout: 8_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
