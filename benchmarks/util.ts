/** Shared bits for benchmarks: JSON-line output with peak RSS of the whole process. */
import os from 'node:os';

export interface BenchLine {
  workload: string;
  engine: string;
  size: number;
  seconds: number;
  [extra: string]: unknown;
}

export function emit(line: BenchLine): void {
  const rateKey = typeof line.unit === 'string' ? `${line.unit}PerSec` : 'perSec';
  const out = {
    ...line,
    [rateKey]: line.seconds > 0 ? Math.round(line.size / line.seconds) : null,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(out));
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [(performance.now() - t0) / 1000, v];
}
