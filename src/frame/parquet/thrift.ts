/**
 * Thrift compact protocol, generically: a Parquet footer decodes to a tree of fields that keeps
 * every field it does not understand, so a footer can be edited (offsets shifted, row groups
 * merged or pruned) and written back without losing anything a newer writer put there.
 *
 * Only the compact protocol (the one Parquet uses). A struct is its fields in wire order; a
 * field's value is typed by its compact type tag, so re-encoding is exact.
 */

export const T_TRUE = 1;
export const T_FALSE = 2;
export const T_BYTE = 3;
export const T_I16 = 4;
export const T_I32 = 5;
export const T_I64 = 6;
export const T_DOUBLE = 7;
export const T_BINARY = 8;
export const T_LIST = 9;
export const T_SET = 10;
export const T_MAP = 11;
export const T_STRUCT = 12;

export type ThriftValue = boolean | number | bigint | Uint8Array | ThriftList | ThriftStruct | ThriftMap;

export interface ThriftField {
  id: number;
  /** Compact type tag; booleans are stored as T_TRUE (the value says which). */
  type: number;
  value: ThriftValue;
}

export interface ThriftStruct {
  kind: 'struct';
  fields: ThriftField[];
}

export interface ThriftList {
  kind: 'list';
  elemType: number;
  items: ThriftValue[];
}

export interface ThriftMap {
  kind: 'map';
  keyType: number;
  valueType: number;
  entries: [ThriftValue, ThriftValue][];
}

/** Thrown on bytes that are not a well-formed compact struct; callers turn it into a FileFormat error. */
export class ThriftError extends Error {}

export function decodeStruct(bytes: Uint8Array): ThriftStruct {
  const r = new Reader(bytes);
  const s = r.struct(0);
  return s;
}

export function encodeStruct(s: ThriftStruct): Uint8Array {
  const w = new Writer();
  w.struct(s);
  return w.bytes();
}

const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new ThriftError(`unexpected end of metadata at byte ${this.pos}`);
    return this.buf[this.pos++]!;
  }

  private varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new ThriftError(`varint too long at byte ${this.pos}`);
    }
  }

  private varint32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      if (shift < 28) result |= (b & 0x7f) << shift;
      else result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 35) throw new ThriftError(`varint too long at byte ${this.pos}`);
    }
  }

  private zigzag32(): number {
    const n = this.varint32();
    return (n >>> 1) ^ -(n & 1);
  }

  private zigzag64(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private binary(): Uint8Array {
    const len = this.varint32();
    if (this.pos + len > this.buf.length) throw new ThriftError(`a ${len}-byte string runs past the end of the metadata`);
    const out = this.buf.slice(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  private value(type: number, depth: number, inContainer: boolean): ThriftValue {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        // Inside a container a boolean is a byte of its own (1 = true); in a field header the type says.
        return inContainer ? this.byte() === T_TRUE : type === T_TRUE;
      case T_BYTE: {
        const b = this.byte();
        return b > 127 ? b - 256 : b;
      }
      case T_I16:
      case T_I32:
        return this.zigzag32();
      case T_I64:
        return this.zigzag64();
      case T_DOUBLE: {
        if (this.pos + 8 > this.buf.length) throw new ThriftError('a double runs past the end of the metadata');
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case T_BINARY:
        return this.binary();
      case T_LIST:
      case T_SET: {
        const head = this.byte();
        const elemType = head & 0x0f;
        let size = head >> 4;
        if (size === 15) size = this.varint32();
        if (size > this.buf.length - this.pos) throw new ThriftError(`a list of ${size} items cannot fit in the metadata`);
        const items: ThriftValue[] = [];
        for (let i = 0; i < size; i++) items.push(this.value(elemType, depth + 1, true));
        return { kind: 'list', elemType, items };
      }
      case T_MAP: {
        const size = this.varint32();
        if (size > this.buf.length - this.pos) throw new ThriftError(`a map of ${size} entries cannot fit in the metadata`);
        if (size === 0) return { kind: 'map', keyType: 0, valueType: 0, entries: [] };
        const kv = this.byte();
        const keyType = kv >> 4;
        const valueType = kv & 0x0f;
        const entries: [ThriftValue, ThriftValue][] = [];
        for (let i = 0; i < size; i++) entries.push([this.value(keyType, depth + 1, true), this.value(valueType, depth + 1, true)]);
        return { kind: 'map', keyType, valueType, entries };
      }
      case T_STRUCT:
        return this.struct(depth + 1);
      default:
        throw new ThriftError(`unknown thrift type ${type} at byte ${this.pos}`);
    }
  }

  struct(depth: number): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError('metadata nests too deeply');
    const fields: ThriftField[] = [];
    let lastId = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return { kind: 'struct', fields };
      const type = head & 0x0f;
      const delta = head >> 4;
      const id = delta === 0 ? this.zigzag32() : lastId + delta;
      lastId = id;
      const value = this.value(type, depth, false);
      fields.push({ id, type: type === T_FALSE ? T_TRUE : type, value });
    }
  }
}

