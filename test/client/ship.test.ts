/**
 * Shipping functions: op strings for each kind of function, scope analysis (what is a free
 * variable), the errors people see, and round trips through the worker-side loader — locally
 * and in a real worker thread running the compiled loader.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { closest, isTuskError, TuskError } from '../../src/errors.js';
import { OP_TAG, _analysisCount, freeVariables, fromModule, opOf, toRunnableModuleUrl } from '../../src/client/ship.js';

/** Not a Node global: referenced only under `typeof`, which shipping must allow. */
declare const window: unknown;
import { loadFunction, loadFunctionSync } from '../../src/worker/load-fn.js';
import { ops } from '../../src/client/ops.js';
import { builtinOps } from '../../src/worker/ops.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/tasks.mjs');
const none: ReadonlyMap<string, (...args: unknown[]) => unknown> = new Map();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

async function roundTrip(f: unknown): Promise<(...args: unknown[]) => unknown> {
  return loadFunction(opOf(f), builtinOps);
}

// ---- functions of every shape, defined in this (vite-transformed) file ----------------------

function declared(x: number): number {
  return x + 1;
}
function fact(n: number): number {
  return n <= 1 ? 1 : n * fact(n - 1);
}
class Shapes {
  #secret(x: number): number {
    return x * 7;
  }
  method(x: number): number {
    return x * 3;
  }
  static staticMethod(x: number): number {
    return x - 1;
  }
  async asyncMethod(x: number): Promise<number> {
    return x * 5;
  }
  get getter(): number {
    return 42;
  }
  ['computed'](x: number): number {
    return -x;
  }
  'quoted key'(x: number): number {
    return x + 0.5;
  }
  static secret(): (x: number) => number {
    return new Shapes().#secret;
  }
  *gen(): Generator<number> {
    yield 1;
  }
  usesSuper(): string {
    // @ts-expect-error -- `super` in a class without a base: legal JS (Object.prototype), shipped to test rejection
    return super.toString();
  }
  usesPrivate(): number {
    return this.#secret(1);
  }
}
const obj = {
  shorthand(x: number) {
    return x * 2;
  },
  async(x: number) {
    return x + 100;
  },
  get(x: number) {
    return x + 200;
  },
};
const getter = Object.getOwnPropertyDescriptor(Shapes.prototype, 'getter')!.get!;

