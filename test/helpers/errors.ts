/** The ImageError a piece of work fails with; the test fails if it succeeds or throws anything else. */
import { expect } from 'vitest';
import { ImageError } from '../../src/image/errors.js';

export async function imageErrorOf(work: () => Promise<unknown>): Promise<ImageError> {
  try {
    await work();
  } catch (err) {
    expect(err).toBeInstanceOf(ImageError);
    return err as ImageError;
  }
  throw new Error('expected an ImageError');
}
