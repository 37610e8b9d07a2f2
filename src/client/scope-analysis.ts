/**
 * Scope analysis of a function's source for shipping (client/ship.ts): parse it with acorn,
 * resolve every identifier through its scopes, and list the free ones — what would be a
 * ReferenceError on a worker — plus the rewrites a TypeScript runner made that must be undone
 * (vite's import bindings and dynamic imports, esbuild's `__name`). See ship.ts for the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, type AnyNode, type Class, type Function as FunctionNode, type Pattern } from 'acorn';
import { TuskError } from '../errors.js';
import { toRunnableModuleUrl } from '../worker/load-fn.js';
/** Identifiers a worker thread (Node ≥ 20, ES module code) has as globals. */
const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  // ECMAScript
  'globalThis', 'Infinity', 'NaN', 'undefined', 'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect',
  'Proxy', 'Date', 'RegExp', 'Promise', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry',
  'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'Intl', 'WebAssembly',
  // Node and web platform globals present in a Node 20 worker thread. `process` and `Buffer` are
  // the worker's own: its env, its cwd; `process.exit` ends the worker (KilledWorker).
  'console', 'process', 'Buffer', 'global', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'performance', 'TextEncoder',
  'TextDecoder', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'Event', 'EventTarget',
  'CustomEvent', 'MessageChannel', 'MessagePort', 'MessageEvent', 'BroadcastChannel', 'Blob', 'File', 'atob',
  'btoa', 'fetch', 'Headers', 'Request', 'Response', 'FormData', 'crypto', 'DOMException', 'ReadableStream',
  'WritableStream', 'TransformStream', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream',
  'DecompressionStream',
]);

export const VITE_IMPORT = /^__(?:vite_ssr|vi)_import_\d+__$/; // `__vi_import_0__` when a test uses vi.mock
const VITE_DYNAMIC_IMPORT = '__vite_ssr_dynamic_import__';
const VITE_IMPORT_META = '__vite_ssr_import_meta__';
const IMPORT_META = 'it uses import.meta, which belongs to the module it was written in (compute what you need from it and pass it as an argument)';

interface Edit { start: number; end: number; text: string }

interface ParsedSource {
  /** The text acorn parsed: the source inside a wrapper that makes it parse. */
  text: string;
  fn: FunctionNode;
  /** For a method/getter/setter: what goes before the parameters in the normalized source. */
  memberPrefix?: string;
  /** Where the shipped source starts and ends in `text` (for members: the parameters on). */
  start: number;
  end: number;
}

const PARSE_OPTIONS = { ecmaVersion: 'latest', sourceType: 'module' } as const;

/**
 * Parse a function's `toString()`: a function or arrow expression (or declaration), or a
 * method / getter / setter (`f(x) { … }`, not an expression), possibly a class's private one.
 */
function parseSource(source: string, fail: (why: string) => TuskError): ParsedSource {
  const errors: string[] = [];
  try {
    const text = `(${source}\n)`;
    const program = parse(text, PARSE_OPTIONS);
    const stmt = program.body[0];
    if (program.body.length === 1 && stmt?.type === 'ExpressionStatement') {
      const e = stmt.expression;
      if ((e.type === 'ArrowFunctionExpression' || e.type === 'FunctionExpression') && e.start === 1 && e.end >= source.trimEnd().length + 1) {
        return { text, fn: e, start: 1, end: e.end };
      }
    }
    throw fail('its source is not a single function');
  } catch (err) {
    if (err instanceof TuskError) throw err;
    errors.push(err instanceof Error ? err.message : String(err));
  }
  for (const [open, close] of [['({', '\n})'], ['(class {', '\n})']] as const) {
    const text = open + source + close;
    let program;
    try {
      program = parse(text, PARSE_OPTIONS);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    const stmt = program.body[0];
    const e = stmt?.type === 'ExpressionStatement' ? stmt.expression : undefined;
    const members = e?.type === 'ObjectExpression' ? e.properties : e?.type === 'ClassExpression' ? e.body.body : [];
    const m = members[0];
    if (members.length !== 1 || !m || m.start !== open.length) continue;
    let key: string;
    if (m.type === 'Property' && (m.method || m.kind !== 'init')) {
      key = memberKey(text, m.key, m.computed);
    } else if (m.type === 'MethodDefinition' && m.key.type === 'PrivateIdentifier') {
      key = m.key.name; // private: ship as a plain method of the same name
    } else continue;
    const fn = m.value as FunctionNode;
    const kind = m.kind === 'get' || m.kind === 'set' ? `${m.kind} ` : '';
    const memberPrefix = `${fn.async ? 'async ' : ''}${fn.generator ? '*' : ''}${kind}${key}`;
    return { text, fn, memberPrefix, start: fn.start, end: fn.end };
  }
  // The first attempt's error is the plain one; a wrapper's may say more (a private name).
  const all = errors.join('\n');
  const priv = /Private field '(#[\w$]+)'/.exec(all);
  if (priv) throw fail(`it uses the private member ${priv[1]} of the class it was written in`);
  if (/'super'/.test(all)) throw fail('it uses super, which belongs to the class or object it was written in');
  if (/new\.target/.test(all)) throw fail('it uses new.target of the function it was written in');
  throw fail(`its source does not parse as a function (${errors[0] ?? 'empty'})`);
}

function memberKey(text: string, key: AnyNode, computed: boolean): string {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value !== 'object') return text.slice(key.start, key.end); // 'k', "k", 1, ['k']
  return JSON.stringify(text.slice(key.start, key.end)); // the computed key's value does not matter
}

