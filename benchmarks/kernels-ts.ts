/**
 * TypeScript kernels, one core: normal generation, the fused `sum(sin(x) + x²)` over generated
 * normals (runProgramReduce: nothing full-size is ever written), and plain unfused add, square
 * and sum over 1e7 float64s — with a hand-written JS loop as the yardstick for each.
 *   npm run build && node dist/benchmarks/kernels-ts.js [--n 10000000] [--repeat 3]
 * Prints one JSON line per workload and repeat: { workload, engine, n, seconds, elementsPerSec,
 * cpuSeconds, elementsPerCpuSec, load1 } — load1 is the 1-minute load average when the repeat
 * started. On a busy machine the wall-clock rate swings 2× between repeats; the CPU-time rate
 * (every workload here is single-threaded) is steadier, and ratios within one run are the
 * numbers to compare across runs.
 *
 * Two yardsticks for the fused workload: `sum-sin-plus-square`/`js-loop` sums sin(x) + x² over
 * normals already in memory (the cost of sin alone, nothing generated), and `js-loop-xorshift` generates
 * its normals with a fast non-counter-based generator (xorshift128, ziggurat fast path, the
 * rare rejections simply redrawn) in the same loop — what a hand-written loop would cost.
 */
import os from 'node:os';
import { binary, compileExpr, finalize, randomNormal, reduceChunk, runProgramReduce, unary } from '../src/kernels/index.js';
import { _zigguratTables } from '../src/kernels/random/normal.js';
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
    const load1 = +os.loadavg()[0]!.toFixed(2);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpuSeconds = (c.user + c.system) / 1e6;
    console.log(JSON.stringify({
      workload, engine, n, seconds: +seconds.toFixed(4), elementsPerSec: Math.round(n / seconds),
      cpuSeconds: +cpuSeconds.toFixed(4), elementsPerCpuSec: Math.round(n / cpuSeconds), load1,
    }));
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

const { ki, wi } = _zigguratTables();
run('fused-sum-sin-plus-square-of-normals', 'js-loop-xorshift', () => {
  let a = 123456789, b = 362436069, c = 521288629, d = 88675123; // xorshift128 state
  let s = 0;
  for (let i = 0; i < n; i++) {
    let v: number;
    for (;;) {
      let t = a ^ (a << 11); a = b; b = c; c = d; d = d ^ (d >>> 19) ^ (t ^ (t >>> 8));
      const w0 = d;
      t = a ^ (a << 11); a = b; b = c; c = d; d = d ^ (d >>> 19) ^ (t ^ (t >>> 8));
      const idx = w0 & 255;
      const rabs = (w0 >>> 9) * 536870912 + (d >>> 3);
      if (rabs < ki[idx]!) {
        v = (w0 & 256) !== 0 ? -rabs * wi[idx]! : rabs * wi[idx]!;
        break;
      }
    }
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
