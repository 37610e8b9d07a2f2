/**
 * Deterministic keys (DESIGN decision 2): `name-token`, where the token hashes the op and its
 * inputs, so the same expression built twice gets the same key and runs once.
 *
 * Values are written into one canonical string (binary data enters as its own SHA-1 digest)
 * that is hashed once: much cheaper than a streaming hash object per call when, as with most
 * task arguments, the values are small.
 */
import { createHash, hash } from 'node:crypto';
import { isPlainObject, isRef } from './types.js';

const TOKEN_HEX = 24; // 96 bits: collisions are not a practical concern at any graph size

/** Hash any mix of plain data, typed arrays and refs into a hex token. */
export function tokenize(...values: unknown[]): string {
  const parts: string[] = [];
  for (const v of values) feed(parts, v, 0);
  return hash('sha1', parts.join(''), 'hex').slice(0, TOKEN_HEX);
}

let uniqueCounter = 0;
const processSalt = `${process.pid.toString(36)}${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

/** A token that is never equal to another one (for impure tasks). */
export function uniqueToken(): string {
  uniqueCounter++;
  return hash('sha1', `${processSalt}:${uniqueCounter}`, 'hex').slice(0, TOKEN_HEX);
}

function digest(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function feed(out: string[], v: unknown, depth: number): void {
  if (depth > 64) throw new Error('tokenize: value nested more than 64 levels deep (a cycle?)');
  switch (typeof v) {
    case 'number':
      out.push(Object.is(v, -0) ? 'n:-0;' : `n:${v};`);
      return;
    case 'string':
      out.push(`s:${v.length}:`, v);
      return;
    case 'boolean':
      out.push(v ? 'T;' : 'F;');
      return;
    case 'bigint':
      out.push(`b:${v};`);
      return;
    case 'undefined':
      out.push('u;');
      return;
    case 'function':
      out.push(`f:${v.name}:${v.toString().length}:`, v.toString());
      return;
    case 'symbol':
      out.push(`y:${v.description ?? ''};`);
      return;
  }
  if (v === null) {
    out.push('N;');
    return;
  }
  if (ArrayBuffer.isView(v)) {
    out.push(`t:${v.constructor.name}:${v.byteLength}:`, digest(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
    return;
  }
  if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) {
    out.push(`ab:${v.byteLength}:`, digest(new Uint8Array(v)));
    return;
  }
  if (Array.isArray(v)) {
    out.push(`a:${v.length}[`);
    for (const x of v) feed(out, x, depth + 1);
    out.push(']');
    return;
  }
  if (isRef(v)) {
    out.push(`r:${v.$ref.length}:`, v.$ref);
    return;
  }
  if (v instanceof Date) {
    out.push(`d:${v.getTime()};`);
    return;
  }
  if (v instanceof Map) {
    out.push(`m:${v.size}{`);
    for (const [k, x] of v) {
      feed(out, k, depth + 1);
      feed(out, x, depth + 1);
    }
    out.push('}');
    return;
  }
  if (v instanceof Set) {
    out.push(`S:${v.size}{`);
    for (const x of v) feed(out, x, depth + 1);
    out.push('}');
    return;
  }
  const tokenFn = (v as { __tuskToken__?: unknown }).__tuskToken__;
  if (typeof tokenFn === 'function') {
    const t = String(tokenFn.call(v));
    out.push(`k:${t.length}:`, t);
    return;
  }
  // Plain objects and other class instances: by sorted own enumerable keys, tagged with the class name.
  const name = isPlainObject(v) ? 'o' : `c:${(v as object).constructor?.name ?? '?'}`;
  const keys = Object.keys(v as object).sort();
  out.push(`${name}:${keys.length}{`);
  for (const k of keys) {
    out.push(`${k.length}:`, k, '=');
    feed(out, (v as Record<string, unknown>)[k], depth + 1);
  }
  out.push('}');
}

/** The readable prefix of a key: `sin-3fa2…` → `sin`. */
export function keyName(key: string): string {
  const i = key.lastIndexOf('-');
  return i > 0 ? key.slice(0, i) : key;
}