// ---- scope analysis --------------------------------------------------------------------------

interface Scope {
  readonly parent: Scope | undefined;
  readonly names: Set<string>;
  /** Where `var` goes: function bodies, static blocks, the top. */
  readonly varTarget: boolean;
  /** Binds `this` (non-arrow functions, class fields, static blocks). */
  readonly binder: boolean;
  /** `super` means something here (methods inside the shipped function). */
  readonly home: boolean;
}

function newScope(parent: Scope | undefined, opts: Partial<Pick<Scope, 'varTarget' | 'binder' | 'home'>> = {}): Scope {
  return { parent, names: new Set(), varTarget: opts.varTarget ?? false, binder: opts.binder ?? false, home: opts.home ?? false };
}

interface FreeName { display: Set<string>; typeofOnly: boolean }

export interface Analysis {
  /** Free names not allowed on a worker, with how to show them. */
  free: Map<string, FreeName>;
  /** Why the function cannot be shipped at all (super, import.meta, …). */
  problems: string[];
  /** The normalized source to ship. */
  source: string;
}

export function analyzeSource(source: string, fail: (why: string) => TuskError): Analysis {
  const parsed = parseSource(source, fail);
  if (parsed.fn.generator) {
    throw fail('it is a generator function; a task returns one value (collect the values into an array and return that)');
  }
  const walker = new ScopeWalker(parsed.text);
  walker.run(parsed.fn);
  const free = new Map<string, FreeName>();
  for (const r of walker.refs) {
    if (WORKER_GLOBALS.has(r.name) || resolves(r.name, r.scope)) continue;
    let f = free.get(r.name);
    if (!f) free.set(r.name, (f = { display: new Set(), typeofOnly: true }));
    if (!r.typeofOnly) f.typeofOnly = false;
    f.display.add(r.display ?? r.name);
  }
  for (const [name, f] of free) if (f.typeofOnly) free.delete(name);
  const edits = walker.edits.filter((e) => e.start >= parsed.start && e.end <= parsed.end).sort((a, b) => a.start - b.start);
  let out = parsed.memberPrefix ?? '';
  let at = parsed.start;
  for (const e of edits) {
    out += parsed.text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += parsed.text.slice(at, parsed.end);
  return { free, problems: [...new Set(walker.problems)], source: out };
}

function resolves(name: string, scope: Scope | undefined): boolean {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

interface Ref { name: string; scope: Scope; typeofOnly: boolean; display?: string }

/**
 * One pass over the function: declarations go into their scopes (so hoisting needs no second
 * pass), references are recorded with the scope they appear in and resolved afterwards.
 */
class ScopeWalker {
  readonly refs: Ref[] = [];
  readonly problems: string[] = [];
  readonly edits: Edit[] = [];
  private readonly privateNames = new Set<string>();
  private readonly privateRefs: string[] = [];

  constructor(private readonly text: string) {}

  run(fn: FunctionNode): void {
    const top = newScope(undefined, { varTarget: true });
    this.fn(fn, top, false);
    for (const name of this.privateRefs) {
      if (!this.privateNames.has(name)) this.problems.push(`it uses the private member #${name} of the class it was written in`);
    }
  }

  private fn(node: FunctionNode, outer: Scope, method: boolean): void {
    const arrow = node.type === 'ArrowFunctionExpression';
    const params = newScope(outer, { binder: !arrow, home: method });
    if (!arrow) params.names.add('arguments');
    if (node.type === 'FunctionExpression' && node.id) params.names.add(node.id.name);
    for (const p of node.params) this.declare(p, params, params);
    if (node.body.type === 'BlockStatement') this.each(node.body.body, newScope(params, { varTarget: true }));
    else this.visit(node.body, params);
  }

  private cls(node: Class, outer: Scope): void {
    if (node.superClass) this.visit(node.superClass, outer);
    const inner = newScope(outer);
    if (node.type === 'ClassExpression' && node.id) inner.names.add(node.id.name);
    for (const el of node.body.body) {
      if (el.type === 'StaticBlock') {
        this.each(el.body, newScope(inner, { varTarget: true, binder: true, home: true }));
        continue;
      }
      if (el.key.type === 'PrivateIdentifier') this.privateNames.add(el.key.name);
      else if (el.computed) this.visit(el.key, inner);
      if (el.type === 'MethodDefinition') this.fn(el.value, inner, true);
      else if (el.value) this.visit(el.value, newScope(inner, { varTarget: true, binder: true, home: true }));
    }
  }

  private each(nodes: readonly (AnyNode | null)[], scope: Scope): void {
    for (const n of nodes) if (n) this.visit(n, scope);
  }

  private ref(name: string, scope: Scope, typeofOnly = false, display?: string): void {
    if (name === VITE_IMPORT_META) {
      this.problems.push(IMPORT_META);
      return;
    }
    this.refs.push({ name, scope, typeofOnly, display });
  }

  /** Declare the names bound by a pattern in `into`; defaults and computed keys are read in `reads`. */
  private declare(p: Pattern, into: Scope, reads: Scope): void {
    switch (p.type) {
      case 'Identifier': into.names.add(p.name); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') this.declare(prop.argument, into, reads);
          else {
            if (prop.computed) this.visit(prop.key, reads);
            this.declare(prop.value, into, reads);
          }
        }
        return;
      case 'ArrayPattern': for (const el of p.elements) if (el) this.declare(el, into, reads); return;
      case 'RestElement': this.declare(p.argument, into, reads); return;
      case 'AssignmentPattern': this.declare(p.left, into, reads); this.visit(p.right, reads); return;
      case 'MemberExpression': this.visit(p, reads); return; // only in assignment targets
    }
  }

  /** An assignment target: its identifiers are references, not declarations. */
  private target(p: Pattern, scope: Scope): void {
    switch (p.type) {
      case 'Identifier': this.ref(p.name, scope); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') this.target(prop.argument, scope);
          else {
            if (prop.computed) this.visit(prop.key, scope);
            this.target(prop.value, scope);
          }
        }
        return;
      case 'ArrayPattern': for (const el of p.elements) if (el) this.target(el, scope); return;
      case 'RestElement': this.target(p.argument, scope); return;
      case 'AssignmentPattern': this.target(p.left, scope); this.visit(p.right, scope); return;
      case 'MemberExpression': this.visit(p, scope); return;
    }
  }

  private varTarget(scope: Scope): Scope {
    let s = scope;
    while (!s.varTarget && s.parent) s = s.parent;
    return s;
  }

  private visit(node: AnyNode, scope: Scope): void {
    switch (node.type) {
      case 'Identifier': this.ref(node.name, scope); return;
      case 'ThisExpression': {
        let s: Scope | undefined = scope;
        while (s && !s.binder) s = s.parent;
        if (!s) this.ref('this', scope);
        return;
      }
      case 'Super': {
        let s: Scope | undefined = scope;
        while (s && !s.binder) s = s.parent;
        if (!s?.home) this.problems.push('it uses super, which belongs to the class or object it was written in');
        return;
      }
      case 'MetaProperty':
        if (node.meta.name === 'import') this.problems.push(IMPORT_META);
        return;
      case 'VariableDeclaration': {
        const into = node.kind === 'var' ? this.varTarget(scope) : scope;
        for (const d of node.declarations) {
          this.declare(d.id, into, scope);
          if (d.init) this.visit(d.init, scope);
        }
        return;
      }
      case 'FunctionDeclaration':
        if (node.id) scope.names.add(node.id.name);
        this.fn(node, scope, false);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.fn(node, scope, false);
        return;
      case 'ClassDeclaration':
        if (node.id) scope.names.add(node.id.name);
        this.cls(node, scope);
        return;
      case 'ClassExpression': this.cls(node, scope); return;
      case 'BlockStatement': this.each(node.body, newScope(scope)); return;
      case 'StaticBlock': return; // handled in cls
      case 'ForStatement': {
        const loop = newScope(scope);
        this.each([node.init ?? null, node.test ?? null, node.update ?? null, node.body], loop);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loop = newScope(scope);
        if (node.left.type === 'VariableDeclaration') this.visit(node.left, loop);
        else this.target(node.left, loop);
        this.visit(node.right, loop);
        this.visit(node.body, loop);
        return;
      }
      case 'CatchClause': {
        const c = newScope(scope);
        if (node.param) this.declare(node.param, c, c);
        this.each(node.body.body, c);
        return;
      }
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const body = newScope(scope);
        for (const c of node.cases) {
          if (c.test) this.visit(c.test, body);
          this.each(c.consequent, body);
        }
        return;
      }
      case 'LabeledStatement': this.visit(node.body, scope); return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MemberExpression': {
        const obj = node.object;
        if (obj.type === 'Identifier' && !node.computed && node.property.type === 'Identifier') {
          this.ref(obj.name, scope, false, importDisplay(obj.name, node.property.name));
        } else this.visit(obj, scope);
        if (node.property.type === 'PrivateIdentifier') this.privateRefs.push(node.property.name);
        else if (node.computed) this.visit(node.property, scope);
        return;
      }
      case 'Property':
        if (node.computed) this.visit(node.key, scope);
        if (node.method || node.kind !== 'init') this.fn(node.value as FunctionNode, scope, true);
        else this.visit(node.value, scope);
        return;
      case 'AssignmentExpression':
        this.target(node.left, scope);
        this.visit(node.right, scope);
        return;
      case 'UnaryExpression':
        if (node.operator === 'typeof' && node.argument.type === 'Identifier') this.ref(node.argument.name, scope, true);
        else this.visit(node.argument, scope);
        return;
      case 'BinaryExpression':
        if (node.left.type === 'PrivateIdentifier') this.privateRefs.push(node.left.name); // `#x in obj`
        else this.visit(node.left, scope);
        this.visit(node.right, scope);
        return;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === VITE_DYNAMIC_IMPORT) {
          this.edits.push({ start: node.callee.start, end: node.callee.end, text: 'import' });
          this.importSpecifier(node.arguments[0]);
          this.each(node.arguments, scope);
          return;
        }
        if (node.callee.type === 'Identifier' && node.callee.name === '__name' && node.arguments.length === 2 &&
          node.arguments[1]!.type === 'Literal' && node.arguments[0]!.type !== 'SpreadElement') {
          // esbuild keepNames: `__name(fn, "fn")` → `(fn)`
          const inner = node.arguments[0]!;
          this.edits.push({ start: node.start, end: inner.start, text: '(' }, { start: inner.end, end: node.end, text: ')' });
          this.visit(inner, scope);
          return;
        }
        break;
      case 'ImportExpression':
        this.importSpecifier(node.source);
        break;
    }
    this.children(node, scope);
  }

  private children(node: AnyNode, scope: Scope): void {
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const item of v) if (isNode(item)) this.visit(item, scope);
      } else if (isNode(v)) this.visit(v, scope);
    }
  }

  /**
   * A literal `import('…')` path: relative paths would resolve against Tusk's worker module,
   * not the file the function was written in, so they are an error; vite's root-relative
   * paths (`/src/x.ts`) are made absolute file URLs, and `.ts` files go to their compiled twin.
   */
  private importSpecifier(arg: AnyNode | undefined): void {
    if (!arg || arg.type !== 'Literal' || typeof arg.value !== 'string') return;
    const spec = arg.value;
    if (spec.startsWith('./') || spec.startsWith('../')) {
      this.problems.push(`it imports '${spec}' by a relative path, which would resolve against Tusk's worker module: use an absolute path or file URL (pass new URL('${spec}', import.meta.url).href as an argument), or fromModule(path, name)`);
      return;
    }
    let file: string | undefined;
    if (spec.startsWith('/@fs/')) file = spec.slice(4);
    else if (spec.startsWith('/')) file = fs.existsSync(spec) ? spec : path.join(process.cwd(), spec);
    else if (spec.startsWith('file:')) file = fileURLToPath(spec);
    if (file === undefined || !fs.existsSync(file)) return;
    const href = toRunnableModuleUrl(pathToFileURL(file)).href;
    if (href !== spec) this.edits.push({ start: arg.start, end: arg.end, text: JSON.stringify(href) });
  }
}

/** `__vite_ssr_import_0__.foo` → `foo (an import)`; other member accesses show the object name. */
function importDisplay(object: string, property: string): string | undefined {
  if (!VITE_IMPORT.test(object)) return undefined;
  return property === 'default' ? 'a default import' : `${property} (an import)`;
}

function isNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

