/**
 * Kernels, TypeScript backend vs native addon, 1 and 2 threads, beside a STREAM-like memory
 * bandwidth probe and a C program on glibc's libmvec — all in the same run, so ratios compare
 * like with like on a shared machine.
 *   npm run build && node dist/benchmarks/kernels.js [--n 16777216] [--repeat 10] [--threads 1,2]
 *   /usr/bin/python3 benchmarks/peers/kernels.py      (numpy, the same workloads)
 *
 * Prints one JSON line per (workload, engine, threads): { workload, engine, n, threads,
 * seconds, elementsPerSec, GBps (bytes the workload must move ÷ seconds; null where it is
 * compute-only), peakRssMiB, load1 }. Threads are worker_threads, each running the kernel on
 * its half of the same SharedArrayBuffer-backed arrays (no copies); seconds is the best of
 * --repeat, from the first thread's start to the last one's end, the threads released
 * together by a barrier as STREAM's are (message latency is not timed). load1 is the 1-minute
 * load average: the machine is shared, and a second thread only helps when a core is free.
 *
 * Workloads: `triad` (a = b + s·c, STREAM's 24 bytes/element — the bandwidth yardstick), `add`,
 * `square`, `sum`, `sin`, `exp`, `log`, `min`, `argmin`, `var`, `normals` (generation into
 * memory), `fused-sum-sin-plus-square` (sum(sin(x) + x²) over x in memory: one fused
 * program, nothing full-size written) and `fused-sum-sin-plus-square-of-normals` (the same
 * over generated normals: no memory traffic at all). `c-libmvec` is benchmarks/peers/
 * kernels-libmvec.c (compiled here with gcc -O3 -fopenmp-simd, linked to libmvec) on the same
 * fused workload, AVX2 and AVX-512 builds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { KernelBackend } from '../src/kernels/backend.js';
import { compileExpr } from '../src/kernels/program/compile.js';
import { allocate } from '../src/kernels/dtypes.js';
import { loadNative } from '../src/kernels/native.js';
import { nativeKernels } from '../src/kernels/select.js';
import { tsKernels } from '../src/kernels/ts-backend.js';
import { machineLine } from './util.js';

interface Job { workload: string; engine: 'ts' | 'native'; lo: number; hi: number; x: Float64Array; y: Float64Array; out: Float64Array; barrier: Int32Array; threads: number }

const X = { input: 0 } as const;
const FUSED = compileExpr({ op: 'add', args: [{ op: 'sin', args: [X] }, { op: 'square', args: [X] }] }, ['float64']);
const FUSED_NORMALS = compileExpr({ op: 'add', args: [{ op: 'sin', args: [{ op: 'randomNormal', seed: 42 }] }, { op: 'square', args: [{ op: 'randomNormal', seed: 42 }] }] }, []);

/** Bytes a workload has to move per element (null: compute-only). */
const BYTES: Record<string, number | null> = {
  triad: 24, add: 24, square: 16, sum: 8, sin: 16, exp: 16, log: 16, min: 8, argmin: 8, var: 8, normals: 8,
  'fused-sum-sin-plus-square': 8, 'fused-sum-sin-plus-square-of-normals': null,
};
const WORKLOADS = Object.keys(BYTES);

function runJob(k: KernelBackend, j: Job): void {
  const len = j.hi - j.lo;
  const x = j.x.subarray(j.lo, j.hi), y = j.y.subarray(j.lo, j.hi), out = j.out.subarray(j.lo, j.hi);
  switch (j.workload) {
    case 'triad': {
      const addon = loadNative().addon;
      if (j.engine === 'native' && addon) addon.triad(out, x, y, 3);
      else for (let i = 0; i < len; i++) out[i] = x[i]! + 3 * y[i]!;
      return;
    }
    case 'add': k.binary('add', x, y, { out }); return;
    case 'square': k.unary('square', x, { out }); return;
    case 'sin': k.unary('sin', x, { out }); return;
    case 'exp': k.unary('exp', x, { out }); return;
    case 'log': k.unary('log', y, { out }); return; // y is positive
    case 'sum': case 'min': case 'argmin': case 'var': k.reduceChunk(j.workload, x, j.lo); return;
    case 'normals': k.randomNormal(7, j.lo, len, out); return;
    case 'fused-sum-sin-plus-square': k.runProgramReduce(FUSED, [x], { offset: j.lo, length: len }, 'sum'); return;
    case 'fused-sum-sin-plus-square-of-normals': k.runProgramReduce(FUSED_NORMALS, [], { offset: j.lo, length: len }, 'sum'); return;
  }
}

