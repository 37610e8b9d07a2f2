/**
 * Worker side of shipping functions: turn a task's `op` string back into something callable.
 *
 * Four kinds of op (the client makes them in `client/ship.ts`):
 *   - `sin`, `add`, …        a name in the worker's op registry;
 *   - `Math.sin`, `JSON.parse`, `parseInt`, …   a builtin, named by its path (`builtinFunctions`);
 *   - `js:<source>`          a self-contained function shipped as source: a function or arrow
 *                            expression, or a single object-literal member (`f(x) { … }`,
 *                            `get g() { … }`) — method shorthand is not an expression, so it is
 *                            compiled inside `({ … })` and taken back out;
 *   - `mod:<file URL>#name`  an export of a module, loaded with `import()`.
 *
 * Compiled sources and imported exports are cached by op string, so a function used by 10,000
 * tasks is compiled once per thread. Source is compiled in strict mode, like the ES module it
 * was written in.
 *
 * Also here (not in client/, because layers point down and the pool needs it too):
 * `toRunnableModuleUrl`, which maps a TypeScript source file to the compiled JavaScript that a
 * Node 20 worker can import.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TuskError, closest } from '../errors.js';

export type LoadedFn = (...args: unknown[]) => unknown;

type AnyFn = (...args: never[]) => unknown;

/** Static functions of safe globals that ship by identity (`Math.sin` → `'Math.sin'`). */
function buildBuiltins(): Map<string, AnyFn> {
  const table = new Map<string, AnyFn>();
  const addStatics = (ns: string, obj: object, names?: readonly string[]): void => {
    for (const name of names ?? Object.getOwnPropertyNames(obj)) {
      const v = (obj as Record<string, unknown>)[name];
      if (typeof v === 'function') table.set(`${ns}.${name}`, v as AnyFn);
    }
  };
  addStatics('Math', Math);
  addStatics('Number', Number, ['isFinite', 'isInteger', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt']);
  addStatics('String', String, ['fromCharCode', 'fromCodePoint', 'raw']);
  addStatics('Array', Array, ['isArray', 'of', 'from']);
  addStatics('Object', Object, ['keys', 'values', 'entries', 'fromEntries', 'is', 'getOwnPropertyNames']);
  addStatics('JSON', JSON, ['parse', 'stringify']);
  // Global functions and conversion functions: `client.map(Number, strings)`.
  const globals: Record<string, AnyFn> = {
    parseInt, parseFloat, isNaN, isFinite, encodeURIComponent, decodeURIComponent, encodeURI, decodeURI,
    Number, String, Boolean, BigInt, structuredClone,
  };
  for (const [name, f] of Object.entries(globals)) table.set(name, f);
  return table;
}

/** Builtins shipped by name, the same table on both sides. Read-only. */
export const builtinFunctions: ReadonlyMap<string, AnyFn> = buildBuiltins();

const compiled = new Map<string, LoadedFn>();
const importing = new Map<string, Promise<LoadedFn>>();

/**
 * The function for `op`, or undefined when it needs an asynchronous `import()` first (a `mod:`
 * op not loaded yet on this thread). Throws for an unknown op or a source that does not compile.
 */
export function loadFunctionSync(op: string, registry: ReadonlyMap<string, LoadedFn>): LoadedFn | undefined {
  const hit = compiled.get(op);
  if (hit) return hit;
  if (op.startsWith('js:')) {
    const fn = compileSource(op.slice(3));
    compiled.set(op, fn);
    return fn;
  }
  if (op.startsWith('mod:')) return undefined;
  const named = registry.get(op) ?? (builtinFunctions.get(op) as LoadedFn | undefined);
  if (named) return named;
  const names = [...registry.keys(), ...builtinFunctions.keys()];
  const guess = closest(op, names);
  throw new TuskError('InvalidArgument', `unknown op '${op}': it is not a registered op, a builtin, a 'js:' source or a 'mod:' export`, {
    context: { op },
    hint: guess ? `did you mean '${guess}'?` : `registered ops are: ${[...registry.keys()].join(', ')}`,
  });
}

/** The function for `op`, importing its module first if needed. */
export async function loadFunction(op: string, registry: ReadonlyMap<string, LoadedFn>): Promise<LoadedFn> {
  const ready = loadFunctionSync(op, registry);
  if (ready) return ready;
  let pending = importing.get(op);
  if (!pending) {
    pending = importExport(op).then(
      (fn) => {
        compiled.set(op, fn);
        importing.delete(op);
        return fn;
      },
      (err: unknown) => {
        importing.delete(op); // let a later task try again (the file may have been built since)
        throw err;
      },
    );
    importing.set(op, pending);
  }
  return pending;
}

/**
 * `import()` written in `new Function` code needs the host's dynamic-import hook, which plain
 * Node has but modules run by vitest/vite (and `vm`) do not: there it fails with "A dynamic
 * import callback was not specified". So shipped `import(x)` calls are rewritten to call this
 * module's own `import()` instead, which works in both. Relative specifiers resolve against this
 * file either way (the client rejects them).
 */
const IMPORT_PARAM = '__tusk_import__';
const dynamicImport = (specifier: string): Promise<unknown> => import(specifier);
const requireHere = createRequire(import.meta.url);

function rewriteImports(source: string): string {
  if (!/\bimport\b/.test(source)) return source;
  const acorn = requireHere('acorn') as typeof import('acorn');
  for (const [open, close] of [['(', '\n)'], ['({', '\n})']] as const) {
    let program: import('acorn').Program;
    try {
      program = acorn.parse(open + source + close, { ecmaVersion: 'latest', sourceType: 'module' });
    } catch {
      continue;
    }
    const starts: number[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n);
      } else if (typeof node === 'object' && node !== null && typeof (node as { type?: unknown }).type === 'string') {
        if ((node as { type: string }).type === 'ImportExpression') starts.push((node as { start: number }).start - open.length);
        for (const [k, v] of Object.entries(node)) if (k !== 'type' && typeof v === 'object') walk(v);
      }
    };
    walk(program);
    let out = '';
    let at = 0;
    for (const start of starts.sort((a, b) => a - b)) {
      out += source.slice(at, start) + IMPORT_PARAM;
      at = start + 'import'.length;
    }
    return out + source.slice(at);
  }
  return source;
}

