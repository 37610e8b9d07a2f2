/** Printing like pandas, toCsv (one file, a folder, nothing left on error), describe, LocalFrame. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { col, fromColumns, readCsv } from '../../src/frame/index.js';
import { DATA, inProcessClient } from './helpers.js';

const env = inProcessClient();
const client = env.client;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-frame-'));
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await env.close();
});

describe('printing', () => {
  it('a small frame and series as pandas prints them', async () => {
    const df = fromColumns({ a: [1, 2], b: [0.5, null], s: ['x', 'yy'] }, { dtype: { a: 'int64' } });
    expect(String(await df.compute({ client }))).toBe('   a    b   s\n0  1  0.5   x\n1  2  NaN  yy');
    const named = fromColumns({ b: [3, 4] }, { index: { a: [1, 2] } });
    expect(String(await named.compute({ client }))).toBe('   b\na   \n1  3\n2  4');
    const vc = await fromColumns({ e: ['S', 'C', 'S'] }).col('e').valueCounts().compute({ client });
    expect(String(vc)).toBe('S    2\nC    1\nName: e, dtype: int64');
  });
  it('long frames show first and last 5 rows and the shape', async () => {
    const t = await readCsv(path.join(DATA, 'train.csv'), { indexCol: 'PassengerId' }).select(['Age', 'Sex']).compute({ client });
    const text = String(t);
    expect(text.split('\n')[0]).toBe('              Age     Sex');
    expect(text.split('\n')[1]).toBe('PassengerId              ');
    expect(text).toContain('1            22.0    male');
    expect(text).toContain('...           ...     ...');
    expect(text.endsWith('[891 rows x 2 columns]')).toBe(true);
  });
  it('describe', async () => {
    const d = await fromColumns({ x: [1, 2, 3, 4] }).describe().compute({ client });
    expect(d.get('x')).toEqual([4, 2.5, Math.sqrt(5 / 3), 1, 1.75, 2.5, 3.25, 4]);
  });
});

describe('toCsv', () => {
  const df = readCsv(path.join(DATA, 'train.csv'), { indexCol: 'PassengerId', blocksize: 8192 });
  it('one file, like pandas to_csv', async () => {
    const out = path.join(tmp, 'one', 'train.csv');
    await df.toCsv(out, { client });
    const text = fs.readFileSync(out, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked');
    expect(lines[1]).toBe('1,0,3,"Braund, Mr. Owen Harris",male,22.0,1,0,A/5 21171,7.25,,S');
    expect(lines.length).toBe(893);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['train.csv']);
    const back = await readCsv(out, { indexCol: 'PassengerId' }).compute({ client });
    expect(back.toRecords()).toEqual((await df.compute({ client })).toRecords());
  });
  it('a folder of parts', async () => {
    const dir = path.join(tmp, 'parts') + path.sep;
    const paths = await df.toCsv(dir, { client });
    expect(paths.length).toBe(df.npartitions);
    const back = await readCsv(path.join(dir, '*.csv'), { indexCol: 'PassengerId' }).compute({ client });
    expect(back.length).toBe(891);
  });
  it('leaves no partial file when a partition fails', async () => {
    const bad = df.mapPartitions((t: { numRows: number }) => {
      if (t.numRows > 0) throw new Error('boom');
      return t;
    });
    const out = path.join(tmp, 'bad', 'x.csv');
    await expect(bad.toCsv(out, { client })).rejects.toThrow(/boom/);
    expect(fs.existsSync(path.join(tmp, 'bad')) ? fs.readdirSync(path.join(tmp, 'bad')) : []).toEqual([]);
    await expect(bad.toCsv(path.join(tmp, 'badparts') + path.sep, { client })).rejects.toThrow(/boom/);
    expect(fs.readdirSync(path.join(tmp, 'badparts'))).toEqual([]);
  });
});

describe('more verbs', () => {
  it('string ops, where, cast, isIn, rename, setIndex/resetIndex', async () => {
    const df = fromColumns({ s: [' Ab ', 'cd', null], x: [1, -2, 3] }, { dtype: { x: 'int64' } });
    const r = await df
      .assign({ t: col('s').strip().lower(), n: col('s').len(), c: col('s').contains('b', { case: false }), st: col('s').startsWith('c'), w: col('x').where(col('x').gt(0), 0), f: col('x').cast('float64').div(2), i: col('x').isIn([1, 3]) })
      .rename({ x: 'y' })
      .setIndex('y')
      .compute({ client });
    expect(r.toRecords()).toEqual([
      { y: 1, s: ' Ab ', t: 'ab', n: 4, c: true, st: false, w: 1, f: 0.5, i: true },
      { y: -2, s: 'cd', t: 'cd', n: 2, c: false, st: true, w: 0, f: -1, i: false },
      { y: 3, s: null, t: null, n: null, c: null, st: null, w: 3, f: 1.5, i: true },
    ]);
    expect((await df.setIndex('x').resetIndex().compute({ client })).columns).toEqual(['x', 's']);
  });
  it('join with a grouped frame (agg) and lazy scalar fillna', async () => {
    const df = fromColumns({ g: ['a', 'b', 'a', 'c'], v: [1, null, 3, 4] }, { npartitions: 2 });
    const stats = df.groupby('g').agg({ v: ['mean', 'count'] });
    const mean = df.col('v').mean();
    const r = await df.join(stats, { on: 'g' }).fillna({ v: mean }).compute({ client });
    expect(r.toRecords()).toEqual([
      { g: 'a', v: 1, v_mean: 2, v_count: 2 },
      { g: 'b', v: 8 / 3, v_mean: null, v_count: 0 },
      { g: 'a', v: 3, v_mean: 2, v_count: 2 },
      { g: 'c', v: 4, v_mean: 4, v_count: 1 },
    ]);
  });
});
