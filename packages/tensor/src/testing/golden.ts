import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DType } from '../dtype';
import type { Device } from '../device';
import { tensor } from '../ops/creation';
import type { Tensor } from '../tensor';

/** A tensor as the fixture generators in tooling/fixtures write it: flat row-major data. */
export interface TensorSpec {
  dtype: DType;
  shape: number[];
  data: number[];
}

/** Reads a committed fixture from packages/tensor/fixtures (test-only: uses node:fs). */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
}

export function fromSpec(s: TensorSpec, opts: { requiresGrad?: boolean; device?: Device } = {}): Tensor {
  return tensor(s.data, { dtype: s.dtype, shape: s.shape, ...opts });
}

/** Element-wise |actual - expected| ≤ atol + rtol·|expected|, failing with the first offending index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { rtol?: number; atol?: number }, label = ''): void {
  const rtol = tol.rtol ?? 0;
  const atol = tol.atol ?? 0;
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`${label}: element ${worst} is ${Number(actual[worst])}, expected ${Number(expected[worst])} (rtol ${rtol}, atol ${atol})`);
  }
}
