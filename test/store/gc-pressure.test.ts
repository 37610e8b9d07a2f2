/**
 * Forced collections of dropped buffers (`noteReleased`) wait for memory pressure when a check
 * is set (worker threads: past 0.6 of the memory limit), and the bytes reported meanwhile still
 * count once pressure comes.
 */
import { afterEach, expect, it } from 'vitest';
import { forcedCollections, noteReleased, setGcPressure, setGcThreshold } from '../../src/store/gc.js';

afterEach(() => setGcPressure(null));

it('collects past the threshold only under pressure, with what was reported before', () => {
  setGcThreshold(16 * 2 ** 20);
  let tight = false;
  setGcPressure(() => tight);
  const before = forcedCollections();
  noteReleased(64 * 2 ** 20);
  noteReleased(64 * 2 ** 20);
  expect(forcedCollections()).toBe(before); // plenty of memory: V8's own schedule
  tight = true;
  noteReleased(1); // the 128 MiB reported before still count
  expect(forcedCollections()).toBe(before + 1);
});
