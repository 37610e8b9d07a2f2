/** Bad input fails when the expression is built, naming what is wrong and what to do. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { col, fromColumns, readCsv } from '../../src/frame/index.js';
import { DATA, inProcessClient } from './helpers.js';
import { failure } from './failure.js';

const env = inProcessClient();
afterAll(() => env.close());


const train = readCsv(path.join(DATA, 'train.csv'), { indexCol: 'PassengerId' });

describe('unknown columns', () => {
  it('lists the columns and suggests the closest', () => {
    for (const run of [
      () => train.col('Agee'),
      () => train.select(['Agee']),
      () => train.drop(['Agee']),
      () => train.assign({ x: col('Agee').add(1) }),
      () => train.groupby(['Pclass']).col('Agee'),
      () => train.groupby(['Pclas']),
      () => train.sortValues('Agee'),
      () => train.getDummies({ columns: ['Agee'] }),
      () => train.fillna({ Agee: 1 }),
    ]) {
      const err = failure(run);
      expect(err.code).toBe('ColumnNotFound');
      expect(err.message).toMatch(/unable to find column "(Agee|Pclas)"/);
      expect(err.message).toContain('"Survived"');
      expect(err.hint).toMatch(/did you mean "(Age|Pclass)"\?/);
    }
  });
});

describe('type mismatches', () => {
  it('in expressions', () => {
    expect(failure(() => train.assign({ x: col('Name').add(1) })).code).toBe('TypeMismatch');
    expect(failure(() => train.filter(col('Age').add(1))).code).toBe('TypeMismatch');
    expect(failure(() => train.filter(col('Sex').gt(3))).message).toMatch(/cannot compare string with int64/);
    expect(failure(() => train.assign({ x: col('Age').and(col('Fare')) })).code).toBe('TypeMismatch');
    expect(failure(() => train.assign({ x: col('Age').lower() })).code).toBe('TypeMismatch');
    expect(failure(() => train.assign({ x: col('Age').fillNull('old') })).code).toBe('TypeMismatch');
  });
  it('in verbs', () => {
    expect(failure(() => train.fillna({ Age: 'old' })).code).toBe('TypeMismatch');
    expect(failure(() => train.groupby('Sex').agg({ Name: 'mean' })).code).toBe('TypeMismatch');
    expect(failure(() => train.groupby('Sex').agg({ Age: 'meen' as never })).hint).toMatch(/did you mean/);
    const right = fromColumns({ Sex: [1, 2], w: [1, 2] });
    expect(failure(() => train.merge(right, { on: 'Sex' })).code).toBe('TypeMismatch');
    expect(failure(() => train.join(fromColumns({ Age: [1] }))).message).toMatch(/no index/);
  });
  it('a deferred frame says how to learn its columns', async () => {
    const d = train.getDummies({ columns: ['Sex'] });
    expect(failure(() => d.columns).hint).toMatch(/resolve/);
    const r = await d.resolve({ client: env.client });
    expect(r.columns.slice(-2)).toEqual(['Sex_female', 'Sex_male']);
  });
});
