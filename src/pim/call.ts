/** Runs one SDK call and turns whatever it throws into a typed `PimError`. */
import { toPimError } from './errors.js';

export async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw toPimError(err);
  }
}
