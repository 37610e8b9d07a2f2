/**
 * numpy itself as the reference: fixtures/numpy-fixtures.json holds numpy's answers for every
 * op, dtype pair, cast and promotion (regenerate with fixtures/make-numpy-fixtures.py).
 * IEEE-exact ops must match to the bit (−0 and NaN included); transcendental ones within an
 * ulp or two, since numpy calls the platform's libm and we call V8's.
 */
import { describe, expect, test } from 'vitest';
import type { Dtype } from '../../src/kernels/dtypes.js';
import { astype, binary, unary } from '../../src/kernels/ops/elementwise.js';
import { type BinaryOp, type UnaryOp, binaryResultType, unaryResultType } from '../../src/kernels/ops/names.js';
import { type DtypeLike, concrete } from '../../src/kernels/promote.js';
import { decode, loadNumpyFixtures, make, same, ulpsApart } from './helpers.js';

const fx = loadNumpyFixtures();
const INEXACT = new Set(['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'power']);

function check(op: string, outDtype: Dtype, got: ArrayLike<number>, expected: number[], context: () => string): void {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const g = got[i]!;
    const ok = INEXACT.has(op) && (outDtype === 'float32' || outDtype === 'float64') ? ulpsApart(g, e, outDtype) <= 2 : same(g, e);
    if (!ok) expect.fail(`${context()} element ${i}: got ${g}, numpy gives ${e}`);
  }
}

describe('unary ops match numpy', () => {
  for (const c of fx.unary) {
    test(`${c.op}(${c.dtype})`, () => {
      if (c.error) {
        expect(() => unaryResultType(c.op as UnaryOp, c.dtype)).toThrow(/not supported/);
        return;
      }
      expect(unaryResultType(c.op as UnaryOp, c.dtype)).toBe(c.outDtype);
      const x = make(c.dtype, c.x.map(decode));
      const got = unary(c.op as UnaryOp, x, { dtypes: [c.dtype] });
      check(c.op, c.outDtype, got as ArrayLike<number>, c.expected.map(decode), () => `${c.op}(${c.dtype})`);
    });
  }
});

describe('binary ops match numpy', () => {
  for (const c of fx.binary) {
    test(`${c.op}(${c.dtypes.join(', ')})`, () => {
      if (c.error) {
        expect(() => binaryResultType(c.op as BinaryOp, c.dtypes[0], c.dtypes[1])).toThrow(/not supported/);
        return;
      }
      expect(binaryResultType(c.op as BinaryOp, c.dtypes[0], c.dtypes[1])).toBe(c.outDtype);
      const a = make(c.dtypes[0], c.a.map(decode));
      const b = make(c.dtypes[1], c.b.map(decode));
      const got = binary(c.op as BinaryOp, a, b, { dtypes: c.dtypes });
      check(c.op, c.outDtype, got as ArrayLike<number>, c.expected.map(decode), () => `${c.op}(${c.dtypes})`);
    });
  }
});

test('astype matches numpy on x86 (NaN and out-of-range → INT_MIN, uint8 keeps the low byte)', () => {
  for (const c of fx.astype) {
    const x = make(c.from, c.x.map(decode));
    const got = astype(x, c.to, { dtypes: [c.from] });
    check('astype', c.to, got, c.expected.map(decode), () => `astype ${c.from} → ${c.to}`);
  }
});

test('type promotion with weak scalars matches numpy (NEP 50)', () => {
  const rows: string[] = [];
  for (const c of fx.promotion) {
    let got: string;
    try {
      got = concrete(binaryResultType(c.op, c.a as DtypeLike, c.b as DtypeLike));
    } catch {
      got = 'error';
    }
    if (got !== c.result) rows.push(`${c.op}(${c.a}, ${c.b}): got ${got}, numpy ${c.result}`);
  }
  expect(rows).toEqual([]);
});
