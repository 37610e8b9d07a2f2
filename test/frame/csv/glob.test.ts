/** `*`, `?` and `**` over a small tree; sorted results; several files read as one table. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPaths, planCsvPartitions, readCsvTable } from '../../../src/frame/csv/index.js';
import { removeTmp, tmpDir } from './helpers.js';

afterAll(removeTmp);

function tree(): string {
  const root = path.join(tmpDir(), 'tree');
  for (const f of ['b.csv', 'a.csv', 'a10.csv', 'a2.csv', '.hidden.csv', 'x.txt', 'sub/c.csv', 'sub/deep/d.csv', 'sub2/e.csv']) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), `n\n${f}\n`);
  }
  return root;
}

describe('glob', () => {
  const root = tree();
  const rel = (ps: string[]) => ps.map((p) => path.relative(root, p));

  it('* within a folder, sorted, no dot files', () => {
    expect(rel(expandPaths(path.join(root, '*.csv')))).toEqual(['a.csv', 'a10.csv', 'a2.csv', 'b.csv']);
  });

  it('? is one character', () => {
    expect(rel(expandPaths(path.join(root, 'a?.csv')))).toEqual(['a2.csv']);
  });

  it('** spans folders, zero or more', () => {
    expect(rel(expandPaths(path.join(root, '**/*.csv')))).toEqual(['a.csv', 'a10.csv', 'a2.csv', 'b.csv', 'sub/c.csv', 'sub/deep/d.csv', 'sub2/e.csv']);
    expect(rel(expandPaths(path.join(root, 'sub*/*.csv')))).toEqual(['sub/c.csv', 'sub2/e.csv']);
  });

  it('a list keeps its order; relative patterns stay relative', () => {
    expect(rel(expandPaths([path.join(root, 'b.csv'), path.join(root, 'a*.csv')]))).toEqual(['b.csv', 'a.csv', 'a10.csv', 'a2.csv']);
    const cwd = process.cwd();
    try {
      process.chdir(root);
      expect(expandPaths('sub/**/*.csv')).toEqual(['sub/c.csv', 'sub/deep/d.csv']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads the files of a glob as one table, file by file, each with its own header', () => {
    const t = readCsvTable(path.join(root, '**/*.csv'));
    expect(t.getChild('n')!.toArray()).toEqual(['a.csv', 'a10.csv', 'a2.csv', 'b.csv', 'sub/c.csv', 'sub/deep/d.csv', 'sub2/e.csv']);
    expect(planCsvPartitions(path.join(root, '**/*.csv')).partitions.every((p) => p.startLine === 2)).toBe(true);
  });
});
