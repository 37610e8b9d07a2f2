/**
 * The Dask tutorial's first part, in TypeScript: a local cluster, futures, gather, chaining.
 * Run: npm start (all examples) or node dist/examples/01-futures.js
 */
import { Client, LocalCluster, ops, random } from 'tusk';

const show = (a: ArrayLike<number>, n = 6) =>
  `[${Array.from({ length: Math.min(n, a.length) }, (_, i) => a[i]!.toFixed(8)).join(', ')}${a.length > n ? ', …' : ''}] (${a.length} values)`;

export async function main(): Promise<void> {
  random.seed(42);

  // In [2]: cluster = LocalCluster(n_workers=…); client = Client(cluster)
  await using cluster = new LocalCluster({ nWorkers: 2 });
  await using client = new Client(cluster);
  await client.ready;
  console.log(String(cluster));
  console.log(String(client), client.workers().join(', '));

  // In [4]: result_future = client.submit(np.sin, np.random.randn(100))
  const resultFuture = client.submit(ops.sin, random.randn(100));
  console.log('submitted:', String(resultFuture));
  const values = await resultFuture.result();
  // In [5]-[7]: status, done(), result()
  console.log('status:', resultFuture.status);
  console.log('done():', resultFuture.done());
  console.log('result():', show(values));

  // In [8]-[9]: 100 tasks, then gather
  const futures = Array.from(random.randn(100), (x) => client.submit(Math.sin, x));
  const results = await client.gather(futures);
  console.log(`gather(${futures.length} futures):`, show(results, 5));

  // In [10]-[11]: chaining — s, sSq and sFull are futures; the data stays on the cluster
  const x = random.randn(10_000);
  const s = client.submit(ops.sin, x);
  const sSq = client.submit(ops.square, x);
  const sFull = client.submit(ops.add, s, sSq);
  const full = await sFull.result();
  console.log('sFull.result():', show(full));

  // Check against a local computation with Math.sin (Tusk's sin kernel is its own, within 1 ulp).
  let maxRel = 0;
  for (let i = 0; i < x.length; i++) {
    const want = Math.sin(x[i]!) + x[i]! * x[i]!;
    const scale = Math.abs(Math.sin(x[i]!)) + x[i]! * x[i]!; // the size of what was added
    maxRel = Math.max(maxRel, scale === 0 ? Math.abs(full[i]! - want) : Math.abs(full[i]! - want) / scale);
  }
  console.log(`max relative |sFull - (sin(x) + x²)| = ${maxRel.toExponential(2)}`);
  if (!(maxRel < 1e-15)) throw new Error('chained result differs from the local computation');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
