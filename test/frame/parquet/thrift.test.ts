/**
 * The compact-protocol codec keeps everything: random structs (every type, nested lists and
 * structs, field-id gaps that need the long header form) decode to what was encoded, and a real
 * footer re-encodes to the same bytes.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../src/frame/parquet/index.js';
import {
  decodeStruct,
  encodeStruct,
  T_BINARY,
  T_BYTE,
  T_DOUBLE,
  T_I16,
  T_I32,
  T_I64,
  T_LIST,
  T_STRUCT,
  T_TRUE,
  ThriftError,
  type ThriftStruct,
  type ThriftValue,
} from '../../../src/frame/parquet/thrift.js';
import { removeTmp, tmpPath } from './helpers.js';

afterAll(removeTmp);

const scalar: Record<number, fc.Arbitrary<ThriftValue>> = {
  [T_TRUE]: fc.boolean(),
  [T_BYTE]: fc.integer({ min: -128, max: 127 }),
  [T_I16]: fc.integer({ min: -32768, max: 32767 }),
  [T_I32]: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  [T_I64]: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  [T_DOUBLE]: fc.double({ noNaN: true }),
  [T_BINARY]: fc.uint8Array({ maxLength: 20 }),
};
const scalarTypes = Object.keys(scalar).map(Number);

const { struct } = fc.letrec<{ struct: ThriftStruct; value: [number, ThriftValue] }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...scalarTypes).chain((t) => scalar[t]!.map((v): [number, ThriftValue] => [t, v])),
    fc.constantFrom(...scalarTypes).chain((t) =>
      fc.array(scalar[t]!, { maxLength: 20 }).map((items): [number, ThriftValue] => [T_LIST, { kind: 'list', elemType: t, items }]),
    ),
    fc.array(tie('struct') as fc.Arbitrary<ThriftStruct>, { maxLength: 3 }).map((items): [number, ThriftValue] => [T_LIST, { kind: 'list', elemType: T_STRUCT, items }]),
    (tie('struct') as fc.Arbitrary<ThriftStruct>).map((s): [number, ThriftValue] => [T_STRUCT, s]),
  ),
  struct: fc
    .uniqueArray(fc.tuple(fc.integer({ min: 1, max: 300 }), tie('value') as fc.Arbitrary<[number, ThriftValue]>), { selector: ([id]) => id, maxLength: 6 })
    .map((fields) => ({ kind: 'struct' as const, fields: fields.sort((a, b) => a[0] - b[0]).map(([id, [type, value]]) => ({ id, type, value })) })),
}));

describe('thrift compact codec', () => {
  it('decode(encode(s)) is s', () => {
    fc.assert(
      fc.property(struct, (s) => {
        expect(decodeStruct(encodeStruct(s))).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it('a real footer re-encodes byte for byte', async () => {
    const file = tmpPath();
    await writeParquet(file, [new Table({ a: vectorFromArray([1n, 2n, null], new Int64()), s: vectorFromArray(['x', null, 'z'], new Utf8()) })], { rowGroupSize: 2 });
    const bytes = new Uint8Array(fs.readFileSync(file));
    const len = new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    const footer = bytes.subarray(bytes.length - 8 - len, bytes.length - 8);
    expect(encodeStruct(decodeStruct(footer))).toEqual(footer);
  });

  it('truncated input is a ThriftError, not a crash or a hang', () => {
    fc.assert(
      fc.property(struct, fc.nat(), (s, cut) => {
        const bytes = encodeStruct(s);
        if (bytes.length < 2) return;
        const short = bytes.subarray(0, cut % (bytes.length - 1));
        expect(() => decodeStruct(short)).toThrow(ThriftError);
      }),
      { numRuns: 300 },
    );
  });
});
