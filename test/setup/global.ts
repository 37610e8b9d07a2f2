/**
 * Worker threads run compiled JavaScript (Node 20 cannot load .ts in a worker), so the suite
 * needs an up-to-date `dist/`. `npm test` builds first; a bare `npx vitest` run checks here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureSystemPackages } from './system.js';

export default function setup(): void {
  ensureSystemPackages();
  const root = path.resolve(import.meta.dirname, '../..');
  const marker = path.join(root, 'dist/src/worker/thread.js');
  if (process.env.npm_lifecycle_event === 'test' && fs.existsSync(marker)) return; // `npm test` just built
  if (process.env.TUSK_TEST_NO_BUILD) return;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .reduce((m, e) => Math.max(m, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (!built || newest(path.join(root, 'src')) > built) {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  }
}
