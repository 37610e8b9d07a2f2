// Why Tusk runs its own thread pool instead of piscina (the library the project brief named):
// the same two workloads as benchmarks/futures.ts on a bare piscina pool of 2 threads —
// 10,000 trivial tasks submitted and awaited, and a chain of 1,000 dependent tasks.
// Run: node benchmarks/peers/piscina-pool.mjs [--repeat 3]   (piscina is installed in benchmarks/peers)
import { Piscina } from 'piscina';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

export default function inc({ x }) {
  return x + 1;
}

if (isMainThread) {
  const repeat = process.argv.includes('--repeat') ? Number(process.argv[process.argv.indexOf('--repeat') + 1]) : 3;
  const pool = new Piscina({ filename: fileURLToPath(import.meta.url), minThreads: 2, maxThreads: 2 });
  await Promise.all(Array.from({ length: 100 }, (_, i) => pool.run({ x: i })));
  const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
  for (let r = 0; r < repeat; r++) {
    let t0 = performance.now();
    const got = await Promise.all(Array.from({ length: 10_000 }, (_, i) => pool.run({ x: i })));
    if (got[9_999] !== 10_000) throw new Error('wrong result');
    let s = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ workload: 'submit-gather', engine: 'piscina', size: 10_000, seconds: s, tasksPerSec: Math.round(10_000 / s), peakRssMiB: rss() }));
    t0 = performance.now();
    let v = 0;
    for (let i = 0; i < 1_000; i++) v = await pool.run({ x: v });
    s = (performance.now() - t0) / 1000;
    if (v !== 1_000) throw new Error('wrong chain');
    console.log(JSON.stringify({ workload: 'chain', engine: 'piscina', size: 1_000, seconds: s, ms: +(s * 1000).toFixed(1), peakRssMiB: rss() }));
  }
  await pool.destroy();
}
