/**
 * Static order keeps memory low: a tree reduction over 8 inputs, drawn below, must finish each
 * partial soon after its inputs exist instead of producing all 8 inputs first.
 *
 *                      total
 *                 /              \
 *            s0123                s4567
 *           /     \              /     \
 *        s01       s23        s45       s67
 *        / \       / \        / \       / \
 *      x0  x1    x2  x3     x4  x5    x6  x7
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { orderTasks } from '../../src/graph/order.js';
import { cull } from '../../src/graph/cull.js';
import { tokenize } from '../../src/graph/tokenize.js';
import type { Graph, Task } from '../../src/graph/types.js';
import { ref, taskDependencies } from '../../src/graph/types.js';

function treeGraph(n: number): Record<string, Task> {
  const g: Record<string, Task> = {};
  let level = Array.from({ length: n }, (_, i) => {
    g[`x${i}`] = { op: 'load', args: [i] };
    return `x${i}`;
  });
  let depth = 0;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const k = `s${depth}-${i}`;
      g[k] = { op: 'add', args: level.slice(i, i + 2).map(ref) };
      next.push(k);
    }
    level = next;
    depth++;
  }
  g.total = { op: 'identity', args: [ref(level[0]!)] };
  return g;
}

/** Most values alive at once when tasks run one at a time in this order. */
function peakLive(graph: Graph, order: Map<string, number>): number {
  const seq = [...order.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const remainingUses = new Map<string, number>();
  for (const k of seq) for (const d of taskDependencies(graph[k]!)) remainingUses.set(d, (remainingUses.get(d) ?? 0) + 1);
  const live = new Set<string>();
  let peak = 0;
  for (const k of seq) {
    live.add(k);
    peak = Math.max(peak, live.size);
    for (const d of taskDependencies(graph[k]!)) {
      const left = remainingUses.get(d)! - 1;
      remainingUses.set(d, left);
      if (left === 0) live.delete(d);
    }
  }
  return peak;
}

describe('orderTasks', () => {
  it('orders a reduction tree depth-first: partials right after their inputs', () => {
    const g = treeGraph(8);
    const order = orderTasks(g, ['total']);
    expect(order.get('x0')! < order.get('s0-0')!).toBe(true);
    expect(order.get('s0-0')! < order.get('x2')!).toBe(true); // s01 before loading x2
    expect(peakLive(g, order)).toBeLessThanOrEqual(5);
  });

  it('keeps memory logarithmic for any tree size, and respects dependencies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (n) => {
        const g = treeGraph(n);
        const order = orderTasks(g, ['total']);
        expect(order.size).toBe(Object.keys(g).length);
        for (const [k, t] of Object.entries(g)) for (const d of taskDependencies(t)) expect(order.get(d)!).toBeLessThan(order.get(k)!);
        expect(peakLive(g, order)).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 3);
      }),
      { numRuns: 60 },
    );
  });

  it('names a cycle', () => {
    const g = { a: { op: 'f', args: [ref('b')] }, b: { op: 'f', args: [ref('c')] }, c: { op: 'f', args: [ref('a')] } };
    expect(() => orderTasks(g)).toThrow(/cycle: a → b → c → a/);
  });
});

describe('cull', () => {
  it('keeps only what the wanted keys need', () => {
    const g = treeGraph(8);
    expect(Object.keys(cull(g, ['s0-0'])).sort()).toEqual(['s0-0', 'x0', 'x1']);
    expect(() => cull(g, ['nope'])).toThrow(/key nope is not in the graph/);
  });
});

describe('tokenize', () => {
  it('is deterministic and sensitive to every input', () => {
    expect(tokenize('sin', [1, 2])).toBe(tokenize('sin', [1, 2]));
    expect(tokenize('sin', [1, 2])).not.toBe(tokenize('sin', [2, 1]));
    expect(tokenize(0)).not.toBe(tokenize(-0));
    expect(tokenize(new Float64Array([1, 2]))).toBe(tokenize(new Float64Array([1, 2])));
    expect(tokenize(new Float64Array([1, 2]))).not.toBe(tokenize(new Float32Array([1, 2])));
    expect(tokenize({ a: 1, b: 2 })).toBe(tokenize({ b: 2, a: 1 }));
    expect(tokenize(['ab', 'c'])).not.toBe(tokenize(['a', 'bc']));
    expect(tokenize(ref('k'))).not.toBe(tokenize('k'));
    const canon = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) =>
        Object.is(x, -0) ? '(-0)' : x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x,
      );
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      if (canon(a) !== canon(b)) expect(tokenize(a)).not.toBe(tokenize(b));
      else expect(tokenize(a)).toBe(tokenize(b));
    }));
  });
});

describe('orderTasks: extractors right after the value they split', () => {
  /** A hash-partitioned reduction: P partitions → P lists of B buckets → B picks each → B finals. */
  function splitGraph(P: number, B: number): Record<string, Task> {
    const g: Record<string, Task> = {};
    for (let i = 0; i < P; i++) {
      g[`x${i}`] = { op: 'load', args: [i] };
      g[`list${i}`] = { op: 'mod:file:///tasks.js#reduceChunk', args: [ref(`x${i}`)] };
      for (let j = 0; j < B; j++) g[`pick${j}.${i}`] = { op: 'mod:file:///tasks.js#pick', args: [ref(`list${i}`), j], extract: true };
    }
    for (let j = 0; j < B; j++) g[`final${j}`] = { op: 'combine', args: Array.from({ length: P }, (_, i) => ref(`pick${j}.${i}`)) };
    g.out = { op: 'concat', args: Array.from({ length: B }, (_, j) => ref(`final${j}`)) };
    return g;
  }

  it('every pick of a list comes right after the list, so the list is released before the next input', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (P, B) => {
      const g = splitGraph(P, B);
      const order = orderTasks(g, ['out']);
      expect(order.size).toBe(Object.keys(g).length);
      for (const [k, t] of Object.entries(g)) for (const d of taskDependencies(t)) expect(order.get(d)!).toBeLessThan(order.get(k)!);
      for (let i = 0; i < P; i++) {
        const picks = Array.from({ length: B }, (_, j) => order.get(`pick${j}.${i}`)!).sort((a, b) => a - b);
        expect(picks).toEqual(Array.from({ length: B }, (_, j) => order.get(`list${i}`)! + 1 + j));
      }
      // No list is alive when the next partition is loaded.
      const seq = [...order.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
      for (let i = 1; i < P; i++) {
        const load = seq.indexOf(`x${i}`);
        for (let q = 0; q < P; q++) if (seq.indexOf(`list${q}`) < load) expect(Math.max(...Array.from({ length: B }, (_, j) => seq.indexOf(`pick${j}.${q}`)))).toBeLessThan(load);
      }
    }), { numRuns: 60 });
  });

  it('an unmarked task of the same op is ordered depth-first (the mark, not the name, decides)', () => {
    const g = splitGraph(3, 3);
    for (const k of Object.keys(g)) if (k.startsWith('pick')) g[k] = { op: g[k]!.op, args: g[k]!.args };
    const order = orderTasks(g, ['out']);
    expect(order.get('pick2.0')!).toBeGreaterThan(order.get('final1')!); // bucket 2's pick waits for bucket 2
  });

  it('leaves graphs without extractors as depth-first ordered them', () => {
    const g = treeGraph(16);
    const order = orderTasks(g, ['total']);
    expect(order.get('x0')! < order.get('s0-0')! && order.get('s0-0')! < order.get('x2')!).toBe(true);
  });
});
