/**
 * System packages some tests need (numpy to check our .npy files). Found, or installed with
 * apt-get when we are root (as in CI), or a clear stop naming what to install — never a silent skip.
 */
import { spawnSync } from 'node:child_process';

interface Need {
  readonly what: string;
  readonly check: () => boolean;
  readonly debian: string;
}

const NEEDS: readonly Need[] = [
  {
    what: 'numpy for /usr/bin/python3',
    check: () => spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0,
    debian: 'python3-numpy',
  },
];

export function ensureSystemPackages(): void {
  const missing = NEEDS.filter((n) => !n.check());
  if (missing.length === 0) return;
  const pkgs = missing.map((n) => n.debian);
  if (process.getuid?.() !== 0) {
    throw new Error(`the test suite needs ${missing.map((n) => n.what).join(', ')}: install with  sudo apt-get install -y ${pkgs.join(' ')}`);
  }
  console.log(`installing ${pkgs.join(' ')} for the tests (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  const still = missing.filter((n) => !n.check());
  if (r.status !== 0 || still.length) {
    throw new Error(`could not install ${still.map((n) => n.debian).join(' ') || pkgs.join(' ')} with apt-get; install it and run the tests again`);
  }
}
