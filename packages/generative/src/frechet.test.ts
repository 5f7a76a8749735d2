import { describe, it, expect } from 'vitest';
import { Generator, randn, tensor } from '@dnn/tensor';
import { frechetDistance, frechetDistanceFromMoments, symmetricEigen, sqrtPsd, type Matrix } from './index';

/** A rotation of the plane pair (0,1) and (2,3) and a diagonal: Σ = R diag(d) Rᵀ, not diagonal. */
function rotatedCov(d: number[]): Matrix {
  const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
  const r = [[c, -s, 0, 0], [s, c, 0, 0], [0, 0, c, s], [0, 0, -s, c]];
  return r.map((ri) => r.map((rj) => ri.reduce((acc, v, k) => acc + v * d[k]! * rj[k]!, 0)));
}

describe('Fréchet distance', () => {
  it('symmetric eigendecomposition reconstructs the matrix and its square root squares back', () => {
    const a = rotatedCov([4, 1, 0.25, 2]);
    const { values } = symmetricEigen(a);
    expect([...values].sort((x, y) => x - y).map((v) => +v.toFixed(12))).toEqual([0.25, 1, 2, 4]);
    const s = sqrtPsd(a);
    a.forEach((row, i) => row.forEach((v, j) => expect(s[i]!.reduce((acc, x, k) => acc + x * s[k]![j]!, 0)).toBeCloseTo(v, 12)));
  });

  it('matches the closed forms: Σ₂ = a²Σ₁ gives ‖Δμ‖² + (1 − a)² tr Σ₁; diagonal ones Σ (σ₁ − σ₂)²', () => {
    const c1 = rotatedCov([4, 1, 0.25, 2]);
    const c2 = c1.map((r) => r.map((v) => 2.25 * v));
    const mu1 = [0, 1, 2, 3], mu2 = [1, 1, 0, 3];
    expect(frechetDistanceFromMoments(mu1, c1, mu2, c2)).toBeCloseTo(5 + 0.25 * 7.25, 10);
    const d1 = [[4, 0], [0, 9]], d2 = [[1, 0], [0, 16]];
    expect(frechetDistanceFromMoments([0, 0], d1, [0, 0], d2)).toBeCloseTo(1 + 1, 12);
    expect(frechetDistanceFromMoments(mu1, c1, mu1, c1)).toBeCloseTo(0, 10);
  });

  it('on samples: near the population value for two Gaussians, and it rejects mismatched widths', () => {
    const g = new Generator(3);
    const a = randn([4000, 3], { dtype: 'float64', generator: g });
    const b = randn([4000, 3], { dtype: 'float64', generator: g }).mul(2).add(tensor([1, 0, 0], { dtype: 'float64' }));
    // population: ‖Δμ‖² = 1 and (2 − 1)²·3 = 3
    expect(Math.abs(frechetDistance(a, b) - 4)).toBeLessThan(0.25);
    expect(() => frechetDistance(a, randn([4, 2]))).toThrow(/frechetDistance: expected features \[N, D\] and \[M, D\]/);
  });
});
