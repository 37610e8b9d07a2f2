/** The io tasks on real worker threads: reads and writes by byte range from two threads at once. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { Client, LocalCluster } from 'tusk';
import { dataOf, filesLike, tempDir } from './io-helpers.js';

const cluster = new LocalCluster({ nWorkers: 2 });
const client = new Client(cluster);
const tmp = tempDir();
afterAll(async () => {
  await client.close();
  await cluster.close();
  tmp.remove();
});

describe('on 2 worker threads', () => {
  it('toNpy / fromNpy / toRaw / toArrowIPC of an n-d array chunked along both axes', async () => {
    const data = dataOf('float64', 300 * 70, 9);
    const x = ta.fromTypedArray(data, { shape: [300, 70], chunks: [64, 25] });
    const y = x.subtract(x.mean({ axis: 0 }));
    const want = Array.from(await y.toTypedArray({ client }));
    const npy = path.join(tmp.dir, 'y.npy');
    expect(await y.toNpy(npy, { client })).toBe(npy);
    const back = ta.fromNpy(npy, { chunks: [50, 30] });
    expect(Array.from(await back.toTypedArray({ client }))).toEqual(want);
    await y.toRaw(path.join(tmp.dir, 'y.bin'), { client });
    expect(Array.from(await ta.fromRaw(path.join(tmp.dir, 'y.bin'), { dtype: 'float64', shape: [300, 70], chunks: 77 }).toTypedArray({ client }))).toEqual(want);
    await back.toArrowIPC(path.join(tmp.dir, 'y.arrow'), { client });
    const arrow = ta.fromArrowIPC(path.join(tmp.dir, 'y.arrow'));
    expect(arrow.chunks[0]).toEqual([50, 50, 50, 50, 50, 50]);
    expect(Array.from(await arrow.toTypedArray({ client }))).toEqual(want);
    expect(filesLike(tmp.dir, 'y.')).toEqual(['y.arrow', 'y.bin', 'y.npy']);
  });

  it('a task failing on a worker leaves no output and no temp file', async () => {
    const x = ta.arange(200, { chunks: 10 }).mapBlocks((b, info) => {
      if (info.index[0] === 3) throw new Error('boom on block 3');
      return b;
    });
    for (const [name, write] of [['f.npy', x.toNpy.bind(x)], ['f.bin', x.toRaw.bind(x)], ['f.arrow', x.toArrowIPC.bind(x)]] as const) {
      await expect(write(path.join(tmp.dir, name), { client })).rejects.toThrow(/boom on block 3/);
    }
    expect(filesLike(tmp.dir, 'f.')).toEqual([]);
  });
});
