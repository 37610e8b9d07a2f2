/**
 * Outputs appear complete or not at all (DESIGN decision 8): a writer fills
 * `<path>.tmp-<random>`, which is fsynced and renamed to `<path>` only when every block is in.
 * On an error the temp file is removed and the error rethrown; on process exit or
 * SIGINT/SIGTERM, temp files still being written are removed too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TuskError } from '../../errors.js';

const live = new Set<string>();
let hooksInstalled = false;

function installCleanupHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const cleanAll = () => {
    for (const f of live) fs.rmSync(f, { force: true });
    live.clear();
  };
  process.on('exit', cleanAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanAll();
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

/** Runs `fill(tmp)` and moves the result to `target`; returns the absolute target path. */
export async function writeAtomically(target: string, verb: string, fill: (tmp: string) => Promise<void>): Promise<string> {
  const file = path.resolve(target);
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  installCleanupHooks();
  live.add(tmp);
  try {
    await fill(tmp);
    const fh = await fs.promises.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
    return file;
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw ioError(verb, file, err);
  } finally {
    live.delete(tmp);
  }
}

/** File-system errors get the output's name and a hint; other errors (a failed task) pass through. */
function ioError(verb: string, file: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const hint = code === 'ENOSPC' ? 'the disk is full: free space or write elsewhere'
    : code === 'ENOENT' ? `check that the folder ${path.dirname(file)} exists`
    : code === 'EACCES' || code === 'EPERM' ? 'check that the folder is writable' : undefined;
  return new TuskError('InvalidArgument', `${verb}: could not write ${file}: ${code}`, { context: { file, code }, hint, cause: err });
}

/** Creates the temp file with `head` at its start, sized to `size` bytes (sparse until written). */
export async function createSized(tmp: string, head: Uint8Array, size: number): Promise<void> {
  const fh = await fs.promises.open(tmp, 'wx');
  try {
    if (head.byteLength) await fh.write(head, 0, head.byteLength, 0);
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
}
