/** The public export list of `tusk/array` is a contract: changes must be deliberate. */
import { expect, it } from 'vitest';
import * as ta from 'tusk/array';

it('exports exactly these names', () => {
  expect(Object.keys(ta).sort().join(' ')).toBe(
    [
      'ChunkedArray', 'abs', 'add', 'all', 'any', 'arange', 'arccos', 'arcsin', 'arctan', 'argmax', 'argmin', 'astype', 'ceil', 'clip',
      'compress', 'concatenate', 'config', 'cos', 'countNonzero', 'cumprod', 'cumsum', 'divide', 'dot', 'equal', 'exp', 'expm1', 'floor',
      'floorDivide', 'fromTypedArray', 'full', 'greater', 'greaterEqual', 'isfinite', 'isnan', 'less', 'lessEqual', 'linspace', 'log',
      'log10', 'log1p', 'log2', 'logicalAnd', 'logicalNot', 'logicalOr', 'logicalXor', 'mapBlocks', 'matmul', 'max', 'maximum', 'mean',
      'min', 'minimum', 'mod', 'multiply', 'negative', 'notEqual', 'ones', 'power', 'prod', 'random', 'rechunk', 'reshape', 'round',
      'sign', 'sin', 'slice', 'sqrt', 'square', 'stack', 'std', 'subtract', 'sum', 'take', 'tan', 'transpose', 'var', 'variance', 'where',
      'zeros', 'fromNpy', 'toNpy', 'fromRaw', 'toRaw', 'fromArrowIPC', 'toArrowIPC',
    ].sort().join(' '),
  );
  expect(Object.keys(ta.random).sort()).toEqual(['integers', 'normal', 'uniform']);
});
