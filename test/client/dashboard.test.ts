/** A cluster started with dashboardAddress serves the live dashboard fed by its own events. */
import { describe, expect, it } from 'vitest';
import { Client, LocalCluster, ops } from 'tusk';

describe('LocalCluster({ dashboardAddress })', () => {
  it('serves status and the task stream of real tasks, and stops on close', async () => {
    const cluster = new LocalCluster({ nWorkers: 2, dashboardAddress: '127.0.0.1:0' });
    const client = new Client(cluster);
    await client.ready;
    const url = cluster.dashboardLink!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(String(cluster)).toContain(url);
    await client.gather(client.map(ops.square, [1, 2, 3, 4, 5, 6]));
    const status = (await (await fetch(new URL("/api/status", url))).json()) as {
      workers: Array<{ name: string }>;
      tasks: Array<{ name: string; done: number }>;
      memory: { memoryLimit: number };
    };
    expect(status.workers.map((w) => w.name).sort()).toEqual(['worker-0', 'worker-1']);
    expect(status.tasks.find((t) => t.name === 'square')?.done).toBe(6);
    expect(status.memory.memoryLimit).toBe(cluster.memoryLimit);
    const stream = (await (await fetch(new URL("/api/task-stream?since=0", url))).json()) as unknown[];
    expect(stream.length).toBeGreaterThanOrEqual(6);
    const page = await (await fetch(url)).text();
    expect(page).toMatch(/task stream/i);
    await client.close();
    await cluster.close();
    await expect(fetch(new URL("/api/status", url))).rejects.toThrow();
  });
});
