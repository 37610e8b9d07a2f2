/**
 * The array benchmark: sum(sin(x) + x²) with x = random.normal(N), chunks of 1e7, on a
 * LocalCluster of 2 worker threads. Peer: benchmarks/peers/array.py (numpy in memory, 2e8 only;
 * dask.array threaded and distributed).
 *   npm run build && node dist/benchmarks/array.js [--sizes 2e8,2e9] [--workers 2] [--no-warmup]
 */
import { Client, LocalCluster } from '../src/index.js';
import * as ta from '../src/array/index.js';
import { getKernels } from '../src/kernels/index.js';
import { emit, machineLine } from './util.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : dflt);
const sizes = arg('--sizes', '2e8,2e9').split(',').map(Number);
const nWorkers = Number(arg('--workers', '2'));

console.error(`# ${machineLine()}`);
const cluster = new LocalCluster({ nWorkers, memoryLimit: '2GiB' });
const client = new Client(cluster);
await client.ready;
// The first compute of a process loads the array task module and the kernels (the native addon
// included) in every worker thread: ~0.3–0.6 s here, once. Warm that up on a small array first
// and report it on its own line (the cold cost stays visible), so the sizes measure throughput.
if (!process.argv.includes('--no-warmup')) {
  const w = ta.random.normal([2e7], { chunks: 1e7, seed: 1 });
  const t0 = performance.now();
  await ta.add(ta.sin(w), ta.square(w)).sum().compute({ client });
  emit({ workload: 'warm-up: first compute of the process, 2e7 elements', engine: `tusk-${getKernels().name}`, workers: nWorkers, size: 2e7, seconds: (performance.now() - t0) / 1000, unit: 'elements' });
}
for (const n of sizes) {
  const x = ta.random.normal([n], { chunks: 1e7, seed: 42 });
  const t0 = performance.now();
  const total = await ta.add(ta.sin(x), ta.square(x)).sum().compute({ client });
  const seconds = (performance.now() - t0) / 1000;
  emit({ workload: 'sum(sin(x)+x^2), x=normal', engine: `tusk-${getKernels().name}`, workers: nWorkers, size: n, seconds, unit: 'elements', result: total });
}
await client.close();
await cluster.close();
