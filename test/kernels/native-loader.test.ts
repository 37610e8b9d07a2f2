/**
 * The loader's fallbacks, in a fresh process on a copy of the compiled kernels with no addon
 * beside them (what an install without a compiler leaves): auto falls back to TypeScript,
 * TUSK_KERNELS=native fails naming every place tried and the fixes, and `tusk info` says
 * which backend runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-no-addon-'));
fs.cpSync(path.join(root, 'dist/src'), path.join(tmp, 'dist/src'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'tusk', version: '0.0.0', type: 'module' }));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(code: string, kernels?: string): { status: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TUSK_KERNELS;
  if (kernels !== undefined) env.TUSK_KERNELS = kernels;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: tmp, env, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const SELECT = `import { getKernels } from ${JSON.stringify(path.join(tmp, 'dist/src/kernels/select.js'))};`;

test('without the addon, auto falls back to the TypeScript kernels', () => {
  const r = run(`${SELECT} console.log(getKernels().name)`);
  expect(r.out.trim()).toBe('ts');
  expect(r.status).toBe(0);
});

test('TUSK_KERNELS=native without the addon fails, listing what was tried and the fixes', () => {
  const r = run(`${SELECT} getKernels()`, 'native');
  expect(r.status).not.toBe(0);
  expect(r.out).toContain('TUSK_KERNELS=native asks for the native kernels, but the addon did not load');
  expect(r.out).toContain(path.join('native', 'build', 'Release', 'tusk_kernels.node'));
  expect(r.out).toMatch(/hint: build the addon: npm run build:native.*TUSK_KERNELS=ts/);
});

test('tusk info reports the kernels that run (here, and in the copy without the addon)', () => {
  const copy = spawnSync(process.execPath, [path.join(tmp, 'dist/src/cli/main.js'), 'info'], { encoding: 'utf8', cwd: tmp, env: { ...process.env, TUSK_KERNELS: 'auto' } });
  expect(copy.stdout).toMatch(/^kernels\s+ts \(native addon not built/m);
  const here = spawnSync(process.execPath, [path.join(root, 'dist/src/cli/main.js'), 'info'], { encoding: 'utf8', env: { ...process.env, TUSK_KERNELS: 'auto' } });
  expect(here.stdout).toMatch(/^kernels\s+(native-(avx512|avx2|generic)|ts) /m);
  const forced = spawnSync(process.execPath, [path.join(root, 'dist/src/cli/main.js'), 'info'], { encoding: 'utf8', env: { ...process.env, TUSK_KERNELS: 'ts' } });
  expect(forced.stdout).toMatch(/^kernels\s+ts \(forced by TUSK_KERNELS=ts/m);
});

test('trimMemory hands free heap memory back through the addon when it is built (glibc), and is a plain false without it', async () => {
  const { loadNative, trimMemory } = await import('../../src/kernels/native.js');
  const { addon } = loadNative();
  const got = trimMemory();
  expect(typeof got).toBe('boolean');
  const glibc = process.platform === 'linux' && (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined;
  expect(got).toBe(addon !== undefined && glibc);
});
