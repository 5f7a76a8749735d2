import { describe, it, expect } from 'vitest';
import { tensor } from '@dnn/tensor';
import { gaussianKL, gaussianKLStandard, bernoulliLogProb, gaussianLogProb } from './index';

const f64 = (a: number[][]) => tensor(a, { dtype: 'float64' });

/** ∫ q log(q/p) dx for 1-D normals by Simpson's rule on ±12 standard deviations: independent of the closed form. */
function klByQuadrature(m1: number, s1: number, m2: number, s2: number): number {
  const pdf = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  const lo = m1 - 12 * s1, hi = m1 + 12 * s1, n = 4000, h = (hi - lo) / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const q = pdf(x, m1, s1);
    const f = q > 0 ? q * (Math.log(q) - Math.log(pdf(x, m2, s2))) : 0;
    acc += f * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
  }
  return (acc * h) / 3;
}

describe('Gaussian KL in closed form', () => {
  const mu1 = [[0.3, -1.2, 2.0], [0, 0.5, -0.7]];
  const lv1 = [[-0.4, 0.8, -2.0], [0, 1.5, 0.1]];
  const mu2 = [[1.0, 0.2, -0.5], [0.4, -0.3, 0.0]];
  const lv2 = [[0.5, -0.6, 0.3], [-1.0, 0.2, 0.9]];

  it('matches numerical integration against N(0, I), per sample', () => {
    const kl = gaussianKLStandard(f64(mu1), f64(lv1)).dataSync();
    expect(kl.length).toBe(2);
    mu1.forEach((row, n) => {
      const expected = row.reduce((acc, m, j) => acc + klByQuadrature(m, Math.exp(0.5 * lv1[n]![j]!), 0, 1), 0);
      expect(kl[n]).toBeCloseTo(expected, 9);
    });
  });

  it('matches numerical integration between two diagonal Gaussians and is 0 for equal ones', () => {
    const kl = gaussianKL(f64(mu1), f64(lv1), f64(mu2), f64(lv2)).dataSync();
    mu1.forEach((row, n) => {
      const expected = row.reduce((acc, m, j) => acc + klByQuadrature(m, Math.exp(0.5 * lv1[n]![j]!), mu2[n]![j]!, Math.exp(0.5 * lv2[n]![j]!)), 0);
      expect(kl[n]).toBeCloseTo(expected, 9);
    });
    expect(Array.from(gaussianKL(f64(mu1), f64(lv1), f64(mu1), f64(lv1)).dataSync())).toEqual([0, 0]);
  });

  it('rejects mismatched shapes naming the function', () => {
    expect(() => gaussianKLStandard(f64([[1, 2]]), f64([[1, 2, 3]]))).toThrow(/gaussianKLStandard: .*\[1,2\].*\[1,3\]/);
  });
});

describe('likelihoods', () => {
  it('Bernoulli log-probability from logits is exact and finite for extreme logits', () => {
    const logits = [[-100, -3, 0, 2.5, 40]];
    const x = [[0, 1, 1, 0, 1]];
    const lp = bernoulliLogProb(f64(x), f64(logits)).item();
    // log σ(ℓ) = −log(1 + e^−ℓ), log(1 − σ(ℓ)) = −log(1 + e^ℓ), evaluated where they do not overflow
    const logSig = (l: number) => (l > 0 ? -Math.log1p(Math.exp(-l)) : l - Math.log1p(Math.exp(l)));
    const expected = logits[0]!.reduce((acc, l, j) => acc + (x[0]![j] ? logSig(l) : logSig(-l)), 0);
    expect(lp).toBeCloseTo(expected, 10);
    expect(Number.isFinite(bernoulliLogProb(f64([[1]]), f64([[-800]])).item())).toBe(true);
  });

  it('Gaussian log-density matches the formula', () => {
    const lp = gaussianLogProb(f64([[1, -2]]), f64([[0.5, 0]]), f64([[0, Math.log(4)]])).item();
    const expected = -0.5 * (Math.log(2 * Math.PI) + 0.25) - 0.5 * (Math.log(2 * Math.PI) + Math.log(4) + 1);
    expect(lp).toBeCloseTo(expected, 12);
  });
});
