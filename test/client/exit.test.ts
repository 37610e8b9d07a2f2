/** After close() nothing is left running: a script ends on its own, and quickly. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');
const entry = pathToFileURL(path.join(root, 'dist/src/index.js')).href;

function runScript(body: string, flags: string[] = []): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', `import * as tusk from ${JSON.stringify(entry)};\n${body}`], {
    encoding: 'utf8',
    timeout: 30_000, // a hang shows up as a killed process, not a stuck suite
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

describe('clean exit', () => {
  it('exits on its own after close()', () => {
    const r = runScript(`
      const cluster = new tusk.LocalCluster({ nWorkers: 2 });
      const client = new tusk.Client(cluster);
      const f = client.submit(tusk.ops.sin, [0, 1]);
      console.log(JSON.stringify(await f.result()));
      await client.close(); await cluster.close();
    `);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([0, Math.sin(1)]);
  });

  it('Symbol.asyncDispose (what `await using` calls) closes both', () => {
    const r = runScript(`
      const cluster = new tusk.LocalCluster({ nWorkers: 1 });
      const client = new tusk.Client(cluster);
      console.log(await client.submit(Math.sqrt, 49).result());
      await client[Symbol.asyncDispose]();
      await cluster[Symbol.asyncDispose]();
      console.log('after');
    `);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['7', 'after']);
  });

  it('a script that forgets close() still exits once idle', () => {
    const r = runScript(`
      const client = new tusk.Client({ nWorkers: 2 });
      console.log(await client.submit(Math.abs, -2).result());
    `);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('2');
  });

  it('runs under V8 flags that worker threads refuse in execArgv (they are process-wide anyway)', () => {
    const r = runScript(`
      const cluster = new tusk.LocalCluster({ nWorkers: 2 });
      const client = new tusk.Client(cluster);
      console.log(await client.submit((x) => typeof gc + ':' + (x + 1), 41).result());
      await client.close(); await cluster.close();
    `, ['--expose-gc', '--max-semi-space-size=32', '--stack-size=2000']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('function:42');
  });
});
