import { type Tensor, type Generator, rand, ValueError } from '@dnn/tensor';
import { sumPerSample } from './distributions';

/**
 * Uniform dequantization of integer pixel values v ∈ {0, …, levels − 1}: x = (v + u) / levels with
 * u ~ U[0, 1), so a density on [0, 1]^D bounds the discrete log-likelihood (in bits per dimension via
 * `bitsPerDim`).
 */
export function dequantize(pixels: Tensor, opts: { levels?: number; generator?: Generator } = {}): Tensor {
  const levels = opts.levels ?? 256;
  const u = rand(pixels.shape, { dtype: pixels.dtype === 'float64' ? 'float64' : 'float32', device: pixels.device, generator: opts.generator });
  return pixels.cast(u.dtype).add(u).div(levels);
}

/**
 * The logit transform that maps [0, 1] data to the real line for a flow:
 *   y = logit(α + (1 − 2α)·x),  log |dy/dx| = Σ_j [log(1 − 2α) − log p_j − log(1 − p_j)], p = α + (1 − 2α)x,
 * per sample. α (default 1e-6 as in RealNVP; 0.05 is common for images) keeps y finite at 0 and 1.
 */
export function logitTransform(x: Tensor, alpha = 1e-6): { y: Tensor; logDet: Tensor } {
  if (!(alpha >= 0 && alpha < 0.5)) throw new ValueError(`logitTransform: alpha must be in [0, 0.5), got ${alpha}`);
  const p = x.mul(1 - 2 * alpha).add(alpha);
  const logP = p.log(), log1mP = p.rsub(1).log();
  return { y: logP.sub(log1mP), logDet: sumPerSample(log1mP.add(logP).neg().add(Math.log(1 - 2 * alpha))) };
}