class Writer {
  private buf = new Uint8Array(1024);
  private pos = 0;

  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b & 0xff;
  }

  private varint(n: bigint): void {
    let v = BigInt.asUintN(64, n);
    for (;;) {
      if (v < 0x80n) {
        this.byte(Number(v));
        return;
      }
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
  }

  private zigzag32(n: number): void {
    this.varint(BigInt(((n << 1) ^ (n >> 31)) >>> 0));
  }

  private zigzag64(n: bigint): void {
    this.varint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
  }

  private value(type: number, v: ThriftValue): void {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        this.byte(v === true ? T_TRUE : T_FALSE);
        return;
      case T_BYTE:
        this.byte(Number(v));
        return;
      case T_I16:
      case T_I32:
        this.zigzag32(Number(v));
        return;
      case T_I64:
        this.zigzag64(BigInt(v as number | bigint));
        return;
      case T_DOUBLE: {
        this.ensure(8);
        new DataView(this.buf.buffer).setFloat64(this.pos, v as number, true);
        this.pos += 8;
        return;
      }
      case T_BINARY: {
        const b = v as Uint8Array;
        this.varint(BigInt(b.length));
        this.ensure(b.length);
        this.buf.set(b, this.pos);
        this.pos += b.length;
        return;
      }
      case T_LIST:
      case T_SET: {
        const l = v as ThriftList;
        if (l.items.length < 15) this.byte((l.items.length << 4) | l.elemType);
        else {
          this.byte(0xf0 | l.elemType);
          this.varint(BigInt(l.items.length));
        }
        for (const item of l.items) this.value(l.elemType, item);
        return;
      }
      case T_MAP: {
        const m = v as ThriftMap;
        this.varint(BigInt(m.entries.length));
        if (m.entries.length === 0) return;
        this.byte((m.keyType << 4) | m.valueType);
        for (const [k, val] of m.entries) {
          this.value(m.keyType, k);
          this.value(m.valueType, val);
        }
        return;
      }
      case T_STRUCT:
        this.struct(v as ThriftStruct);
        return;
      default:
        throw new ThriftError(`cannot write thrift type ${type}`);
    }
  }

  struct(s: ThriftStruct): void {
    let lastId = 0;
    for (const f of [...s.fields].sort((a, b) => a.id - b.id)) {
      const isBool = f.type === T_TRUE || f.type === T_FALSE;
      const type = isBool ? (f.value === true ? T_TRUE : T_FALSE) : f.type;
      const delta = f.id - lastId;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag32(f.id);
      }
      lastId = f.id;
      if (!isBool) this.value(type, f.value);
    }
    this.byte(0);
  }
}

// Field access for the footer code: typed getters that say what they expected when a footer lies.

export function field(s: ThriftStruct, id: number): ThriftField | undefined {
  for (const f of s.fields) if (f.id === id) return f;
  return undefined;
}

export function getInt(s: ThriftStruct, id: number): number | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new ThriftError(`field ${id} should be an integer`);
}

export function getBigInt(s: ThriftStruct, id: number): bigint | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  throw new ThriftError(`field ${id} should be an integer`);
}

export function getBool(s: ThriftStruct, id: number): boolean | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  throw new ThriftError(`field ${id} should be a boolean`);
}

export function getBytes(s: ThriftStruct, id: number): Uint8Array | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (v instanceof Uint8Array) return v;
  throw new ThriftError(`field ${id} should be binary`);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function getString(s: ThriftStruct, id: number): string | undefined {
  const b = getBytes(s, id);
  return b === undefined ? undefined : utf8.decode(b);
}

export function getStruct(s: ThriftStruct, id: number): ThriftStruct | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (typeof v === 'object' && !(v instanceof Uint8Array) && v.kind === 'struct') return v;
  throw new ThriftError(`field ${id} should be a struct`);
}

export function getList(s: ThriftStruct, id: number): ThriftValue[] | undefined {
  const v = field(s, id)?.value;
  if (v === undefined) return undefined;
  if (typeof v === 'object' && !(v instanceof Uint8Array) && v.kind === 'list') return v.items;
  throw new ThriftError(`field ${id} should be a list`);
}

export function getStructList(s: ThriftStruct, id: number): ThriftStruct[] {
  const items = getList(s, id) ?? [];
  return items.map((v) => {
    if (typeof v === 'object' && !(v instanceof Uint8Array) && v.kind === 'struct') return v;
    throw new ThriftError(`field ${id} should be a list of structs`);
  });
}

/** A copy of `s` with field `id` set (replaced or added). */
export function withField(s: ThriftStruct, id: number, type: number, value: ThriftValue): ThriftStruct {
  return { kind: 'struct', fields: [...s.fields.filter((f) => f.id !== id), { id, type, value }] };
}

/** A copy of `s` without the fields in `ids`. */
export function withoutFields(s: ThriftStruct, ids: readonly number[]): ThriftStruct {
  return { kind: 'struct', fields: s.fields.filter((f) => !ids.includes(f.id)) };
}

export function structList(items: ThriftStruct[]): ThriftList {
  return { kind: 'list', elemType: T_STRUCT, items };
}
