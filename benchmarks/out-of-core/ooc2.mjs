// Run after npm run build: node benchmarks/out-of-core/<file>.mjs [size] (see benchmarks/RESULTS.md for figures)
// Acceptance 2 (issue 3): linspace(-10, 10, 2e9, chunks 1e7), sum(sin(x) + x^2) under memoryLimit 1GiB.
import * as ta from '../../dist/src/array/index.js';
const N = Number(process.argv[2] ?? 2e9);
ta.config.set({ memoryLimit: '1GiB' });
const a = -10, b = 10, n = N, h = (b - a) / (n - 1);
const x = ta.linspace(a, b, n, { chunks: 1e7 });
const t0 = performance.now();
const got = await ta.add(ta.sin(x), ta.square(x)).sum().compute();
const dt = (performance.now() - t0) / 1000;
// closed forms: sum_{k=0}^{n-1} sin(a + k h) = sin(n h / 2) sin(a + (n-1) h / 2) / sin(h / 2)
const sinSum = Math.sin(n * h / 2) * Math.sin(a + (n - 1) * h / 2) / Math.sin(h / 2);
// sum (a + k h)^2 = n a^2 + 2 a h S1 + h^2 S2, S1 = n(n-1)/2, S2 = (n-1) n (2n-1) / 6
const S1 = n * (n - 1) / 2, S2 = (n - 1) * n * (2 * n - 1) / 6;
const sq = n * a * a + 2 * a * h * S1 + h * h * S2;
const want = sinSum + sq;
console.log(JSON.stringify({ n, got, want, relErr: Math.abs(got - want) / Math.abs(want), seconds: dt, elemsPerSec: Math.round(n / dt), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
