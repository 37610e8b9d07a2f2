/**
 * The one file that loads `parquet-wasm` (Rust's arrow-rs `parquet` crate compiled to WebAssembly):
 * lazily, on the first page decoded or encoded, so importing the frame costs nothing and planning
 * (footers only, `footer.ts`) never loads it. Loading compiles ~5 MB of wasm, ~0.3 s once per
 * thread. Synchronous: the package's Node build instantiates its module with `require`.
 *
 * The module's linear memory grows to the largest row group decoded or encoded in this thread and
 * is not given back (wasm memories cannot shrink): a worker that reads 1-million-row row groups
 * keeps a few hundred MiB reserved. Row groups bound it, which is why writers cut them.
 */
import { createRequire } from 'node:module';
import { TuskError } from '../../errors.js';

export type ParquetWasm = typeof import('parquet-wasm');

let loaded: ParquetWasm | undefined;
const require = createRequire(import.meta.url);

export function parquetWasm(): ParquetWasm {
  if (loaded !== undefined) return loaded;
  try {
    loaded = require('parquet-wasm') as ParquetWasm;
  } catch (err) {
    throw new TuskError('InvalidArgument', `cannot load parquet-wasm, which Tusk uses to decode and encode Parquet pages: ${(err as Error)?.message ?? err}`, {
      cause: err,
      hint: 'install it next to tusk: npm install parquet-wasm@0.8.0',
    });
  }
  return loaded;
}

/**
 * After a trap (a Rust panic on a corrupt page surfaces as a WebAssembly.RuntimeError) the
 * instance's state cannot be trusted: drop it, so the next call instantiates a fresh one.
 */
export function discardAfterTrap(err: unknown): void {
  if ((err as Error | undefined)?.constructor?.name !== 'RuntimeError') return;
  loaded = undefined;
  try {
    delete require.cache[require.resolve('parquet-wasm')];
  } catch {
    // not loaded through this require: nothing cached to drop
  }
}