const shapes: Array<[string, unknown, unknown[], unknown]> = [
  ['arrow', (x: number) => x * 2, [4], 8],
  ['arrow, block body, typed', (x: number): number => { const y: number = x as number; return y! + 1; }, [1], 2],
  ['arrow returning an object', (x: number) => ({ x, y: [x] }), [1], { x: 1, y: [1] }],
  ['async arrow', async (x: number) => x + 1, [1], 2],
  ['generic arrow', <T,>(x: T) => [x], ['a'], ['a']],
  ['function declaration', declared, [1], 2],
  ['recursive declaration', fact, [5], 120],
  ['anonymous function expression', function (this: unknown, x: number) { return x + 2; }, [1], 3],
  ['named recursive function expression', function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }, [10], 55],
  ['async function', async function twice(x: number) { await null; return x * 2; }, [3], 6],
  ['default params and destructuring', function named(a = 1, { b, c: [d] } = { b: 2, c: [3] }) { return a + b + d; }, [], 6],
  ['destructuring with defaults and rest', ({ a = 1, ...rest }: { a?: number; [k: string]: number | undefined }, [b, , c = 5]: number[] = []) => a + Object.keys(rest).length + (b ?? 0) + c, [{ z: 1 }, [10]], 17],
  ['rest params and arguments', function (...xs: number[]) { return xs.length + arguments.length; }, [1, 2, 3], 6],
  ['method shorthand', obj.shorthand, [4], 8],
  ['method named async', obj.async, [1], 101],
  ['method named get', obj.get, [1], 201],
  ['class method', Shapes.prototype.method, [2], 6],
  ['static method', Shapes.staticMethod, [2], 1],
  ['async class method', Shapes.prototype.asyncMethod, [2], 10],
  ['getter', getter, [], 42],
  ['computed-key method', Shapes.prototype.computed, [2], -2],
  ['quoted-key method', Shapes.prototype['quoted key'], [2], 2.5],
  ['private method', Shapes.secret(), [2], 14],
  ['globals', (xs: number[]) => JSON.stringify([Math.max(...xs), new Map([[1, 2]]).size, Float64Array.of(...xs).length, Number.isFinite(xs[0])]), [[1, 5]], '[5,1,2,true]'],
  ['closures inside', (n: number) => { const add = (a: number) => (b: number) => a + b; return add(n)(1); }, [1], 2],
  ['local class', (n: number) => { class P { constructor(readonly v: number) {} twice() { return this.v * 2; } } return new P(n).twice(); }, [4], 8],
  ['generators inside are fine', (n: number) => { function* g() { for (let i = 0; i < n; i++) yield i; } return [...g()]; }, [3], [0, 1, 2]],
  ['labels, loops, catch', (xs: number[]) => { let s = 0; outer: for (const x of xs) { for (const k in [1]) { if (x < 0) break outer; s += x + Number(k); } } try { throw new Error('e'); } catch (e) { return `${s}${(e as Error).message}`; } }, [[1, 2, -1, 9]], '3e'],
  ['typeof feature detection', () => (typeof window === 'undefined' ? 'no window' : 'window'), [], 'no window'],
  ['template literals and tagged templates', (x: number) => String.raw`a${x}b`, [1], 'a1b'],
  ['optional chaining and nullish', (o?: { a?: { b?: number } }) => o?.a?.b ?? 'none', [{ a: {} }], 'none'],
  ['dynamic import inside', async (p: string) => (await import('node:path')).basename(p), ['/a/b.txt'], 'b.txt'],
  ['dynamic import of a relative file (vite makes it root-relative)', async (ms: number) => (await import('../fixtures/tasks.mjs')).spin(ms, 'spun'), [0], 'spun'],
];

