/** The store: byte accounting, LRU spill to Arrow IPC files, read-back, clean-up, full disks. */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { tableFromArrays, tableFromIPC, Table } from 'apache-arrow';
import { ChunkStore } from '../../src/store/chunk-store.js';
import { SpillFiles } from '../../src/store/spill-files.js';
import { isTuskError } from '../../src/errors.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-store-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) {
    try {
      execFileSync('umount', [d], { stdio: 'ignore' });
    } catch {
      /* not a mount */
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const chunk = (n: number, v: number) => new Float64Array(n).fill(v);

describe('ChunkStore', () => {
  it('counts bytes and forgets deleted values', async () => {
    const store = new ChunkStore({ memoryLimit: 1e9 });
    store.put('a', chunk(1000, 1));
    store.put('b', 'hello');
    expect(store.stats().managed).toBeGreaterThanOrEqual(8000);
    expect(store.stats().keys).toBe(2);
    store.delete('a');
    expect(store.stats().keys).toBe(1);
    expect(await store.get('b')).toBe('hello');
    await store.close();
    expect(store.stats().managed).toBe(0);
  });

  it('spills least-recently-used values above 0.6 × memoryLimit and reads them back', async () => {
    const parent = tempDir();
    const spill = new SpillFiles(parent);
    const spilled: string[] = [];
    const store = new ChunkStore({ memoryLimit: 1_000_000, spill, onSpill: (k) => spilled.push(k) });
    for (let i = 0; i < 10; i++) {
      store.put(`c${i}`, chunk(12_500, i)); // 100 kB each, 1 MB total
      await store.get('c0'); // keep c0 recently used
    }
    await store.settle();
    const st = store.stats();
    expect(st.managed).toBeLessThanOrEqual(600_000);
    expect(st.spilled).toBe(1_000_000 - st.managed);
    expect(spilled).not.toContain('c0');
    expect(spilled[0]).toBe('c1'); // oldest untouched value first
    // Spill files are Arrow IPC files carrying the array type.
    const files = fs.readdirSync(spill.directory!);
    expect(files.length).toBe(st.spilledKeys);
    const t = tableFromIPC(fs.readFileSync(path.join(spill.directory!, files[0]!)));
    expect(t.schema.metadata.get('tusk.typed')).toBe('Float64Array');
    for (let i = 0; i < 10; i++) {
      const v = (await store.get(`c${i}`)) as Float64Array;
      expect(v).toBeInstanceOf(Float64Array);
      if (spilled.includes(`c${i}`)) expect(v.buffer).toBeInstanceOf(SharedArrayBuffer); // read straight into shared memory
      expect(v.length).toBe(12_500);
      expect(v[0]).toBe(i);
      expect(v[12_499]).toBe(i);
    }
    const dir = spill.directory!;
    await store.close();
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('spills Arrow tables and plain values too', async () => {
    const spill = new SpillFiles(tempDir());
    const store = new ChunkStore({ memoryLimit: 10_000, target: 0.0001, spill });
    const table = tableFromArrays({ a: new Float64Array([1, 2, 3]), s: ['x', 'y', 'z'] });
    store.put('t', table, 5_000);
    store.put('o', { n: 1, list: [1, 2, 3], text: 'é'.repeat(1000) });
    await store.settle();
    expect(store.stats().spilledKeys).toBe(2);
    const back = (await store.get('t')) as Table;
    expect(back.getChild('s')!.toArray()).toEqual(['x', 'y', 'z']);
    expect(await store.get('o')).toEqual({ n: 1, list: [1, 2, 3], text: 'é'.repeat(1000) });
    await store.close();
  });

  it('an object of typed arrays comes back as views of one shared buffer (no copy to a worker), equal in every value', async () => {
    const spill = new SpillFiles(tempDir());
    const shared = new SharedArrayBuffer(800);
    const partial = {
      n: new BigInt64Array([1n, -(2n ** 62n), 3n]),
      sums: { off: new Int32Array([0, 1, 3]), p: new Float64Array(shared, 16, 3).fill(0.1), special: null },
      keys: [new Uint8Array([104, 105]), Buffer.from('é'), new Float32Array(0), new DataView(new ArrayBuffer(5))],
      nested: new Map([['k', [new Uint16Array([65535]), 'text', 12.5, undefined, true]]]),
      big: new Float64Array(100_003).map((_, i) => Math.sin(i)),
    };
    const h = await spill.write('partial', partial);
    const back = (await spill.read(h)) as typeof partial;
    expect(back).toEqual(partial);
    expect(back.big).toBeInstanceOf(Float64Array);
    expect(back.keys[1]).toBeInstanceOf(Buffer);
    for (const v of [back.n, back.sums.off, back.sums.p, back.keys[0]!, back.big]) {
      expect(v.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(v.byteOffset % 64).toBe(0); // every array on a 64-byte boundary
    }
    expect(back.big.buffer).toBe(back.n.buffer); // one read, one buffer
    // A damaged file is a clear error, not a wrong value.
    fs.truncateSync(h.path, 200);
    await expect(spill.read(h)).rejects.toThrow(/damaged|truncated/);
    await spill.close();
  });

  it('a full spill disk gives a clear SpillFailed error, keeps the data and leaves no partial file', async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('this test mounts a 256 KiB tmpfs as a full spill disk and needs root; run the suite as root (CI does)');
    }
    const dir = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    const spill = new SpillFiles(dir);
    const errors: unknown[] = [];
    const store = new ChunkStore({ memoryLimit: 1_000_000, spill, onSpillError: (e) => errors.push(e) });
    for (let i = 0; i < 10; i++) store.put(`c${i}`, chunk(12_500, i));
    await store.settle();
    expect(errors).toHaveLength(1);
    expect(isTuskError(errors[0], 'SpillFailed')).toBe(true);
    expect((errors[0] as Error).message).toMatch(/ENOSPC/);
    expect((errors[0] as Error).message).toMatch(/spillDir|full/);
    const leftovers = fs.readdirSync(spill.directory!).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    for (let i = 0; i < 10; i++) expect(((await store.get(`c${i}`)) as Float64Array)[7]).toBe(i);
    await store.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  /** A child process that spills `files` values into `parent`, says so, and then idles until killed. */
  async function spiller(parent: string, files: number, length: number) {
    const mod = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/src/store/spill-files.js')).href;
    const script = `
      import { SpillFiles } from ${JSON.stringify(mod)};
      const s = new SpillFiles(${JSON.stringify(parent)});
      for (let i = 0; i < ${files}; i++) await s.write('k' + i, new Float64Array(${length}));
      console.log('spilled');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('spilled') && resolve()));
    return child;
  }

  it('removes spill folders left by dead processes of this machine (SIGKILL, fatal V8 OOM), never a live one', async () => {
    const parent = tempDir();
    const live = await spiller(parent, 1, 1000);
    const dead = await spiller(parent, 1, 1000);
    dead.kill('SIGKILL'); // no hook runs: its folder stays
    await new Promise((resolve) => dead.on('exit', resolve));
    try {
      const [deadDir, liveDir] = [dead.pid, live.pid].map((pid) => fs.readdirSync(parent).find((n) => n.startsWith(`tusk-spill-${pid}-`)));
      expect(deadDir).toBeDefined();
      expect(liveDir).toBeDefined();
      fs.mkdirSync(path.join(parent, 'tusk-spill-1-zzzzzz-other')); // not a name we make: left alone
      const s = new SpillFiles(parent);
      await s.write('k', new Float64Array(10));
      const names = fs.readdirSync(parent);
      expect(names).not.toContain(deadDir);
      expect(names).toContain(liveDir);
      expect(names).toContain('tusk-spill-1-zzzzzz-other');
      await s.close();
    } finally {
      live.kill('SIGTERM');
      await new Promise((resolve) => live.on('exit', resolve));
    }
    expect(fs.readdirSync(parent)).toEqual(['tusk-spill-1-zzzzzz-other']);
  });

  it('removes its whole spill folder when SIGTERM comes twice in a row (timeout forwarding pkill)', async () => {
    const parent = tempDir();
    const child = await spiller(parent, 4000, 8);
    // The second signal must land while the folder is being removed (two at once coalesce).
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('removes its spill folder when the process is killed with SIGTERM', async () => {
    const parent = tempDir();
    const child = await spiller(parent, 1, 1000);
    expect(fs.readdirSync(parent)).toHaveLength(1);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(sig ?? c)));
    expect(code).toBe('SIGTERM');
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe('ChunkStore with the process memory (the limit on the whole process)', () => {
  it('holds fewer values when the process is past the spill line, never below the floor, and pauses past the pause line', async () => {
    const MB = 2 ** 20;
    let processBytes = 0;
    const store = new ChunkStore({
      memoryLimit: 100 * MB,
      spill: new SpillFiles(tempDir()),
      processMemory: () => processBytes,
    });
    // The process holds 40 MiB besides the store: 10 values of 5 MiB → 90 MiB, past the 70 MiB
    // spill line, so the store keeps 70 − 40 = 30 MiB (not its own 60 MiB target).
    for (let i = 0; i < 10; i++) {
      processBytes = 40 * MB + (i + 1) * 5 * MB;
      await new Promise((r) => setTimeout(r, 110)); // one sample per 100 ms
      store.put(`k${i}`, chunk((5 * MB) / 8, i));
      await store.settle();
    }
    expect(store.stats().managed).toBeLessThanOrEqual(30 * MB);
    expect(store.stats().managed).toBeGreaterThanOrEqual(25 * MB);
    expect(store.paused).toBe(true); // 90 MiB > the 80 MiB pause line
    // Far past the limit: the store still keeps its floor (a quarter), and values read back intact.
    processBytes = 500 * MB;
    await new Promise((r) => setTimeout(r, 110));
    store.put('big', chunk((5 * MB) / 8, 99));
    await store.settle();
    expect(store.stats().managed).toBeGreaterThanOrEqual(20 * MB);
    expect(store.stats().managed).toBeLessThanOrEqual(25 * MB);
    expect(((await store.get('k0')) as Float64Array)[0]).toBe(0);
    // Back under the lines: the store's own target again, not paused.
    processBytes = 10 * MB;
    await new Promise((r) => setTimeout(r, 110));
    expect(store.paused).toBe(false);
    await store.close();
  });
});
