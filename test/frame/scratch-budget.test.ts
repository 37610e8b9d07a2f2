/**
 * Scratch buffers are kept between uses up to the thread's budget (store/gc.ts; a worker's is a
 * share of the memory limit), one buffer at most half of it; beyond, each request gets a fresh
 * buffer that is not kept.
 */
import { afterEach, expect, it } from 'vitest';
import { scratchI32 } from '../../src/frame/ops/scratch.js';
import { setScratchBudget } from '../../src/store/gc.js';

const MiB = 2 ** 20;
afterEach(() => setScratchBudget(128 * MiB));

it('keeps a buffer up to half the budget, and not one past it', () => {
  setScratchBudget(128 * MiB);
  const a = scratchI32('test.budget.a', (50 * MiB) / 4);
  expect(scratchI32('test.budget.a', (50 * MiB) / 4).buffer).toBe(a.buffer); // 50 MiB ≤ 64: kept
  const b = scratchI32('test.budget.b', (100 * MiB) / 4);
  expect(scratchI32('test.budget.b', (100 * MiB) / 4).buffer).not.toBe(b.buffer); // 100 MiB > 64: fresh each time
  setScratchBudget(512 * MiB);
  const c = scratchI32('test.budget.c', (100 * MiB) / 4);
  expect(scratchI32('test.budget.c', (100 * MiB) / 4).buffer).toBe(c.buffer); // a larger budget keeps it
});