describe('opOf: kinds of function', () => {
  it('registered ops are named by their tag', () => {
    expect(opOf(ops.sin)).toBe('sin');
    expect(opOf(ops.add)).toBe('add');
    const tagged = Object.defineProperty(() => 0, OP_TAG, { value: 'custom' });
    expect(opOf(tagged)).toBe('custom');
    expect(OP_TAG).toBe(Symbol.for('tusk.op'));
  });

  it('every Math function ships by name, and a few other builtins too', async () => {
    for (const name of Object.getOwnPropertyNames(Math)) {
      const f = (Math as unknown as Record<string, unknown>)[name];
      if (typeof f !== 'function') continue;
      expect(opOf(f)).toBe(`Math.${name}`);
      expect(await loadFunction(`Math.${name}`, none)).toBe(f);
    }
    expect(opOf(Number.isFinite)).toBe('Number.isFinite');
    expect(opOf(JSON.stringify)).toBe('JSON.stringify');
    expect(opOf(Number)).toBe('Number');
    expect(loadFunctionSync(opOf(parseInt), none)!('42', 10)).toBe(42);
  });

  it('rejects non-functions with a TypeError naming the argument', () => {
    expect(() => opOf(3)).toThrow(new TypeError("submit: argument 'fn' must be a function, got number"));
    expect(() => opOf(null, 'fn')).toThrow("submit: argument 'fn' must be a function, got null");
    expect(() => opOf([], 'f', 'map')).toThrow("map: argument 'f' must be a function, got array");
    expect(() => opOf(new Date(), 'g')).toThrow("got Date");
  });

  it.each([
    ['bound function', declared.bind(null), /bound function.*pass the bound values as arguments/s],
    ['native function', Object.defineProperty, /native function/],
    ['native method', Array.prototype.map, /native function/],
    ['class', Shapes, /it is a class/],
    ['generator method', Shapes.prototype.gen, /generator function/],
    ['generator function', function* g() { yield 1; }, /generator function/],
    ['async generator', async function* ag() { yield 1; }, /generator function/],
    ['super', Shapes.prototype.usesSuper, /uses super/],
    ['private member of the enclosing class', Shapes.prototype.usesPrivate, /private member #secret/],
    ['private member via an arrow', new (class { #p = 1; f = () => this.#p; })().f, /private member #p/],
    ['import.meta', () => import.meta.url, /import\.meta/],
  ])('%s → UnshippableFunction', (_name, f, message) => {
    const err = thrown(() => opOf(f));
    expect(isTuskError(err, 'UnshippableFunction')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('is cached by function identity: 10,000 calls with the same function analyze it once', () => {
    const f = (x: number) => x + 2;
    const before = _analysisCount();
    const first = opOf(f);
    for (let i = 0; i < 10_000; i++) expect(opOf(f)).toBe(first);
    expect(_analysisCount() - before).toBe(1);
  });

  it('a new closure of the same code (a lambda written in a loop) is not analyzed again', () => {
    const ops_ = new Set<string>();
    const before = _analysisCount();
    for (let i = 0; i < 10_000; i++) ops_.add(opOf((x: number) => x + 3));
    expect(_analysisCount() - before).toBe(1);
    expect(ops_.size).toBe(1);
  });
});

describe('round trip: loadFunction(opOf(f)) behaves like f', () => {
  it.each(shapes)('%s', async (_name, f, args, expected) => {
    const op = opOf(f);
    expect(op.startsWith('js:')).toBe(true);
    const g = await roundTrip(f);
    expect(await g(...args)).toEqual(expected);
    expect(await (f as (...a: unknown[]) => unknown)(...args)).toEqual(expected);
  });

  it('compiles once per op', async () => {
    const f = (x: number) => x;
    expect(loadFunctionSync(opOf(f), none)).toBe(loadFunctionSync(opOf(f), none));
  });

  it('shows method shorthand as a member, and private/computed keys as plain names', () => {
    expect(opOf(obj.shorthand)).toMatch(/^js:shorthand\(x\) \{/);
    expect(opOf(getter)).toMatch(/^js:get getter\(\) \{/);
    expect(opOf(Shapes.secret())).toMatch(/^js:secret\(x\)/);
    expect(opOf(Shapes.prototype.computed)).toMatch(/^js:(["'])computed\1\(x\)/);
  });

  it('turns vite dynamic imports back into import() with absolute paths', () => {
    const op = opOf(shapes.find((s) => s[0].startsWith('dynamic import of a relative'))![1]);
    expect(op).not.toContain('__vite_ssr');
    expect(op).toContain(JSON.stringify(pathToFileURL(fixtures).href));
  });

  it('unwraps esbuild __name helpers', async () => {
    // What esbuild's keepNames leaves inside a function's source.
    const f = new Function('__name', 'return (x) => { const g = /* @__PURE__ */ __name((y) => y * 2, "g"); return g(x); }')(
      (fn: unknown) => fn,
    );
    expect(await (await roundTrip(f))(4)).toBe(8);
  });

  it('runs in a real worker thread with the compiled loader', async () => {
    const loader = pathToFileURL(path.join(root, 'dist/src/worker/load-fn.js')).href;
    const cases: Array<[string, unknown[], unknown]> = [
      [opOf((x: number) => x * 2), [21], 42],
      [opOf(obj.shorthand), [5], 10],
      [opOf(getter), [], 42],
      [opOf(Math.hypot), [3, 4], 5],
      [opOf(async (p: string) => (await import('node:path')).extname(p)), ['a.ts'], '.ts'],
      [opOf(async (ms: number) => (await import('../fixtures/tasks.mjs')).spin(ms, 'spun')), [0], 'spun'],
      [opOf(fromModule(fixtures, 'spin')), [0, 'mod'], 'mod'],
    ];
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.loader).then(async ({ loadFunction }) => {
        const out = [];
        for (const [op, args] of workerData.cases) {
          try { out.push(await (await loadFunction(op, new Map()))(...args)); } catch (e) { out.push('error: ' + e.message); }
        }
        parentPort.postMessage(out);
      });`;
    const worker = new Worker(code, { eval: true, workerData: { loader, cases } });
    try {
      const out = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(out).toEqual(cases.map((c) => c[2]));
    } finally {
      await worker.terminate();
    }
  });
});

// ---- scope analysis --------------------------------------------------------------------------

describe('freeVariables: scoping constructs', () => {
  it.each([
    ['parameter', '(x) => x'],
    ['default parameter reading an earlier one', '(a, b = a) => b'],
    ['destructured parameters', '({ a, b: [c, ...d], e: { f = 1 } }) => a + c + d + f'],
    ['rest parameter', '(...xs) => xs'],
    ['var is hoisted', '() => { x = 1; return x; var x; }'],
    ['let and const', '() => { let a = 1; const b = a; return b; }'],
    ['function declarations are hoisted', '() => { return f(); function f() { return 1; } }'],
    ['class declaration', '() => { class A {} return new A(); }'],
    ['class expression names itself', '() => class B { static m() { return B; } }'],
    ['named function expression names itself', 'function f(n) { return n ? f(n - 1) : 0; }'],
    ['catch parameter', '() => { try { } catch (e) { return e; } }'],
    ['catch destructuring', '() => { try { } catch ({ message: m }) { return m; } }'],
    ['for (let …)', '() => { for (let i = 0; i < 3; i++) { } }'],
    ['for (const … of …)', '(xs) => { for (const [k, v] of xs) { k + v; } }'],
    ['for (var … in …) leaks to the function', '(o) => { for (var k in o) { } return k; }'],
    ['labels are not variables', '() => { outer: for (;;) { break outer; } }'],
    ['member properties are not references', '(o) => o.foo.bar?.baz'],
    ['object keys are not references', '() => ({ foo: 1, "bar": 2, 3: 3, get g() { return 1; } })'],
    ['class members are not references', '() => class { foo = 1; static bar() {} #baz; get qux() { return this.#baz; } }'],
    ['arguments, this, new.target in a function', 'function () { return [arguments, this, new.target]; }'],
    ['this in class fields and static blocks', '() => class { a = this; static { this.b = 1; } }'],
    ['super in a method inside', '() => ({ m() { return super.m; } })'],
    ['this in an arrow inside a function', 'function () { return () => this; }'],
    ['worker globals', '() => [Math, JSON, Map, Float64Array, console, process, Buffer, globalThis, undefined, NaN, structuredClone, TextEncoder, URL, setTimeout, performance, Atomics, SharedArrayBuffer, Intl, BigInt]'],
    ['typeof of anything', '() => typeof window + typeof document'],
    ['dynamic import', 'async () => (await import("node:fs")).readFileSync'],
    ['method shorthand source', 'f(x) { return x; }'],
    ['getter source', 'get g() { return 1; }'],
    ['private method source', '#p(x) { return x; }'],
    ['switch cases share a scope', '(x) => { switch (x) { case 1: let y = 2; break; default: return y; } }'],
    ['assignment to a declared name', '() => { let a; [a] = [1]; ({ a } = { a: 2 }); a += 1; return a; }'],
  ])('%s: nothing free', (_name, source) => {
    expect(freeVariables(source)).toEqual([]);
  });

  it.each([
    ['a closed-over variable', '(x) => x + k', ['k']],
    ['shorthand property is a reference', '() => ({ k })', ['k']],
    ['computed member', '(o) => o[k]', ['k']],
    ['computed object key', '() => ({ [k]: 1 })', ['k']],
    ['block-scoped let does not leak', '() => { { let a = 1; } return a; }', ['a']],
    ['for (let …) does not leak', '() => { for (let i = 0; ; ) { break; } return i; }', ['i']],
    ['catch parameter does not leak', '() => { try { } catch (e) { } return e; }', ['e']],
    ['default parameter reading outside', '(a = k) => a', ['k']],
    ['default parameter does not see body vars', 'function (a = b) { var b; return a; }', ['b']],
    ['computed key in a destructuring pattern', '({ [k]: v }) => v', ['k']],
    ['assignment target', '() => { k = 1; }', ['k']],
    ['destructuring assignment targets', '() => { [a, { b: c }] = [1, { b: 2 }]; }', ['a', 'c']],
    ['update expression', '() => k++', ['k']],
    ['arguments of a top-level arrow', '() => arguments[0]', ['arguments']],
    ['this of a top-level arrow', '() => this.x', ['this']],
    ['extends', '() => class extends Base {}', ['Base']],
    ['class field value', '() => class { x = k; }', ['k']],
    ['call of an outer function', 'function f() { return g(); }', ['g']],
    ['require', '() => require("fs")', ['require']],
    ['a label with the same name', '() => { k: for (;;) { break k; } return k; }', ['k']],
    ['typeof and a real use', '() => (typeof k === "number" ? k : 0)', ['k']],
    ['parameter of an inner function does not leak', '() => { function f(a) {} return a; }', ['a']],
    ['tagged template tag', '(x) => tag`a${x}`', ['tag']],
    ['template literal', '() => `${k}`', ['k']],
    ['first use order, no duplicates', '(x) => b + a + b + x', ['b', 'a']],
    ['new', '() => new Thing()', ['Thing']],
    ['method source uses its own name', 'f(x) { return f(x); }', ['f']],
  ])('%s: %j', (_name, source, free) => {
    expect(freeVariables(source)).toEqual(free);
  });
});

// fast-check: a random name bound by a random construct is never reported; unbound, always.
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval of async get set').split(' '),
);
const FIXED = new Set(['a', 'o', 'xs', 'f', 'k0', 'm']);
const identifier = fc
  .stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,7}$/)
  .filter((n) => !RESERVED.has(n) && !FIXED.has(n) && !(n in globalThis) && !n.startsWith('__'));

const boundIn: Array<(n: string) => string> = [
  (n) => `(${n}) => ${n}`,
  (n) => `function (${n}) { return ${n}; }`,
  (n) => `() => { let ${n} = 1; return ${n}; }`,
  (n) => `() => { const { ${n} } = {}; return ${n}; }`,
  (n) => `() => { ${n} = 2; return ${n}; var ${n}; }`,
  (n) => `() => { try { throw 1; } catch (${n}) { return ${n}; } }`,
  (n) => `() => { try { } catch ({ a: [${n}] }) { return ${n}; } }`,
  (n) => `(xs) => { for (const ${n} of xs) { return ${n}; } }`,
  (n) => `(o) => { for (const ${n} in o) return ${n}; }`,
  (n) => `([${n}] = []) => ${n}`,
  (n) => `({ a: { b: ${n} = 1 } }) => ${n}`,
  (n) => `(...${n}) => ${n}`,
  (n) => `() => { return ${n}(); function ${n}() { return 1; } }`,
  (n) => `() => { class ${n} { m() { return ${n}; } } return ${n}; }`,
  (n) => `function ${n}() { return ${n}; }`,
  (n) => `() => (function ${n}() { return ${n}; })`,
  (n) => `() => { { let ${n}; { return () => ${n}; } } }`,
  (n) => `(${n}) => () => () => ({ ${n} })`,
  (n) => `() => { for (let ${n} = 0; ${n} < 1; ${n}++) { } }`,
  (n) => `m(${n}) { return ${n}; }`,
  (n) => `(${n}) => { ${n}: for (;;) { break ${n}; } return ${n}; }`,
  (n) => `(${n}) => { switch (1) { case 1: return ${n}; } }`,
];
const freeIn: Array<(n: string) => string> = [
  (n) => `() => ${n}`,
  (n) => `(a) => a + ${n}`,
  (n) => `() => ({ ${n} })`,
  (n) => `(o) => o[${n}]`,
  (n) => `() => { { let ${n}; } return ${n}; }`,
  (n) => `() => { try { } catch (${n}) { } return ${n}; }`,
  (n) => `() => { for (const ${n} of []) { } return ${n}; }`,
  (n) => `(a = ${n}) => a`,
  (n) => `() => { ${n} = 1; }`,
  (n) => `() => { ${n}: for (;;) { break ${n}; } return ${n}; }`,
  (n) => `() => class extends ${n} { }`,
  (n) => `() => { function f(${n}) { } return ${n}; }`,
  (n) => `(o) => o.${n} + ${n}`,
  (n) => `() => ({ ${n}: ${n} })`,
  (n) => `() => \`\${${n}}\``,
  (n) => `() => { const f = function ${n}() { }; return ${n}; }`,
  (n) => `() => [...${n}]`,
];
// Wrappers that put the body in another scope without binding anything.
const wrap: Array<(body: string) => string> = [
  (b) => b,
  (b) => `() => ${b}`,
  (b) => `(k0) => { if (k0) { return ${b}; } }`,
  (b) => `function () { return [${b}]; }`,
];

describe('freeVariables: property', () => {
  it('bound names are never reported, unbound ones always are', () => {
    fc.assert(
      fc.property(
        identifier,
        identifier,
        fc.constantFrom(...boundIn),
        fc.constantFrom(...freeIn),
        fc.constantFrom(...wrap),
        (bound, free, bind, leave, outer) => {
          fc.pre(bound !== free);
          // The bound construct and the free use side by side, inside a random wrapper.
          const inner = bind(bound);
          const bindExpr = inner.startsWith('m(') ? `({ ${inner} })` : `(${inner})`;
          expect(freeVariables(outer(`() => [${bindExpr}, (${leave(free)})]`))).toEqual([free]);
          expect(freeVariables(inner)).toEqual([]);
          expect(freeVariables(leave(free))).toEqual([free]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---- errors people see ----------------------------------------------------------------------

describe('FreeVariable errors', () => {
  it('names the variable, the function and the fix', () => {
    const scale = 3;
    const times = (x: number) => x * scale;
    const err = thrown(() => opOf(times)) as TuskError;
    expect(isTuskError(err, 'FreeVariable')).toBe(true);
    expect(err.message).toContain("function 'times' uses scale, which is not defined inside it");
    expect(err.message).toContain('pass it as an argument, or import it inside the function, or use fromModule(path, name)');
    expect(err.context).toMatchObject({ function: 'times', variables: ['scale'] });
  });

  it('names an anonymous function by its first line, and lists several variables', () => {
    const a = 1;
    const b = 2;
    const err = thrown(() => opOf([(x: number) => x + a + b][0], 'fn', 'map')) as TuskError;
    expect(err.message).toMatch(/^map: function `\(x\) => x \+ a \+ b` uses a, b, which are not defined inside it/);
  });

  it('reports an imported binding by its name, not vitest\'s rewrite', () => {
    const err = thrown(() => opOf((x: string) => closest(x, ['a']))) as TuskError;
    expect(isTuskError(err, 'FreeVariable')).toBe(true);
    expect(err.message).toContain('uses closest (an import)');
    expect(err.message).not.toMatch(/uses __vite_ssr/);
    const viaDefault = thrown(() => opOf((p: string) => path.basename(p))) as TuskError;
    expect(viaDefault.message).toMatch(/uses (a default import|path)/);
  });

  it('explains this, arguments, require and compiler helpers', () => {
    const holder = { v: 1, make() { return () => this.v; } };
    expect((thrown(() => opOf(holder.make())) as Error).message).toMatch(/uses this.*does not travel/s);
    expect((thrown(() => opOf(new Function('return () => require("fs")')())) as Error).message).toMatch(/instead of require/);
    expect((thrown(() => opOf(new Function('return () => __awaiter(1)')())) as Error).message).toMatch(/helper injected by a compiler/);
  });

  it('relative import() in source not seen by vite is an error', () => {
    const f = new Function('return async () => import("./x.js")')();
    expect((thrown(() => opOf(f)) as Error).message).toMatch(/relative path/);
  });
});

// ---- module exports --------------------------------------------------------------------------

describe('fromModule', () => {
  it('makes a mod: op with an absolute file URL, from a path relative to cwd', () => {
    const rel = path.relative(process.cwd(), fixtures);
    const h = fromModule(rel, 'spin');
    expect(opOf(h)).toBe(`mod:${pathToFileURL(fixtures).href}#spin`);
    expect(h.name).toBe('spin');
    expect(h.exportName).toBe('spin');
    expect(opOf(fromModule(pathToFileURL(fixtures), 'spin'))).toBe(opOf(h));
  });

  it('loads the export on the worker side, async first then sync from cache', async () => {
    const op = opOf(fromModule(fixtures, 'spin'));
    const f = await loadFunction(op, none);
    expect(f(0, 'x')).toBe('x');
    expect(loadFunctionSync(op, none)).toBe(f);
  });

  it('a local call imports and calls the export', async () => {
    expect(await fromModule(fixtures, 'spin')(0, 'local')).toBe('local');
  });

  it('a missing file is a clear error naming the path', () => {
    const err = thrown(() => fromModule('no/such/file.mjs', 'f')) as TuskError;
    expect(isTuskError(err, 'InvalidArgument')).toBe(true);
    expect(err.message).toContain(path.resolve('no/such/file.mjs'));
    expect(err.message).toContain("'no/such/file.mjs' resolved against the working directory");
    expect(() => fromModule(fixtures, '')).toThrow(/export name/);
  });

  it('a missing export is a clear error listing the exports', async () => {
    const op = opOf(fromModule(fixtures, 'spinn'));
    const err = (await loadFunction(op, none).catch((e: unknown) => e)) as TuskError;
    expect(isTuskError(err, 'InvalidArgument')).toBe(true);
    expect(err.message).toMatch(/has no export 'spinn'; its exports are: .*\bspin\b/);
    expect(err.message).toContain("did you mean 'spin'?");
    expect(loadFunctionSync(op, none)).toBeUndefined();
  });
});

describe('toRunnableModuleUrl', () => {
  it('maps src/ and examples/ TypeScript to dist/ twins', () => {
    const src = pathToFileURL(path.join(root, 'src/worker/load-fn.ts'));
    expect(toRunnableModuleUrl(src).href).toBe(pathToFileURL(path.join(root, 'dist/src/worker/load-fn.js')).href);
    const example = path.join(root, 'examples/01-futures.ts');
    const built = path.join(root, 'dist/examples/01-futures.js');
    if (fs.existsSync(example) && fs.existsSync(built)) {
      expect(toRunnableModuleUrl(example).href).toBe(pathToFileURL(built).href);
    }
  });

  it('maps a .js under src/ that exists only compiled (what the pool asks for)', () => {
    const url = new URL('../../src/worker/thread.js', import.meta.url);
    expect(toRunnableModuleUrl(url).href).toBe(pathToFileURL(path.join(root, 'dist/src/worker/thread.js')).href);
  });

  it('prefers a sibling .js, and leaves everything else alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-ship-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;');
      fs.writeFileSync(path.join(dir, 'a.js'), 'export const a = 1;');
      fs.writeFileSync(path.join(dir, 'b.ts'), 'export const b = 1;');
      expect(toRunnableModuleUrl(path.join(dir, 'a.ts')).href).toBe(pathToFileURL(path.join(dir, 'a.js')).href);
      expect(toRunnableModuleUrl(path.join(dir, 'b.ts')).href).toBe(pathToFileURL(path.join(dir, 'b.ts')).href);
      expect(toRunnableModuleUrl(pathToFileURL(fixtures)).href).toBe(pathToFileURL(fixtures).href);
      expect(toRunnableModuleUrl('https://example.com/x.ts').href).toBe('https://example.com/x.ts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadFunction: other ops', () => {
  it('finds registered ops by name', async () => {
    expect(await loadFunction('sin', builtinOps)).toBe(builtinOps.get('sin'));
  });

  it('an unknown op suggests a close name', () => {
    expect(() => loadFunctionSync('sine', builtinOps)).toThrow(/unknown op 'sine'.*did you mean 'sin'/s);
  });

  it('a source that is not a function is an error', () => {
    expect(() => loadFunctionSync('js:42', none)).toThrow(/not a function/);
    expect(() => loadFunctionSync('js:(x) =>', none)).toThrow(/does not compile/);
  });
});
