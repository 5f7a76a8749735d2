import fc from 'fast-check';
import { DnnError } from '../errors';

/**
 * Shared pieces of the fuzz pass: hostile values, and the rule every public function must keep —
 * return a correct result or throw a DnnError; never a RangeError, a TypeError or a stack overflow.
 */

/** Numbers a careless or hostile caller passes where a size, dim or index is expected. */
export const hostileNumber = fc.constantFrom(NaN, Infinity, -Infinity, -1, -7, -0, 2.5, 1e10, 2 ** 32 + 1, 2 ** 53, 1e300, Number.MAX_VALUE);
/** Values of the wrong type (every one of them turns into a string for a message). */
export const wrongType = fc.constantFrom<unknown>(null, undefined, '3', 'abc', true, {}, [], [2], { length: 2 }, 3n);

/**
 * A size: mostly small (so valid shapes stay tiny), sometimes hostile. No size lies between 5 and
 * 2^32, so a shape the library accepts never needs more than a few kilobytes.
 */
export const size = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: hostileNumber }, { weight: 1, arbitrary: wrongType });
/** A dim or index argument: small (negative ones included) or hostile. */
export const dimArg = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -4, max: 4 }) }, { weight: 1, arbitrary: hostileNumber }, { weight: 1, arbitrary: wrongType });
/** A shape argument: an array of sizes, sometimes not an array at all. */
export const shapeArg = fc.oneof({ weight: 8, arbitrary: fc.array(size, { maxLength: 5 }) }, { weight: 1, arbitrary: wrongType });

/** Counts of one fuzz target: cases run, correct results, typed refusals. */
export interface Tally {
  runs: number;
  results: number;
  refused: number;
}
export const tally = (): Tally => ({ runs: 0, results: 0, refused: 0 });

/**
 * Runs `work`; a result is checked by `check` (which throws on a wrong one), a DnnError is a proper
 * refusal, and anything else fails the property with the error's class and message.
 */
export function handled<T>(t: Tally, work: () => T, check: (r: T) => void = () => {}): void {
  t.runs++;
  let r: T;
  try {
    r = work();
  } catch (e) {
    if (e instanceof DnnError) {
      t.refused++;
      return;
    }
    throw new Error(`not a DnnError: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
  check(r);
  t.results++;
}

/** The async form of `handled`. */
export async function handledAsync<T>(t: Tally, work: () => Promise<T>, check: (r: T) => void = () => {}): Promise<void> {
  t.runs++;
  let r: T;
  try {
    r = await work();
  } catch (e) {
    if (e instanceof DnnError) {
      t.refused++;
      return;
    }
    throw new Error(`not a DnnError: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
  }
  check(r);
  t.results++;
}

/** A shape is sound: non-negative integer sizes. */
export function expectSoundShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`unsound shape [${String(shape)}]`);
}
