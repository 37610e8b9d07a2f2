#!/usr/bin/env node
/**
 * Builds the native kernels addon (native/ → native/build/Release/tusk_kernels.node) with
 * node-gyp. Run by `npm install` (the `install` script) and by `npm run build:native`.
 *
 * It never fails an install: without a compiler, without node-gyp, or on any build error it
 * prints one line saying Tusk will use the TypeScript kernels, and exits 0. If linking glibc's
 * libmvec fails (not glibc, too old a glibc) it tries once more with scalar libm
 * (TUSK_LIBMVEC=0). Set TUSK_SKIP_NATIVE=1 to skip the build; `--strict` (for CI or a
 * developer who wants to see the failure) exits non-zero instead of falling back.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const strict = process.argv.includes('--strict');
const verbose = process.argv.includes('--verbose') || strict;
const FALLBACK = 'tusk: native kernels not built; Tusk falls back to the TypeScript kernels';

/**
 * What the last build attempt found, for the conformance test: a machine that cannot build
 * (no compiler, no node-gyp, skipped on purpose) runs the suite on the TypeScript kernels and
 * says so; one that could build but failed is an error there.
 */
function record(status) {
  const dir = path.join(nativeDir, 'build');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tusk-build-status.json'), `${JSON.stringify({ ...status, at: new Date().toISOString() })}\n`);
}

function giveUp(why, toolchainMissing = false) {
  record({ built: false, toolchainMissing, reason: why });
  console.log(`${FALLBACK} (${why}). Build them later with: npm run build:native -- --verbose`);
  process.exit(strict ? 1 : 0);
}

/** node-gyp: this package's devDependency, else the one npm ships with, else none. */
function findNodeGyp() {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch { /* not installed here */ }
  const npmGyp = process.env.npm_config_node_gyp;
  if (npmGyp && fs.existsSync(npmGyp)) return npmGyp;
  const besideNpm = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  return fs.existsSync(besideNpm) ? besideNpm : undefined;
}

function compilerWorks() {
  const cxx = process.env.CXX || 'c++';
  const r = spawnSync(cxx, ['--version'], { stdio: 'ignore', shell: false });
  return r.status === 0 ? undefined : `no working C++ compiler (${cxx})`;
}

/**
 * Node's own headers, so node-gyp never tries to download them (installs may be offline):
 * npm's `nodedir` setting when npm runs us, else the include/node folder beside this node.
 */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function build(gyp, env) {
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '-j', 'max', ...nodedirArgs()], {
    cwd: nativeDir, env, encoding: 'utf8', stdio: verbose ? 'inherit' : 'pipe',
  });
  return { ok: r.status === 0, log: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

if (process.env.TUSK_SKIP_NATIVE === '1') giveUp('TUSK_SKIP_NATIVE=1', true);
if (!fs.existsSync(path.join(nativeDir, 'binding.gyp'))) giveUp('native/binding.gyp is missing from this install');
const noCompiler = compilerWorks();
if (noCompiler) giveUp(noCompiler, true);
const gyp = findNodeGyp();
if (!gyp) giveUp('node-gyp not found', true);

let result = build(gyp, process.env);
if (!result.ok && /lmvec|_ZGV/.test(result.log) && process.env.TUSK_LIBMVEC !== '0') {
  result = build(gyp, { ...process.env, TUSK_LIBMVEC: '0' });
}
if (!result.ok) {
  const lastError = result.log.split('\n').find((l) => /\berror\b/i.test(l) && !/^gyp (WARN|info)/.test(l))?.trim();
  giveUp(`the build failed${lastError ? `: ${lastError.slice(0, 160)}` : ''}`);
}
const built = path.join(nativeDir, 'build', 'Release', 'tusk_kernels.node');
const check = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(built)}); console.log(a.info().isa)`], { encoding: 'utf8' });
if (check.status !== 0) giveUp(`the addon built but does not load: ${(check.stderr || '').split('\n')[0]}`);
record({ built: true, isa: check.stdout.trim() });
console.log(`tusk: native kernels built (native-${check.stdout.trim()})`);
