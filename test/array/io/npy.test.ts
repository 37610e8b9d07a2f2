/**
 * .npy: files written by numpy (fixtures from scripts/fixtures/npy_fixtures.py), round trips
 * through toNpy/fromNpy, byte-range laziness, build-time errors, and no partial output.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ta from 'tusk/array';
import { formatNpyHeader, npyPreamble, parseNpyHeader } from '../../../src/array/io/npy-header.js';
import { chunksFor, inProcessClient, shapeArb } from '../helpers.js';
import { dataOf, dtypeArb, filesLike, tempDir } from './io-helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/npy');
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as {
  good: Record<string, { dtype: ta.Dtype; shape: number[]; values: number[] }>;
  bad: Record<string, string>;
};

const { client, close } = inProcessClient();
const tmp = tempDir();
afterAll(async () => {
  await close();
  tmp.remove();
});

describe('files written by numpy', () => {
  for (const [name, want] of Object.entries(manifest.good)) {
    it(`${name}: dtype ${want.dtype}, shape (${want.shape.join(', ')})`, async () => {
      for (const chunks of ['auto', 1, 2] as const) {
        const x = ta.fromNpy(path.join(FIXTURES, `${name}.npy`), { chunks });
        expect(x.dtype).toBe(want.dtype);
        expect(x.shape).toEqual(want.shape);
        expect(Array.from(await x.toTypedArray({ client }))).toEqual(want.values);
      }
    });
  }

  it('a block reads only its rows when chunked along the last axis too', async () => {
    const x = ta.fromNpy(path.join(FIXTURES, 'i4_3d.npy'), { chunks: [1, 2, 3] });
    expect(x.numblocks).toEqual([2, 2, 2]);
    expect(Array.from(await x.toTypedArray({ client }))).toEqual(manifest.good.i4_3d!.values);
    expect(await x.sum().compute({ client })).toBe(manifest.good.i4_3d!.values.reduce((a, b) => a + b, 0));
  });
});

describe('bad input fails when the expression is built, naming the file', () => {
  const cases: [string, RegExp][] = [
    ['bad_fortran', /Fortran.*\n.*hint: .*ascontiguousarray/],
    ['bad_bigendian', /big-endian.*\n.*hint: .*astype\('<f8'\)/],
    ['bad_int64', /dtype '<i8'.*not support.*\n.*hint: .*astype/],
    ['bad_object', /object array/],
    ['bad_structured', /structured array/],
    ['bad_magic', /magic/],
    ['bad_truncated', /truncated: .*needs 208 bytes but the file has 196/],
  ];
  for (const [name, re] of cases) {
    it(name, () => {
      const file = path.join(FIXTURES, `${name}.npy`);
      let err: unknown;
      try {
        ta.fromNpy(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(file);
      expect((err as Error).message).toMatch(re);
    });
  }

  it('a missing file', () => {
    const file = path.join(tmp.dir, 'nope.npy');
    expect(() => ta.fromNpy(file)).toThrow(`fromNpy: cannot read ${file}: no such file`);
  });

  it('every bad fixture is covered', () => {
    expect(Object.keys(manifest.bad).sort()).toEqual(cases.map((c) => c[0]).sort());
  });
});

describe('header', () => {
  it('is padded to 64 bytes, ends in a newline, and parses back', () => {
    for (const shape of [[], [0], [7], [3, 4], [2, 3, 4]]) {
      const h = formatNpyHeader('float32', shape);
      expect(h.length % 64).toBe(0);
      expect(h[h.length - 1]).toBe(0x0a);
      const pre = npyPreamble('x.npy', h);
      const text = new TextDecoder('latin1').decode(h.subarray(pre.start));
      expect(parseNpyHeader('x.npy', pre, text)).toEqual({ dtype: 'float32', shape, dataOffset: h.length, version: '1.0' });
    }
    expect(new TextDecoder().decode(formatNpyHeader('bool', [5]).subarray(10)).trim()).toBe("{'descr': '|b1', 'fortran_order': False, 'shape': (5,), }");
  });
});

describe('round trips', () => {
  it('toNpy → fromNpy keeps values, dtype and shape (random shapes, dtypes, ragged chunkings)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        shapeArb(2, 9).chain((shape) => fc.tuple(fc.constant(shape), chunksFor(shape), chunksFor(shape), dtypeArb, fc.integer())),
        async ([shape, wChunks, rChunks, dtype, seed]) => {
          const data = dataOf(dtype, shape.reduce((a, b) => a * b, 1), seed);
          const x = ta.fromTypedArray(data, { shape, chunks: wChunks, dtype });
          const file = path.join(tmp.dir, `rt-${n++}.npy`);
          await x.toNpy(file, { client });
          const y = ta.fromNpy(file, { chunks: rChunks });
          expect(y.dtype).toBe(dtype);
          expect(y.shape).toEqual(shape);
          expect(y.chunks).toEqual(rChunks);
          expect(Array.from(await y.toTypedArray({ client }))).toEqual(Array.from(data));
          fs.rmSync(file);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes lazy expressions, 0-d and empty arrays', async () => {
    const file = path.join(tmp.dir, 'expr.npy');
    const x = ta.arange(12, { chunks: 5 }).reshape([3, 4]).multiply(0.5);
    await x.toNpy(file, { client });
    expect(Array.from(await ta.fromNpy(file).toTypedArray({ client }))).toEqual(Array.from({ length: 12 }, (_, i) => i * 0.5));
    await x.sum().toNpy(file, { client });
    expect(await ta.fromNpy(file).compute({ client })).toBe(33);
    await ta.zeros([0, 3], { chunks: 2 }).toNpy(file, { client });
    expect(ta.fromNpy(file).shape).toEqual([0, 3]);
    expect(filesLike(tmp.dir, 'expr.npy')).toEqual(['expr.npy']);
  });

  it('numpy loads what toNpy writes', async () => {
    const py = spawnSync('/usr/bin/python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
    if (py.status !== 0) {
      throw new Error(`this test needs /usr/bin/python3 with numpy (apt-get install -y python3-numpy): ${py.error?.message ?? py.stderr}`);
    }
    const arrays: Record<string, ta.ChunkedArray> = {
      f8: ta.fromTypedArray(dataOf('float64', 35, 1), { shape: [5, 7], chunks: [2, 3] }),
      f4: ta.fromTypedArray(dataOf('float32', 10, 2), { chunks: 3 }),
      i4: ta.fromTypedArray(dataOf('int32', 24, 3), { shape: [2, 3, 4], chunks: [1, 2, 3] }),
      u1: ta.fromTypedArray(dataOf('uint8', 9, 4), { chunks: 4 }),
      b1: ta.fromTypedArray(dataOf('bool', 12, 5), { shape: [3, 4], chunks: [2, 1], dtype: 'bool' }),
      s0: ta.arange(10).sum(),
    };
    for (const [name, x] of Object.entries(arrays)) await x.toNpy(path.join(tmp.dir, `np-${name}.npy`), { client });
    const script = [
      'import json, sys, numpy as np',
      'out = {}',
      'for name in sys.argv[2:]:',
      '    a = np.load(f"{sys.argv[1]}/np-{name}.npy")',
      '    out[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "c": bool(a.flags.c_contiguous), "values": [v.item() if not isinstance(v.item(), bool) else int(v.item()) for v in a.reshape(-1)]}',
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', script, tmp.dir, ...Object.keys(arrays)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const got = JSON.parse(run.stdout) as Record<string, { dtype: string; shape: number[]; c: boolean; values: number[] }>;
    const descr: Record<ta.Dtype, string> = { float64: '<f8', float32: '<f4', int32: '<i4', uint8: '|u1', bool: '|b1' };
    for (const [name, x] of Object.entries(arrays)) {
      expect(got[name]).toEqual({ dtype: descr[x.dtype], shape: [...x.shape], c: true, values: Array.from(await x.toTypedArray({ client })) });
    }
  });
});

describe('laziness', () => {
  // A 2 GB file (sparse on disk): reading it whole would take seconds and 2 GB of memory.
  const n = 250_000_000;
  let file: string;
  beforeAll(() => {
    file = path.join(tmp.dir, 'big.npy');
    const header = formatNpyHeader('float64', [n]);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, header, 0, header.length, 0);
    fs.writeSync(fd, Float64Array.from({ length: 10 }, (_, i) => i + 0.5), 0, 80, header.length);
    fs.writeSync(fd, Float64Array.of(-1, -2, -3), 0, 24, header.length + 200_000_005 * 8);
    fs.ftruncateSync(fd, header.length + n * 8);
    fs.closeSync(fd);
  });

  it('a slice computes from the one block that holds it', async () => {
    const x = ta.fromNpy(file, { chunks: 1_000_000 });
    expect(x.numblocks).toEqual([250]);
    const reads: string[] = [];
    const off = client.on((e) => void (e.type === 'finished' && e.key.startsWith('npy-') && reads.push(e.key)));
    try {
      expect(Array.from(await x.slice([0, 10]).toTypedArray({ client }))).toEqual(Array.from({ length: 10 }, (_, i) => i + 0.5));
      expect(reads).toHaveLength(1);
      expect(Array.from(await x.slice([200_000_004, 200_000_009]).toTypedArray({ client }))).toEqual([0, -1, -2, -3, 0]);
      expect(reads).toHaveLength(2);
      expect(reads[1]).toMatch(/\.200$/);
    } finally {
      off();
    }
  });
});

describe('no partial output', () => {
  const failing = (n: number) => ta.arange(n, { chunks: 10 }).mapBlocks((b, info) => {
    if (info.index[0] === 3) throw new Error('boom on block 3');
    return b;
  });

  it('a computation failing midway leaves no file and no temp file', async () => {
    const file = path.join(tmp.dir, 'fail.npy');
    await expect(failing(100).toNpy(file, { client })).rejects.toThrow(/boom on block 3/);
    expect(filesLike(tmp.dir, 'fail.npy')).toEqual([]);
  });

  it('an existing file at the path is left as it was', async () => {
    const file = path.join(tmp.dir, 'keep.npy');
    await ta.arange(5).toNpy(file, { client });
    const before = fs.readFileSync(file);
    await expect(failing(100).toNpy(file, { client })).rejects.toThrow(/boom on block 3/);
    expect(fs.readFileSync(file)).toEqual(before);
    expect(filesLike(tmp.dir, 'keep.npy')).toEqual(['keep.npy']);
  });

  it('a folder that does not exist is an error naming the file', async () => {
    const file = path.join(tmp.dir, 'no-such-dir', 'y.npy');
    await expect(ta.arange(5).toNpy(file, { client })).rejects.toThrow(`toNpy: could not write ${file}: ENOENT`);
  });
});
