// Run after npm run build: node benchmarks/out-of-core/<file>.mjs [size] (see benchmarks/RESULTS.md for figures)
// Acceptance 4 (issue 3): x 2-D 40,000 x 40,000 float64 (12.8 GB) in (4,000, 4,000) chunks, stored
// in a .npy file; add(x, x.T).sum({ axis: 0 }) under memoryLimit 2GiB, checked against a plain
// block-wise reference that reads the file itself.
import fs from 'node:fs';
import * as ta from '../../dist/src/array/index.js';
import { Client, LocalCluster } from '../../dist/src/index.js';
const n = Number(process.argv[2] ?? 40000), c = Number(process.argv[3] ?? 4000);
const file = `/tmp/ooc4-${n}.npy`;
const cluster = new LocalCluster({ nWorkers: 2, memoryLimit: '2GiB' });
const client = new Client(cluster);
let t0 = performance.now();
if (!fs.existsSync(file)) await ta.random.normal([n, n], { chunks: [c, c], seed: 3 }).toNpy(file, { client });
const writeS = (performance.now() - t0) / 1000;
const x = ta.fromNpy(file, { chunks: [c, c] });
t0 = performance.now();
const r = await ta.add(x, x.T).sum({ axis: 0 }).compute({ client });
const computeS = (performance.now() - t0) / 1000;
const peak = Math.round(process.resourceUsage().maxRSS / 1024);
await client.close(); await cluster.close();
// Reference: r[j] = sum_i x[i,j] + sum_i x[j,i], reading rows straight from the file.
const fd = fs.openSync(file, 'r');
const head = Buffer.alloc(10); fs.readSync(fd, head, 0, 10, 0);
const hlen = head.readUInt16LE(8); const dataStart = 10 + hlen;
const col = new Float64Array(n), row = new Float64Array(n);
const rowsPer = 256; const buf = new Float64Array(rowsPer * n);
for (let i0 = 0; i0 < n; i0 += rowsPer) {
  const k = Math.min(rowsPer, n - i0);
  fs.readSync(fd, new Uint8Array(buf.buffer, 0, k * n * 8), 0, k * n * 8, dataStart + i0 * n * 8);
  for (let a = 0; a < k; a++) { let s = 0; const off = a * n; for (let j = 0; j < n; j++) { const v = buf[off + j]; col[j] += v; s += v; } row[i0 + a] = s; }
}
fs.closeSync(fd);
let maxRel = 0;
for (let j = 0; j < n; j++) { const want = col[j] + row[j]; maxRel = Math.max(maxRel, Math.abs(r[j] - want) / Math.max(1, Math.abs(want))); }
console.log(JSON.stringify({ shape: [n, n], gb: n * n * 8 / 1e9, chunks: [c, c], writeSeconds: writeS, computeSeconds: computeS, maxRelErrVsReference: maxRel, peakRssMiBDuringCompute: peak }));
fs.rmSync(file);
