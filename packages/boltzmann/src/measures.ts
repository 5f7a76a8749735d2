import { ValueError, arange, getDefaultGenerator, tensor, noGrad, randint, tidy, type Generator, type Tensor } from '@dnn/tensor';
import type { RBM } from './rbm';

/**
 * Mean squared reconstruction error per visible unit: ⟨(v − E[v | h = p(h | v)])²⟩ over rows and
 * units (the deterministic mean-field pass up and down).
 */
export function reconstructionError(rbm: RBM, v: Tensor): number {
  return noGrad(() => tidy(() => rbm.visibleMean(rbm.hiddenProbs(v)).sub(v).square().mean().item()));
}

/** log σ(x) = −softplus(−x), stable. */
const logSigmoid = (x: Tensor): Tensor => x.neg().softplus().neg();

/**
 * Stochastic pseudo-likelihood as scikit-learn's `BernoulliRBM.score_samples` defines it: for each
 * row, one unit i drawn uniformly is flipped (v → 1 − v at i) and the score is
 * nVisible · log σ(F(ṽ) − F(v)), [N]. The unit index comes from the generator, or from `indices`
 * (one per row) to reproduce another implementation's draws.
 */
export function pseudoLikelihood(rbm: RBM, v: Tensor, opts: { generator?: Generator; indices?: readonly number[] } = {}): Tensor {
  checkBernoulli(rbm, 'pseudoLikelihood');
  return noGrad(() => tidy(() => {
    const [rows, n] = v.shape as [number, number];
    if (opts.indices && opts.indices.length !== rows) throw new ValueError(`pseudoLikelihood: ${opts.indices.length} indices for ${rows} rows`);
    const idx = opts.indices
      ? tensor(Int32Array.from(opts.indices), { shape: [rows, 1], dtype: 'int32', device: v.device })
      : randint(0, n, [rows, 1], { generator: opts.generator ?? getDefaultGenerator(), device: v.device });
    const flip = idx.cast(v.dtype).eq(rangeRow(n, v)).cast(v.dtype);
    const flipped = v.add(flip.mul(v.mul(-2).add(1)));
    return logSigmoid(rbm.freeEnergy(flipped).sub(rbm.freeEnergy(v))).mul(n);
  }));
}

/** The deterministic pseudo-likelihood Σᵢ log p(vᵢ | v₋ᵢ) = Σᵢ log σ(F(v with unit i flipped) − F(v)), [N]. */
export function pseudoLikelihoodAllBits(rbm: RBM, v: Tensor): Tensor {
  checkBernoulli(rbm, 'pseudoLikelihoodAllBits');
  return noGrad(() => tidy(() => {
    const [rows, n] = v.shape as [number, number];
    const f = rbm.freeEnergy(v);
    // every row repeated n times, the r-th copy with unit r flipped: [rows·n, n]
    const eye = rangeRow(n, v).eq(rangeRow(n, v).reshape([n, 1])).cast(v.dtype);
    const rep = v.reshape([rows, 1, n]).expand([rows, n, n]);
    const flipped = rep.add(eye.mul(rep.mul(-2).add(1))).reshape([rows * n, n]);
    const fFlipped = rbm.freeEnergy(flipped).reshape([rows, n]);
    return logSigmoid(fFlipped.sub(f.reshape([rows, 1]))).sum(1);
  }));
}

/** [1, n]: 0, 1, …, n−1 in like's dtype and device. */
function rangeRow(n: number, like: Tensor): Tensor {
  return arange(0, n, 1, { dtype: like.dtype, device: like.device }).reshape([1, n]);
}

function checkBernoulli(rbm: RBM, what: string): void {
  if (rbm.visible !== 'bernoulli') throw new ValueError(`${what}: needs Bernoulli visible units, got ${rbm.visible}`);
}
