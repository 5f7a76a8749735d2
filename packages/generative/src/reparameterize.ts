import { type Tensor, type Generator, randn } from '@dnn/tensor';

/**
 * The reparameterized Gaussian sample z = μ + σ·ε with ε ~ N(0, I) drawn from the counter-based
 * generator, so that ∂z/∂μ = 1 and ∂z/∂σ = ε flow back to the encoder.
 */
export function reparameterize(mu: Tensor, sigma: Tensor, opts: { generator?: Generator; eps?: Tensor } = {}): Tensor {
  const eps = opts.eps ?? randn(mu.shape, { dtype: mu.dtype, device: mu.device, generator: opts.generator });
  return mu.add(sigma.mul(eps));
}

/** σ = exp(½ log σ²): the standard deviation from the log-variance an encoder predicts. */
export const stdFromLogvar = (logvar: Tensor): Tensor => logvar.mul(0.5).exp();