function compileSource(shipped: string): LoadedFn {
  const source = rewriteImports(shipped);
  let fn: unknown;
  try {
    fn = new Function(IMPORT_PARAM, `"use strict";\nreturn (${source}\n);`)(dynamicImport);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // Method shorthand, getters and setters are not expressions: compile the member inside an
    // object literal and take its one property back out.
    try {
      const holder = new Function(IMPORT_PARAM, `"use strict";\nreturn ({${source}\n});`)(dynamicImport) as object;
      const keys = Reflect.ownKeys(holder);
      const d = keys.length === 1 ? Object.getOwnPropertyDescriptor(holder, keys[0]!) : undefined;
      fn = d?.get ?? d?.set ?? d?.value;
    } catch {
      throw new TuskError('UnshippableFunction', `a shipped function does not compile on the worker: ${err.message}`, {
        context: { source: firstLine(source) },
        cause: err,
      });
    }
  }
  if (typeof fn !== 'function') {
    throw new TuskError('UnshippableFunction', `a shipped source is not a function (it evaluates to ${typeof fn}): ${firstLine(source)}`);
  }
  return fn as LoadedFn;
}

async function importExport(op: string): Promise<LoadedFn> {
  const body = op.slice(4);
  const hash = body.indexOf('#'); // a file URL has '#' in its path escaped (%23); an export name may not
  if (hash < 0) {
    throw new TuskError('InvalidArgument', `malformed module op '${op}': expected 'mod:<file URL>#<export name>'`);
  }
  const exportName = body.slice(hash + 1);
  const url = toRunnableModuleUrl(body.slice(0, hash));
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url.href)) as Record<string, unknown>;
  } catch (err) {
    const ts = /\.[mc]?ts$/.test(url.pathname);
    throw new TuskError('InvalidArgument', `cannot import module ${url.href} for '${exportName}': ${(err as Error)?.message ?? String(err)}`, {
      context: { module: url.href, exportName },
      hint: ts
        ? 'a Node 20 worker cannot import TypeScript; compile it (npm run build) so its dist/ twin or a sibling .js exists'
        : undefined,
      cause: err,
    });
  }
  if (!(exportName in mod)) {
    const exports = Object.keys(mod).sort();
    const guess = closest(exportName, exports);
    throw new TuskError('InvalidArgument', `module ${url.href} has no export '${exportName}'; its exports are: ${exports.join(', ') || '(none)'}`, {
      context: { module: url.href, exportName, exports },
      hint: guess ? `did you mean '${guess}'?` : undefined,
    });
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    throw new TuskError('InvalidArgument', `export '${exportName}' of ${url.href} is ${fn === null ? 'null' : typeof fn}, not a function`, {
      context: { module: url.href, exportName },
    });
  }
  return fn as LoadedFn;
}

/**
 * The module a worker can actually import for `url` (a URL, a file URL string or an absolute
 * path). Node 20 cannot import `.ts`, and code run from `src/` by a TS-aware runner (vitest, tsx)
 * points at files that exist only compiled. So, for a `file:` URL:
 *   - `<root>/src/x/y.ts` → `<root>/dist/src/x/y.js` when that exists (any ancestor's `dist/`:
 *     `<root>/examples/z.ts` → `<root>/dist/examples/z.js`, the layout of `tsc` with rootDir `.`);
 *   - a `.ts` with a sibling `.js` → the sibling (`.mts` → `.mjs`, `.cts` → `.cjs` likewise);
 *   - a `.js` that does not exist (`new URL('./thread.js', import.meta.url)` evaluated in
 *     `src/`) → its `dist/` twin when that exists.
 * Anything else comes back unchanged.
 */
export function toRunnableModuleUrl(url: URL | string): URL {
  const u = typeof url === 'string' ? (/^[a-z][a-z\d+.-]+:/i.test(url) ? new URL(url) : pathToFileURL(url)) : url;
  if (u.protocol !== 'file:') return u;
  const file = fileURLToPath(u);
  const ts = /\.([mc]?)ts$/.exec(file);
  if (ts) {
    if (file.endsWith('.d.ts')) return u;
    const js = file.slice(0, -ts[0].length) + `.${ts[1]}js`;
    const twin = distTwin(js);
    if (twin) return keepSearch(pathToFileURL(twin), u);
    if (fs.existsSync(js)) return keepSearch(pathToFileURL(js), u);
    return u;
  }
  if (/\.[mc]?js$/.test(file) && !fs.existsSync(file)) {
    const twin = distTwin(file);
    if (twin) return keepSearch(pathToFileURL(twin), u);
  }
  return u;
}

/** `<A>/dist/<path relative to A>` for the nearest ancestor A where that file exists. */
function distTwin(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const rel = path.relative(dir, file);
    const first = rel.split(path.sep)[0];
    if (first !== 'dist' && first !== 'node_modules') {
      const candidate = path.join(dir, 'dist', rel);
      if (fs.existsSync(candidate)) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function keepSearch(mapped: URL, original: URL): URL {
  mapped.search = original.search;
  return mapped;
}

function firstLine(source: string): string {
  const line = source.split('\n', 1)[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
