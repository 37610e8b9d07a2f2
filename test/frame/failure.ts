/** The TuskError a synchronous call throws (any other error, or none, fails the test). */
import { isTuskError, type TuskError } from '../../src/errors.js';

export function failure(run: () => unknown): TuskError {
  try {
    run();
  } catch (err) {
    if (isTuskError(err)) return err;
    throw err;
  }
  throw new Error('expected a TuskError, got a result');
}
