/** The AppError a call throws; fails the test when it throws something else or nothing. */
import { AppError } from '../../src/errors/app-error.ts';

export function catchError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** The AppError a promise rejects with; fails the test when it rejects with something else or resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
