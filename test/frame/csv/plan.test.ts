/**
 * Partition planning: contiguous ranges covering the data, each starting at a record start (never
 * inside a quoted newline), each knowing its first line; and files bigger than one read chunk.
 */
import fs from 'node:fs';
import os from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { planCsvPartitions, readCsvTable } from '../../../src/frame/csv/index.js';
import { columns, removeTmp, tmpFile } from './helpers.js';

afterAll(removeTmp);

describe('planCsvPartitions', () => {
  it('never cuts inside a quoted field, even one holding newlines across the boundary', () => {
    const text = 'id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"a ""quoted"" word\r\nover two lines"\n';
    for (let blocksize = 1; blocksize <= text.length; blocksize++) {
      const file = tmpFile(text);
      const { partitions } = planCsvPartitions(file, { blocksize });
      const starts = partitions.map((p) => p.start);
      // The only record starts: after the header (8), after record 1 (31), after record 2 (39).
      expect(starts.every((s) => [8, 31, 39].includes(s)), `blocksize ${blocksize}: ${starts.join(',')}`).toBe(true);
      expect(columns(readCsvTable(file, { blocksize })).note).toEqual(['first\nsecond\nthird', 'plain', 'a "quoted" word\r\nover two lines']);
    }
  });

  it('gives contiguous ranges over the data, each with its first line number', () => {
    const record = fc.tuple(fc.constantFrom('x', '"q,\n"', '"a""b"', '12" pipe', ''), fc.constantFrom('1', '', '"\n\n"'));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 50 }), (recs, nl, blocksize) => {
        const text = `a,b${nl}${recs.map((r) => r.join(',')).join(nl)}${nl}`;
        const file = tmpFile(text);
        const { files, partitions } = planCsvPartitions(file, { blocksize });
        expect(partitions[0]!.start).toBe(files[0]!.dataStart);
        expect(partitions.at(-1)!.end).toBe(Buffer.byteLength(text));
        partitions.forEach((p, i) => {
          if (i > 0) expect(p.start).toBe(partitions[i - 1]!.end);
          const before = Buffer.from(text).subarray(0, p.start).toString();
          expect(p.startLine).toBe(before.split('\n').length);
        });
        expect(columns(readCsvTable(file, { blocksize, dtype: 'string' }))).toEqual(columns(readCsvTable(file, { dtype: 'string' })));
      }),
      { numRuns: 150 },
    );
  });

  it('handles files larger than one read chunk (4 MiB), quoted newlines straddling chunk ends', () => {
    const rows: string[] = [];
    for (let i = 0, size = 0; size < 5 * 1024 * 1024; i++) {
      const row = `${i},"${'long text, '.repeat(i % 50)}\nline ${i}",${i * 0.5}`;
      rows.push(row);
      size += row.length + 1;
    }
    const file = tmpFile(`n,text,x\n${rows.join('\n')}\n`);
    const plan = planCsvPartitions(file, { blocksize: 1024 * 1024 });
    expect(plan.partitions.length).toBeGreaterThanOrEqual(5);
    const t = readCsvTable(file, { blocksize: 1024 * 1024, sample: 'all' });
    expect(t.numRows).toBe(rows.length);
    expect(t.batches.length).toBe(plan.partitions.length);
    const text = t.getChild('text')!;
    for (const i of [0, 1, 4999, rows.length - 1]) expect(text.get(i)).toBe(`${'long text, '.repeat(i % 50)}\nline ${i}`);
    expect(Number(t.getChild('n')!.get(rows.length - 1))).toBe(rows.length - 1);
    expect(plan.partitions.every((p) => p.startLine % 2 === 0)).toBe(true); // every record spans two lines
    fs.rmSync(file);
  });

  it('takes blocksize as a size string, and by default splits a small file so every core gets two partitions', () => {
    const row = 'abcdefghij,1234567890\n';
    const file = tmpFile(`a,b\n${row.repeat(Math.ceil((9 * 1024 * 1024) / row.length))}`);
    const size = fs.statSync(file).size;
    // Every partition but the last holds at least `b` bytes and less than b plus one record.
    const check = (parts: { start: number; end: number }[], b: number) => {
      parts.slice(0, -1).forEach((p) => {
        expect(p.end - p.start).toBeGreaterThanOrEqual(b);
        expect(p.end - p.start).toBeLessThan(b + row.length);
      });
      expect(parts.at(-1)!.end).toBe(size);
      expect(parts.length).toBeGreaterThanOrEqual(Math.floor((size - 4) / b));
      expect(parts.length).toBeLessThanOrEqual(Math.ceil((size - 4) / b));
    };
    check(planCsvPartitions(file, { blocksize: '1MiB' }).partitions, 2 ** 20);
    check(planCsvPartitions(file, { blocksize: '3MB' }).partitions, 3e6);
    expect(() => planCsvPartitions(file, { blocksize: 'lots' })).toThrow(/blocksize: cannot read "lots" as a size/);
    // Default: min(64 MiB, max(4 MiB, size / (2 × cores))).
    const auto = planCsvPartitions(file).partitions;
    check(auto, Math.min(64 * 2 ** 20, Math.max(4 * 2 ** 20, Math.ceil(size / (2 * os.availableParallelism())))));
    expect(auto.length).toBeGreaterThan(1);
  });
});
