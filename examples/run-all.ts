/** `npm start`: the tutorial walkthrough, every part that exists so far, in order. */
import { main as futures } from './01-futures.js';
import { main as frames } from './02-titanic-frames.js';
import { main as gridSearch } from './03-titanic-grid-search.js';

const parts: Array<[string, () => Promise<void>]> = [
  ['01 — futures on a local cluster', futures],
  ['02 — the Titanic data frames, preprocessed as in the tutorial', frames],
  ['03 — grid search with cross-validation on the cluster, and a submission', () => gridSearch()],
];

for (const [title, run] of parts) {
  console.log(`\n=== ${title} ===`);
  await run();
}
console.log('\nall examples finished');
