/**
 * Futures throughput: cluster start-up, 10,000 trivial tasks submitted and gathered, map over
 * 10,000, and a chain of 1,000 dependent tasks. Same workloads as peers/futures.py (Dask).
 *   node dist/benchmarks/futures.js [--repeat 3]
 */
import { Client, LocalCluster } from 'tusk';
import { emit, machineLine, time } from './util.js';

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 3;
const N = 10_000;
const CHAIN = 1_000;

const inc = (x: number) => x + 1;

console.error(`# ${machineLine()}`);
for (let r = 0; r < repeat; r++) {
  const [startup, cluster] = await time(async () => {
    const c = new LocalCluster({ nWorkers: 2, threadsPerWorker: 1 });
    await c.ready;
    return c;
  });
  emit({ workload: 'cluster-startup', engine: 'tusk', size: 1, seconds: startup, ms: +(startup * 1000).toFixed(1) });
  const client = new Client(cluster);
  await client.gather(client.map(inc, [1, 2, 3, 4])); // warm the threads' function cache

  const [submitGather] = await time(async () => {
    const fs = [];
    for (let i = 0; i < N; i++) fs.push(client.submit(inc, i + r * N));
    const got = await client.gather(fs);
    if (got[N - 1] !== N + r * N) throw new Error('wrong result');
  });
  emit({ workload: 'submit-gather', engine: 'tusk', size: N, seconds: submitGather, unit: 'tasks' });

  const [mapGather] = await time(async () => {
    const items = Array.from({ length: N }, (_, i) => i + (r + 10) * N);
    const got = await client.gather(client.map(inc, items));
    if (got[0] !== items[0]! + 1) throw new Error('wrong result');
  });
  emit({ workload: 'map-gather', engine: 'tusk', size: N, seconds: mapGather, unit: 'tasks' });

  const [chain] = await time(async () => {
    let f = client.submit(inc, r * 1e6);
    for (let i = 1; i < CHAIN; i++) f = client.submit(inc, f);
    if ((await f.result()) !== r * 1e6 + CHAIN) throw new Error('wrong chain result');
  });
  emit({ workload: 'chain', engine: 'tusk', size: CHAIN, seconds: chain, unit: 'tasks', ms: +(chain * 1000).toFixed(1) });

  await client.close();
  await cluster.close();
}