if (!isMainThread) {
  parentPort!.on('message', (j: Job) => {
    const k = j.engine === 'native' ? nativeKernels()! : tsKernels;
    // Start together (as STREAM's threads do), and report the kernel's own start and end
    // (epoch ms), so message latency between threads is not timed.
    Atomics.add(j.barrier, 0, 1);
    while (Atomics.load(j.barrier, 0) < j.threads) { /* spin: the others are a message away */ }
    const start = performance.timeOrigin + performance.now();
    runJob(k, j);
    parentPort!.postMessage({ start, end: performance.timeOrigin + performance.now() });
  });
} else {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1]! : dflt;
  };
  const n = Number(arg('n', String(2 ** 24)));
  const repeat = Number(arg('repeat', '10'));
  const threadCounts = arg('threads', '1,2').split(',').map(Number);
  const only = arg('only', '').split(',').filter(Boolean);

  console.error(`# ${machineLine()}`);
  const native = nativeKernels();
  console.error(`# native: ${native ? native.name : 'not built (ts only)'}`);
  // Allocated as Tusk allocates chunks (kernels/dtypes.ts): shared, and on a cache line when the
  // native kernels are loaded in this thread (they are: nativeKernels() above).
  const shared = () => allocate('float64', n);
  const x = shared(), y = shared(), out = shared();
  tsKernels.randomNormal(1, 0, n, x);
  tsKernels.randomUniform(2, 0.5, 2, 0, n, y);
  out.fill(0); // touch every page before timing

  const here = fileURLToPath(import.meta.url);
  const workers = Array.from({ length: Math.max(...threadCounts) }, () => new Worker(here));
  const ask = (w: Worker, job: Job) => new Promise<{ start: number; end: number }>((resolve) => { w.once('message', resolve); w.postMessage(job); });
  const barrier = new Int32Array(new SharedArrayBuffer(4));

  /** Seconds from the first thread's start to the last thread's end. */
  async function time(workload: string, engine: 'ts' | 'native', threads: number): Promise<number> {
    const per = Math.ceil(n / threads);
    Atomics.store(barrier, 0, 0);
    const spans = await Promise.all(workers.slice(0, threads).map((w, t) => ask(w, { workload, engine, lo: t * per, hi: Math.min(n, (t + 1) * per), x, y, out, barrier, threads })));
    return (Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / 1000;
  }

  const emit = (workload: string, engine: string, threads: number, seconds: number, load1: number) => {
    const bytes = BYTES[workload];
    console.log(JSON.stringify({
      workload, engine, n, threads, seconds: +seconds.toFixed(5), elementsPerSec: Math.round(n / seconds),
      GBps: bytes === null || bytes === undefined ? null : +((bytes * n) / seconds / 1e9).toFixed(2),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), load1,
    }));
  };

  for (const workload of WORKLOADS.filter((w) => only.length === 0 || only.includes(w))) {
    for (const engine of native ? (['native', 'ts'] as const) : (['ts'] as const)) {
      for (const threads of threadCounts) {
        await time(workload, engine, threads); // warm up (JIT, page tables)
        const load1 = +os.loadavg()[0]!.toFixed(2);
        let best = Infinity;
        for (let r = 0; r < repeat; r++) best = Math.min(best, await time(workload, engine, threads));
        emit(workload, engine === 'native' ? native!.name : 'tusk-ts', threads, best, load1);
      }
    }
  }
  await Promise.all(workers.map((w) => w.terminate()));

  // The C + libmvec yardstick for the fused workload, built here for this machine.
  const src = path.resolve(path.dirname(here), '../../benchmarks/peers/kernels-libmvec.c');
  if (fs.existsSync(src) && (only.length === 0 || only.includes('fused-sum-sin-plus-square'))) {
    for (const [isa, flags] of [['avx2', ['-mavx2', '-mfma']], ['avx512', ['-mavx512f', '-mavx2', '-mfma', '-mprefer-vector-width=512']]] as const) {
      const exe = path.join(os.tmpdir(), `tusk-kernels-libmvec-${isa}`);
      const cc = spawnSync('gcc', ['-O3', '-fopenmp-simd', ...flags, '-o', exe, src, '-lmvec', '-lm', '-lpthread'], { encoding: 'utf8' });
      if (cc.status !== 0) { console.error(`# c-libmvec (${isa}): gcc failed: ${cc.stderr.split('\n')[0]}`); continue; }
      for (const threads of threadCounts) {
        const r = spawnSync(exe, [String(n), String(threads), String(repeat)], { encoding: 'utf8' });
        const seconds = Number(r.stdout.trim());
        if (r.status !== 0 || !(seconds > 0)) { console.error(`# c-libmvec (${isa}) failed: ${r.stderr}`); continue; }
        emit('fused-sum-sin-plus-square', `c-libmvec-${isa}`, threads, seconds, +os.loadavg()[0]!.toFixed(2));
      }
    }
  }
}
