import { type Tensor, ShapeError, fmtShape, softplus } from '@dnn/tensor';

const LOG_2PI = Math.log(2 * Math.PI);

function sameShape(fn: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${fn}: expected tensors of one shape, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
}

/** Sums every dimension after the first: one value per sample, shape [N]. */
export function sumPerSample(t: Tensor): Tensor {
  if (t.rank <= 1) return t;
  return t.reshape([t.shape[0]!, -1]).sum(1);
}

/**
 * KL(N(μ, diag σ²) ‖ N(0, I)) per sample, in closed form, from μ and log σ²:
 * KL = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²). Shape [N].
 */
export function gaussianKLStandard(mu: Tensor, logvar: Tensor): Tensor {
  sameShape('gaussianKLStandard', mu, logvar);
  return sumPerSample(mu.square().add(logvar.exp()).sub(1).sub(logvar).mul(0.5));
}

/**
 * KL(N(μ₁, diag σ₁²) ‖ N(μ₂, diag σ₂²)) per sample, in closed form from the means and log-variances:
 * KL = ½ Σ_j (log σ₂² − log σ₁² + (σ₁² + (μ₁ − μ₂)²) / σ₂² − 1). Shape [N].
 */
export function gaussianKL(mu1: Tensor, logvar1: Tensor, mu2: Tensor, logvar2: Tensor): Tensor {
  sameShape('gaussianKL', mu1, logvar1);
  sameShape('gaussianKL', mu2, logvar2);
  const ratio = logvar1.exp().add(mu1.sub(mu2).square()).div(logvar2.exp());
  return sumPerSample(logvar2.sub(logvar1).add(ratio).sub(1).mul(0.5));
}

/** log N(x; μ, diag exp(logvar)) per sample: −½ Σ (log 2π + logvar + (x − μ)² / exp(logvar)). Shape [N]. */
export function gaussianLogProb(x: Tensor, mu: Tensor, logvar: Tensor): Tensor {
  const quad = x.sub(mu).square().mul(logvar.neg().exp());
  return sumPerSample(quad.add(logvar).add(LOG_2PI).mul(-0.5));
}

/** log N(x; 0, I) per sample: −½ Σ (x² + log 2π). Shape [N]. */
export function standardNormalLogProb(x: Tensor): Tensor {
  return sumPerSample(x.square().add(LOG_2PI).mul(-0.5));
}

/**
 * log Bernoulli(x; sigmoid(ℓ)) per sample from logits ℓ, stable for every ℓ:
 * x·ℓ − softplus(ℓ) (the negative of binary cross-entropy with logits). Shape [N].
 */
export function bernoulliLogProb(x: Tensor, logits: Tensor): Tensor {
  sameShape('bernoulliLogProb', x, logits);
  // softplus with threshold ∞ would overflow; the library's threshold switches to ℓ itself for ℓ > 20
  return sumPerSample(x.mul(logits).sub(softplus(logits)));
}
