/**
 * Client side of shipping functions (DESIGN decision 6): turn what the user passes to `submit`
 * into a task's `op`, a plain string a worker can load (`worker/load-fn.ts`):
 *
 *   ops.sin                      → 'sin'            (the op name under Symbol.for('tusk.op'))
 *   Math.sin, JSON.parse, Number → 'Math.sin', …    (builtins by identity; see worker/load-fn)
 *   (x) => x * 2                 → 'js:(x) => x * 2' (self-contained source)
 *   fromModule('./f.js', 'g')    → 'mod:file:///…/f.js#g'
 *
 * A source function must not use variables from where it was written: we parse it (acorn),
 * resolve every identifier through its scopes, and report free ones at submit time, naming
 * them, instead of a ReferenceError later on a worker. Globals a worker has (`Math`, `JSON`,
 * typed arrays, `console`, `process`, `Buffer`, `fetch`, … — see WORKER_GLOBALS) are fine, as
 * is `typeof x` of anything and `import()` inside the function.
 *
 * Source as seen from a TypeScript runner: vitest 4 (vite 8, oxc) does not inject `__name`
 * wrappers; it rewrites an imported binding `foo` to `__vite_ssr_import_0__.foo` (or
 * `(0,__vite_ssr_import_0__.foo)`, `__vite_ssr_import_0__.default` for a default import),
 * `import(x)` to `__vite_ssr_dynamic_import__(x)` with relative paths made root-relative
 * (`/test/x.ts`), and `import.meta` to `__vite_ssr_import_meta__`. Imports are reported as free
 * variables by their exported name; dynamic imports are turned back into `import()` with the
 * path made absolute; esbuild's `__name(f, "f")` (keepNames) is unwrapped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TuskError } from '../errors.js';
import { builtinFunctions, loadFunction, toRunnableModuleUrl } from '../worker/load-fn.js';
import { analyzeSource, VITE_IMPORT } from './scope-analysis.js';

export { toRunnableModuleUrl };

/** The property (non-enumerable) under which registered ops and module handles carry their op. */
export const OP_TAG: unique symbol = Symbol.for('tusk.op');

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

const builtinNames = new Map<unknown, string>();
for (const [name, f] of builtinFunctions) if (!builtinNames.has(f)) builtinNames.set(f, name);

const opCache = new WeakMap<object, string>();
/** Ops of sources already analyzed (only successes), oldest first. */
const bySource = new Map<string, string>();
const BY_SOURCE_MAX = 1000;
const NO_OPS: ReadonlyMap<string, (...args: unknown[]) => unknown> = new Map();
let analyses = 0;

/** @internal How many function sources were parsed and analyzed so far (for the cache tests). */
export function _analysisCount(): number {
  return analyses;
}

/**
 * The op string for `fn`. Throws a TypeError when `fn` is not a function, and a TuskError
 * (`FreeVariable`, `UnshippableFunction`) when it cannot run on a worker. Cached per function.
 * `caller` only names the API in messages (`submit`, `map`).
 */
export function opOf(fn: unknown, argName = 'fn', caller = 'submit'): string {
  if (typeof fn !== 'function') {
    throw new TypeError(`${caller}: argument '${argName}' must be a function, got ${describeValue(fn)}`);
  }
  const cached = opCache.get(fn);
  if (cached !== undefined) return cached;
  const op = computeOp(fn as (...args: unknown[]) => unknown, caller);
  opCache.set(fn, op);
  return op;
}

function computeOp(fn: (...args: unknown[]) => unknown, caller: string): string {
  const tag = (fn as { [OP_TAG]?: unknown })[OP_TAG];
  if (typeof tag === 'string') return tag;
  const builtin = builtinNames.get(fn);
  if (builtin !== undefined) return builtin;

  const source = Function.prototype.toString.call(fn);
  const label = fn.name ? `'${fn.name}'` : `\`${firstLine(source)}\``;
  const unshippable = (why: string, hint: string): TuskError =>
    new TuskError('UnshippableFunction', `${caller}: cannot ship function ${label}: ${why}`, { context: { function: fn.name || firstLine(source) }, hint });
  if (NATIVE.test(source)) {
    if (fn.name.startsWith('bound ')) {
      throw unshippable('it is a bound function, and what it is bound to cannot be seen from outside',
        'pass the bound values as arguments instead: submit(f, a, x) rather than submit(f.bind(null, a), x)');
    }
    throw unshippable('it is a native function; only Math.* and a few builtins (Number.isFinite, JSON.parse, parseInt, String, …) ship by name',
      'wrap the call in a function that gets what it needs on the worker, e.g. async (x) => (await import(\'node:path\')).basename(x), or use fromModule(path, name)');
  }
  if (/^class\b/.test(source)) {
    throw unshippable('it is a class; a task calls a function', 'submit a function that builds and uses it, e.g. fromModule(path, \'makeThing\')');
  }
  const known = bySource.get(source);
  if (known !== undefined) return known; // a new closure of the same code, e.g. a lambda written in a loop
  analyses++;
  const analysis = analyzeSource(source, (why) => unshippable(why, SHIP_HINT));
  if (analysis.problems.length > 0) throw unshippable(analysis.problems.join('; '), SHIP_HINT);
  if (analysis.free.size > 0) {
    const names = [...analysis.free.values()].flatMap((f) => [...f.display]);
    const notes = freeVariableNotes([...analysis.free.keys()]);
    throw new TuskError(
      'FreeVariable',
      `${caller}: function ${label} uses ${names.join(', ')}, which ${names.length > 1 ? 'are' : 'is'} not defined inside it; ` +
        'a shipped function runs on a worker and sees only its arguments and the JavaScript globals',
      {
        context: { function: fn.name || firstLine(source), variables: [...analysis.free.keys()] },
        hint: [SHIP_HINT, ...notes].join('\n  '),
      },
    );
  }
  const op = `js:${analysis.source}`;
  if (bySource.size >= BY_SOURCE_MAX) bySource.delete(bySource.keys().next().value!);
  bySource.set(source, op);
  return op;
}

