// Run after npm run build: node benchmarks/out-of-core/<file>.mjs [size] (see benchmarks/RESULTS.md for figures)
// Acceptance 3 (issue 3): persist a 16 GB array under memoryLimit 1GiB, then sum and max.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ta from '../../dist/src/array/index.js';
import { Client, LocalCluster } from '../../dist/src/index.js';
const N = Number(process.argv[2] ?? 2e9);
const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ooc3-'));
const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: '1GiB', spillDir });
const client = new Client(cluster);
let spilled = 0;
client.on((e) => { if (e.type === 'spilled') spilled++; });
const y = ta.random.normal([N], { chunks: 1e7, seed: 1 });
const t0 = performance.now();
const yp = y.persist({ client });
const s = await yp.sum().compute({ client });
const t1 = performance.now();
const m = await yp.max().compute({ client });
const t2 = performance.now();
const mem = client.memory();
// Independent reference: the same stream, streamed and fused, never stored.
const sRef = await y.sum().compute({ client });
const mRef = await y.max().compute({ client });
await client.close(); await cluster.close();
const left = fs.readdirSync(spillDir, { recursive: true });
fs.rmSync(spillDir, { recursive: true, force: true });
console.log(JSON.stringify({ n: N, gb: N * 8 / 1e9, sum: s, sumRef: sRef, sumRelErr: Math.abs(s - sRef) / Math.abs(sRef), max: m, maxRef: mRef,
  persistAndSumSeconds: (t1 - t0) / 1000, maxSeconds: (t2 - t1) / 1000, spilledEvents: spilled, spilledBytesAtEnd: mem.spilled, managedAtEnd: mem.managed,
  spillFilesLeftAfterClose: left.length, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
