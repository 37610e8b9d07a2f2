import { describe, expect, it } from 'vitest';
import type { Params } from '../../src/ml/estimator.js';
import { checkSearchSpace, specWithParams } from '../../src/ml/estimators.js';
import { ParameterGrid, type ParamGridSpec } from '../../src/ml/grid/parameterGrid.js';
import { ParameterSampler, type ParamSpaceSpec } from '../../src/ml/grid/parameterSampler.js';
import { fixture } from './fixtures.js';

interface GridFixture {
  grids: { grid: ParamGridSpec | ParamGridSpec[]; order: Params[] }[];
  samplers: { space: ParamSpaceSpec; nIter: number; randomState: number; draws: Params[] }[];
}

const fx = fixture<GridFixture>('param_grid.json');

describe('ParameterGrid', () => {
  it('iterates in scikit-learn order (sorted keys, last key fastest)', () => {
    for (const { grid, order } of fx.grids) {
      const g = new ParameterGrid(grid);
      expect(g.length).toBe(order.length);
      expect(g.toArray()).toEqual(order);
      order.forEach((p, i) => expect(g.get(i)).toEqual(p));
    }
  });

  it("the tutorial's grid in camelCase has the same candidate order", () => {
    const snake = fx.grids[0]!.order;
    const camel = new ParameterGrid({ maxDepth: [2, 4, 6], nEstimators: [100, 200, 500], classWeight: [null, 'balanced'] }).toArray();
    expect(camel).toEqual(snake.map((p) => ({ classWeight: p.class_weight, maxDepth: p.max_depth, nEstimators: p.n_estimators })));
    expect(Object.keys(camel[0]!)).toEqual(['classWeight', 'maxDepth', 'nEstimators']);
  });

  it('explains malformed grids', () => {
    expect(() => new ParameterGrid({ maxDepth: 3 } as never)).toThrow(/must be a list of candidates.*\n.*maxDepth: \[3\]/);
    expect(() => new ParameterGrid({ maxDepth: [] })).toThrow(/empty list/);
    expect(() => new ParameterGrid({ a: [1] }).get(1)).toThrow(/out of range for 1 candidates/);
  });
});

describe('ParameterSampler', () => {
  it('draws the candidates scikit-learn draws for the same seed', () => {
    for (const c of fx.samplers) {
      const got = new ParameterSampler(c.space, c.nIter, { randomState: c.randomState }).toArray();
      expect(got.length).toBe(c.draws.length);
      got.forEach((p, i) => {
        const want = c.draws[i]!;
        expect(Object.keys(p)).toEqual(Object.keys(want).sort());
        for (const [k, v] of Object.entries(want)) {
          if (typeof v === 'number' && !Number.isInteger(v)) expect(Math.abs((p[k] as number) - v) / Math.abs(v)).toBeLessThan(1e-12);
          else expect(p[k]).toEqual(v);
        }
      });
    }
  });

  it('explains malformed spaces', () => {
    expect(() => new ParameterSampler({ a: { dist: 'normal' } as never }, 3)).toThrow(/unknown distribution "normal"/);
    expect(() => new ParameterSampler({ a: { dist: 'loguniform', a: 0, b: 1 } }, 3)).toThrow(/0 < a < b/);
    expect(() => new ParameterSampler({ a: 5 } as never, 3)).toThrow(/list of candidates or a distribution/);
    expect(() => new ParameterSampler({ a: [1] }, 0)).toThrow(/nIter must be an integer >= 1/);
  });
});

describe('search spaces are checked against the estimator', () => {
  it('names the unknown parameter, lists the valid ones and suggests the camelCase name', () => {
    expect(() => checkSearchSpace('RandomForestClassifier', { max_depth: [2, 4] })).toThrow(
      /RandomForestClassifier has no parameter "max_depth"; valid parameters are: bootstrap, classWeight, criterion, maxDepth, .*randomState[\s\S]*did you mean "maxDepth"/,
    );
  });

  it('rejects invalid candidate values before any fit', () => {
    expect(() => checkSearchSpace('RandomForestClassifier', { maxDepth: [2, 0] })).toThrow(/maxDepth must be null or an integer >= 1, got 0/);
    expect(() => checkSearchSpace('RandomForestClassifier', { classWeight: ['balance'] })).toThrow(/classWeight must be null, 'balanced'/);
    expect(() => checkSearchSpace('RandomForestClassifier', [{ maxDepth: [2] }, { nEstimators: [10] }])).not.toThrow();
  });

  it('specWithParams merges and checks names', () => {
    const spec = { name: 'RandomForestClassifier', params: { randomState: 0 } };
    expect(specWithParams(spec, { maxDepth: 3 })).toEqual({ name: 'RandomForestClassifier', params: { randomState: 0, maxDepth: 3 } });
    expect(() => specWithParams(spec, { depth: 3 })).toThrow(/no parameter "depth"/);
  });
});
