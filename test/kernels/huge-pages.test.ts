/**
 * Large shared buffers advised for transparent huge pages (src/kernels/alloc.ts): a buffer from
 * HUGE_FROM on is advised — on Linux with THP in "madvise" or "always" mode and the addon built,
 * the 2 MiB-aligned part of it, which is never more than the buffer — and it is still an ordinary
 * zeroed, writable SharedArrayBuffer of the size asked for. A small buffer is left alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HUGE_FROM, sharedBuffer } from '../../src/kernels/alloc.js';
import { adviseHugePages, loadNative } from '../../src/kernels/native.js';

function thpMode(): string | undefined {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

describe('huge-page buffers', () => {
  it('sharedBuffer gives a zeroed, writable buffer of the size asked, small or large', () => {
    for (const bytes of [0, 1, 4095, HUGE_FROM - 1, HUGE_FROM, 3 * HUGE_FROM + 12345]) {
      const b = sharedBuffer(bytes);
      expect(b).toBeInstanceOf(SharedArrayBuffer);
      expect(b.byteLength).toBe(bytes);
      const u = new Uint8Array(b);
      expect(u.every((x) => x === 0)).toBe(true);
      if (bytes > 1) {
        u[bytes - 1] = 7;
        u[0] = 9;
        expect([u[0], u[1], u[bytes - 1]]).toEqual([9, bytes > 2 ? 0 : 7, 7]);
      }
    }
  });

  it('advises the 2 MiB-aligned interior where the system has THP and the addon is built', () => {
    const mode = thpMode();
    const b = new SharedArrayBuffer(16 << 20);
    const advised = adviseHugePages(b);
    expect(advised).toBeGreaterThanOrEqual(0);
    expect(advised).toBeLessThanOrEqual(16 << 20);
    expect(advised % (2 << 20)).toBe(0);
    if (process.platform === 'linux' && (mode === 'madvise' || mode === 'always') && loadNative().addon) {
      // 16 MiB holds at least 7 whole aligned 2 MiB pages, wherever it starts.
      expect(advised).toBeGreaterThanOrEqual(14 << 20);
    }
    // A buffer smaller than one aligned huge page: nothing to advise.
    expect(adviseHugePages(new SharedArrayBuffer(1 << 20))).toBe(0);
  });
});

describe('whether huge pages are advised (hugePagesPay)', () => {
  const ask = (env: Record<string, string>): string => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    delete childEnv.TUSK_HUGE_PAGES;
    for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { hugePagesPay } from ${JSON.stringify(pathToFileURL(path.resolve('dist/src/kernels/alloc.js')).href)}; console.log(hugePagesPay());`], { encoding: 'utf8', env: childEnv });
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };

  it('TUSK_HUGE_PAGES decides when set; unset, no only under a balloon with free page reporting', () => {
    expect(ask({ TUSK_HUGE_PAGES: '1' })).toBe('true');
    expect(ask({ TUSK_HUGE_PAGES: 'off' })).toBe('false');
    // The same reading of sysfs, done here independently.
    let reporting = false;
    try {
      for (const d of fs.readdirSync('/sys/bus/virtio/devices')) {
        const dev = `/sys/bus/virtio/devices/${d}`;
        if (fs.readFileSync(`${dev}/device`, 'utf8').trim() === '0x0005' && fs.readFileSync(`${dev}/features`, 'utf8')[5] === '1') reporting = true;
      }
    } catch {
      reporting = false;
    }
    expect(ask({})).toBe(String(!reporting));
  });
});
