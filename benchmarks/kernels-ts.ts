/**
 * TypeScript kernels, one core: normal generation, the fused `sum(sin(x) + x²)` over generated
 * normals (runProgramReduce: nothing full-size is ever written), and plain unfused add, square
 * and sum over 1e7 float64s — with a hand-written JS loop as the yardstick for each.
 *   npm run build && node dist/benchmarks/kernels-ts.js [--n 10000000] [--repeat 3]
 * Prints one JSON line per workload and repeat: { workload, engine, n, seconds, elementsPerSec }.
 */
import { binary, compileExpr, finalize, randomNormal, reduceChunk, runProgramReduce, unary } from '../src/kernels/index.js';
import { machineLine } from './util.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const n = arg('n', 10_000_000);
const repeat = arg('repeat', 3);

function run(workload: string, engine: string, fn: () => unknown): void {
  fn(); // warm up the JIT
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    fn();
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ workload, engine, n, seconds: +seconds.toFixed(4), elementsPerSec: Math.round(n / seconds) }));
  }
}

console.error(`# ${machineLine()}`);
const x = randomNormal(1, 0, n);
const y = randomNormal(2, 0, n);

run('normals', 'tusk-ts', () => randomNormal(7, 0, n, x));

const program = compileExpr({
  op: 'add',
  args: [{ op: 'sin', args: [{ op: 'randomNormal', seed: 42 }] }, { op: 'square', args: [{ op: 'randomNormal', seed: 42 }] }],
}, []);
run('fused-sum-sin-plus-square-of-normals', 'tusk-ts', () => finalize('sum', runProgramReduce(program, [], { offset: 0, length: n }, 'sum')));
run('sum-sin-plus-square', 'js-loop', () => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    s += Math.sin(v) + v * v;
  }
  return s;
});

run('add', 'tusk-ts', () => binary('add', x, y));
run('add', 'js-loop', () => {
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = x[i]! + y[i]!;
  return o;
});
run('square', 'tusk-ts', () => unary('square', x));
run('sum', 'tusk-ts', () => finalize('sum', reduceChunk('sum', x)));
run('sum', 'js-loop', () => {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  return s;
});
