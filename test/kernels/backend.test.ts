/** The backend object, the dtype helpers and the futures conveniences. */
import { afterEach, expect, test } from 'vitest';
import * as kernels from '../../src/kernels/index.js';
import { setConfig } from '../../src/config.js';
import { nativeKernels } from '../../src/kernels/select.js';

afterEach(() => setConfig({ kernels: 'auto' }));

test('getKernels gives the native backend when it is built (else TypeScript), TypeScript when forced, and refuses a missing native backend', () => {
  setConfig({ kernels: 'auto' }); // whatever TUSK_KERNELS says for the rest of the run
  const native = nativeKernels();
  const k = kernels.getKernels();
  expect(k).toBe(native ?? kernels.tsKernels);
  expect(k.name).toMatch(native ? /^native-(avx512|avx2|generic)$/ : /^ts$/);
  for (const f of ['unary', 'binary', 'where', 'clip', 'astype', 'runProgram', 'runProgramReduce', 'reduceChunk', 'initPartial', 'combine', 'finalize', 'randomNormal', 'randomUniform', 'randomIntegers'] as const) {
    expect(typeof k[f]).toBe('function');
  }
  setConfig({ kernels: 'ts' });
  expect(kernels.getKernels()).toBe(kernels.tsKernels);
  setConfig({ kernels: 'native' });
  if (native) expect(kernels.getKernels()).toBe(native);
  else expect(() => kernels.getKernels()).toThrow(/TUSK_KERNELS=native[\s\S]*hint/);
});

test('the public export list (update deliberately)', () => {
  expect(Object.keys(kernels).sort()).toMatchInlineSnapshot(`
    [
      "BINARY_OPS",
      "BLOCK_SIZE",
      "DTYPES",
      "REDUCTIONS",
      "UNARY_OPS",
      "allocate",
      "astype",
      "binary",
      "binaryResultType",
      "checkDtype",
      "checkWeakIntFits",
      "clip",
      "clipResultType",
      "combine",
      "compileExpr",
      "concrete",
      "dtypeOf",
      "finalize",
      "getKernels",
      "initPartial",
      "isBinaryOp",
      "isDtype",
      "isTypedArray",
      "isUnaryOp",
      "itemSize",
      "mapBinary",
      "mapUnary",
      "randomIntegers",
      "randomNormal",
      "randomUniform",
      "reduceChunk",
      "reductionResultType",
      "resultType",
      "resultTypeOf",
      "runProgram",
      "runProgramReduce",
      "tsKernels",
      "typedArrayFor",
      "unary",
      "unaryResultType",
      "validateProgram",
      "weakKindOf",
      "where",
      "whereResultType",
    ]
  `);
});

test('dtype helpers', () => {
  expect(kernels.typedArrayFor('bool')).toBe(Uint8Array);
  expect(kernels.itemSize('float32')).toBe(4);
  const a = kernels.allocate('int32', 5);
  expect(a).toBeInstanceOf(Int32Array);
  expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(kernels.allocate('float64', 2, { shared: false }).buffer).toBeInstanceOf(ArrayBuffer);
  expect(() => kernels.allocate('int64' as kernels.Dtype, 1)).toThrow(/not a supported dtype[\s\S]*hint: use one of/);
  expect(kernels.dtypeOf(new Float32Array(1))).toBe('float32');
  expect(() => kernels.dtypeOf(new Int16Array(1))).toThrow(/Int16Array/);
  expect(kernels.resultType('float32', 'float')).toBe('float32');
  expect(kernels.resultType('int32', 'float')).toBe('float64');
  expect(kernels.resultType('uint8', 'int32')).toBe('int32');
  expect(kernels.resultType('float32', 'float64')).toBe('float64');
  expect(kernels.resultType('int32', 'float32')).toBe('float64');
  expect(kernels.resultType('float64', 'int')).toBe('float64');
  expect(kernels.binaryResultType('divide', 'int32', 'int32')).toBe('float64');
  expect(kernels.binaryResultType('add', 'bool', 'bool')).toBe('bool');
  expect(kernels.reductionResultType('sum', 'int32')).toBe('float64');
  expect(kernels.reductionResultType('mean', 'float32')).toBe('float32');
});

test('mapUnary / mapBinary return the kind they were given', () => {
  expect(kernels.mapUnary('sqrt', 4)).toBe(2);
  expect(kernels.mapUnary('sqrt', [4, 9])).toEqual([2, 3]);
  const s = kernels.mapUnary('sin', Int32Array.of(0, 1));
  expect(s).toBeInstanceOf(Float64Array);
  expect(Array.from(s)).toEqual([0, Math.sin(1)]);
  expect(kernels.mapUnary('sqrt', new Int16Array([4]))).toEqual(Float64Array.of(2));
  expect(kernels.mapBinary('add', Int32Array.of(2 ** 31 - 1), Int32Array.of(1))).toEqual(Int32Array.of(-(2 ** 31)));
  expect(kernels.mapBinary('add', [1, 2], 10)).toEqual([11, 12]);
  expect(kernels.mapBinary('multiply', 3, Float64Array.of(1, 2))).toEqual(Float64Array.of(3, 6));
  expect(kernels.mapBinary('less', [1, 5], [2, 2])).toEqual([1, 0]);
  expect(kernels.mapBinary('maximum', 1, 2)).toBe(2);
  expect(() => kernels.mapUnary('sin', ['a'] as unknown as number[])).toThrow(/non-number at index 0/);
  expect(() => kernels.mapBinary('add', [1], [1, 2])).toThrow(/lengths 1 and 2/);
});
