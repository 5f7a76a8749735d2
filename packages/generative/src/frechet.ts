import { type Tensor, ShapeError, fmtShape } from '@dnn/tensor';
import { matmulHost, sqrtPsd, symmetricEigen, trace, type Matrix } from './linalg';

/** Mean and unbiased covariance (divisor N − 1) of the rows of a [N, D] host array. */
export function momentsOf(rows: ArrayLike<number>, n: number, d: number): { mean: number[]; cov: Matrix } {
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += rows[i * d + j]! / n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const cj = rows[i * d + j]! - mean[j]!;
      for (let k = j; k < d; k++) cov[j]![k]! += (cj * (rows[i * d + k]! - mean[k]!)) / (n - 1);
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j]![k] = cov[k]![j]!;
  return { mean, cov };
}

/**
 * Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂):
 *   ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}),
 * the trace of the cross term taken from the eigenvalues of the symmetric Σ₁^{1/2} Σ₂ Σ₁^{1/2}
 * (equal to tr (Σ₁Σ₂)^{1/2}).
 */
export function frechetDistanceFromMoments(mu1: readonly number[], cov1: Matrix, mu2: readonly number[], cov2: Matrix): number {
  const s1 = sqrtPsd(cov1);
  const inner = matmulHost(matmulHost(s1, cov2), s1);
  const sym = inner.map((r, i) => r.map((v, j) => (v + inner[j]![i]!) / 2));
  const cross = symmetricEigen(sym).values.reduce((acc, l) => acc + Math.sqrt(Math.max(l, 0)), 0);
  const dmu = mu1.reduce((acc, m, i) => acc + (m - mu2[i]!) ** 2, 0);
  return dmu + trace(cov1) + trace(cov2) - 2 * cross;
}

/**
 * The Fréchet distance between two sets of feature vectors [N, D] and [M, D] (FID when the features are
 * a classifier's penultimate activations): each set summarized by its mean and covariance.
 */
export function frechetDistance(a: Tensor, b: Tensor): number {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[1]) {
    throw new ShapeError(`frechetDistance: expected features [N, D] and [M, D], got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const d = a.shape[1]!;
  const ma = momentsOf(a.dataSync(), a.shape[0]!, d);
  const mb = momentsOf(b.dataSync(), b.shape[0]!, d);
  return frechetDistanceFromMoments(ma.mean, ma.cov, mb.mean, mb.cov);
}
