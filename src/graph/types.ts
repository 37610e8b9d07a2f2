/**
 * The graph layer: plain data, no I/O, no async (DESIGN decision 1).
 *
 * A task is `{ op, args }` (and `extract: true` for a task that takes one part of its input). `op` names a function the worker can find (a registered op,
 * `Math.sin`, `js:<source>` or `mod:<url>#<export>`). An argument is a literal, a reference to
 * another task's result (`{ $ref: key }`), or arrays / plain objects nesting them. A literal that
 * is itself a plain object with a `$ref` or `$lit` field is quoted as `{ $lit: value }`.
 */

export type Key = string;

export interface Ref {
  readonly $ref: Key;
}

export interface Lit {
  readonly $lit: unknown;
}

export interface Task {
  readonly op: string;
  readonly args: readonly unknown[];
  /**
   * The task takes one part of its single input (a bucket of a list, a piece of a split table):
   * the static order runs it right after that input, with the input's other extractors, so the
   * input is released once split (graph/order.ts).
   */
  readonly extract?: true;
}

/** A task graph: key → task. A key whose value is not a task is a literal already computed. */
export type Graph = Readonly<Record<Key, Task>>;

export function ref(key: Key): Ref {
  return { $ref: key };
}

export function isRef(x: unknown): x is Ref {
  return typeof x === 'object' && x !== null && typeof (x as { $ref?: unknown }).$ref === 'string' && Object.keys(x).length === 1;
}

export function isLit(x: unknown): x is Lit {
  return typeof x === 'object' && x !== null && '$lit' in x && Object.keys(x).length === 1;
}

/** Plain objects (object literals) are containers to walk; class instances and typed arrays are opaque values. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Every key a task argument refers to, in first-seen order. */
export function collectRefs(arg: unknown, into: Set<Key> = new Set()): Set<Key> {
  if (Array.isArray(arg)) {
    for (const a of arg) collectRefs(a, into);
  } else if (isPlainObject(arg)) {
    if (isRef(arg)) into.add(arg.$ref);
    else if (!isLit(arg)) for (const k in arg) collectRefs(arg[k], into);
  }
  return into;
}

export function taskDependencies(task: Task): Set<Key> {
  return collectRefs(task.args);
}

/**
 * Replace every reference in `arg` by `lookup(key)`; unwrap quoted literals.
 * Containers are copied only when something inside them changed.
 */
export function substituteRefs(arg: unknown, lookup: (key: Key) => unknown): unknown {
  if (Array.isArray(arg)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < arg.length; i++) {
      const v = substituteRefs(arg[i], lookup);
      if (v !== arg[i]) {
        out ??= arg.slice();
        out[i] = v;
      }
    }
    return out ?? arg;
  }
  if (isPlainObject(arg)) {
    if (isRef(arg)) return lookup(arg.$ref);
    if (isLit(arg)) return arg.$lit;
    let out: Record<string, unknown> | undefined;
    for (const k in arg) {
      const v = substituteRefs(arg[k], lookup);
      if (v !== arg[k]) {
        out ??= { ...arg };
        out[k] = v;
      }
    }
    return out ?? arg;
  }
  return arg;
}

/** Quote a user value so that plain objects shaped like refs are never mistaken for refs. */
export function quote(value: unknown): unknown {
  if (isPlainObject(value) && ('$ref' in value || '$lit' in value)) return { $lit: value };
  return value;
}
