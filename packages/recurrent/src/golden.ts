import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Tensor, tensor } from '@dnn/tensor';

/** A tensor in the fixtures: shape and row-major float64 data. */
export interface Arr { shape: number[]; data: number[] }

export const readFixture = <T>(name: string): { cases: T[] } =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { cases: T[] };

export const f64 = (a: Arr): Tensor => tensor(Float64Array.from(a.data), { shape: a.shape });

/** Every element within `tol` relative (or 1e-10 absolute) of PyTorch's; names the worst element. */
export function expectCloseTo(actual: Tensor, expected: Arr, what: string, tol = 1e-9): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.cast('float64').dataSync();
  let worst = 0, at = -1;
  expected.data.forEach((e, i) => {
    const diff = Math.abs(a[i]! - e);
    const err = diff / (1e-9 + Math.abs(e));
    if (diff > tol * 0.1 && err > worst) { worst = err; at = i; }
  });
  expect(worst, `${what}: worst element ${at} is ${a[at]} vs ${expected.data[at]}`).toBeLessThan(tol);
}