const SHIP_HINT = 'pass it as an argument, or import it inside the function, or use fromModule(path, name)';

function freeVariableNotes(names: readonly string[]): string[] {
  const notes: string[] = [];
  if (names.some((n) => ['require', 'module', 'exports', '__dirname', '__filename'].includes(n))) {
    notes.push('(workers run ES module code: use `await import(\'node:fs\')` instead of require, and pass paths as arguments)');
  }
  if (names.includes('this')) notes.push('(`this` in an arrow function is the object around it, which does not travel)');
  if (names.includes('arguments')) notes.push('(an arrow function has no `arguments` of its own: use a rest parameter, ...args)');
  if (names.some((n) => VITE_IMPORT.test(n))) notes.push('(the imports of the file it was written in do not travel with it)');
  const helpers = names.filter((n) => n.startsWith('__') && !VITE_IMPORT.test(n));
  if (helpers.length > 0) notes.push(`(${helpers.join(', ')} looks like a helper injected by a compiler: target ES2022 or later, or use fromModule(path, name))`);
  if (names.some((n) => ['window', 'document', 'self', 'navigator', 'localStorage'].includes(n))) notes.push('(worker threads have no DOM)');
  return notes;
}

/**
 * Identifiers `source` (a function's `toString()`) uses without defining, other than worker
 * globals and `typeof x` checks, in order of first use. `this` and `arguments` of a top-level
 * arrow function count (they would be the worker's, not the writer's).
 */
export function freeVariables(source: string): string[] {
  const analysis = analyzeSource(source, (why) => new TuskError('UnshippableFunction', `cannot ship function \`${firstLine(source)}\`: ${why}`));
  return [...analysis.free.keys()];
}

// ---- module exports ----------------------------------------------------------------------------

/** What `fromModule` returns besides being callable. */
export interface ModuleFunction {
  readonly moduleUrl: string;
  readonly exportName: string;
}

/**
 * A handle on `exportName` of the module at `modulePath` (a path, relative to `process.cwd()`,
 * or a file URL), to `submit` or `map`: workers import the module and call the export. A `.ts`
 * file is replaced by its compiled twin (`toRunnableModuleUrl`) when one exists. The file must
 * exist now; the export is checked when first loaded (the error lists the module's exports).
 *
 * Give the export's type to get typed results: `fromModule<(x: number) => number>('./m.js', 'f')`.
 * Called locally, the handle imports the module and calls the export: it always returns a
 * Promise, whatever type you give it.
 */
export function fromModule<F extends (...args: never[]) => unknown = (...args: unknown[]) => unknown>(
  modulePath: string | URL,
  exportName: string,
): F & ModuleFunction {
  if (typeof exportName !== 'string' || exportName === '') {
    throw new TuskError('InvalidArgument', `fromModule: the export name must be a non-empty string, got ${describeValue(exportName)}`);
  }
  let file: string;
  if (modulePath instanceof URL || (typeof modulePath === 'string' && /^file:/i.test(modulePath))) {
    const url = new URL(modulePath);
    if (url.protocol !== 'file:') throw new TuskError('InvalidArgument', `fromModule: only local files can be loaded, got ${url.href}`);
    file = fileURLToPath(url);
  } else if (typeof modulePath === 'string' && modulePath !== '') {
    file = path.resolve(process.cwd(), modulePath);
  } else {
    throw new TuskError('InvalidArgument', `fromModule: the module path must be a path or a file URL, got ${describeValue(modulePath)}`);
  }
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    const from = typeof modulePath === 'string' && !path.isAbsolute(modulePath) && !/^file:/i.test(modulePath)
      ? ` ('${modulePath}' resolved against the working directory ${process.cwd()})`
      : '';
    throw new TuskError('InvalidArgument', `fromModule: no module file at ${file}${from}${stat ? ' (it is a directory)' : ''}`, {
      context: { path: file, exportName },
      hint: 'give the path of a .js/.mjs file (or a .ts file that has been compiled), absolute or relative to process.cwd()',
    });
  }
  const url = toRunnableModuleUrl(pathToFileURL(file)).href;
  const op = `mod:${url}#${exportName}`;
  const handle = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    return loadFunction(op, NO_OPS).then((f) => f.apply(this, args));
  };
  Object.defineProperty(handle, 'name', { value: exportName });
  Object.defineProperty(handle, OP_TAG, { value: op });
  Object.defineProperty(handle, 'moduleUrl', { value: url });
  Object.defineProperty(handle, 'exportName', { value: exportName });
  return handle as unknown as F & ModuleFunction;
}

// ---- parsing ---------------------------------------------------------------------------------

function firstLine(source: string): string {
  const line = source.split('\n', 1)[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') {
    const name = (v as object).constructor?.name;
    return name && name !== 'Object' ? name : 'object';
  }
  return typeof v;
}
