import { type Tensor, type Generator, ValueError, ShapeError, fmtShape, rand, gradients, binaryCrossEntropyWithLogits, enableGrad } from '@dnn/tensor';

/**
 * The discriminator's loss on logits: −mean log σ(D(x)) − mean log(1 − σ(D(G(z)))), with one-sided label
 * smoothing: real targets are 1 − labelSmoothing (default 0), fake targets stay 0.
 */
export function discriminatorLoss(realLogits: Tensor, fakeLogits: Tensor, opts: { labelSmoothing?: number } = {}): Tensor {
  const s = opts.labelSmoothing ?? 0;
  if (!(s >= 0 && s < 1)) throw new ValueError(`discriminatorLoss: labelSmoothing must be in [0, 1), got ${s}`);
  const real = binaryCrossEntropyWithLogits(realLogits, realLogits.zerosLike().add(1 - s));
  const fake = binaryCrossEntropyWithLogits(fakeLogits, fakeLogits.zerosLike());
  return real.add(fake);
}

/** The non-saturating generator loss: −mean log σ(D(G(z))) = mean softplus(−D(G(z))). */
export function generatorLoss(fakeLogits: Tensor): Tensor {
  return binaryCrossEntropyWithLogits(fakeLogits, fakeLogits.onesLike());
}

/** The Wasserstein critic's loss: mean C(G(z)) − mean C(x) (add the gradient penalty for WGAN-GP). */
export function criticLoss(realScores: Tensor, fakeScores: Tensor): Tensor {
  return fakeScores.mean().sub(realScores.mean());
}

/** The Wasserstein generator's loss: −mean C(G(z)). */
export function wassersteinGeneratorLoss(fakeScores: Tensor): Tensor {
  return fakeScores.mean().neg();
}

export interface GradientPenaltyOptions {
  generator?: Generator;
  /** Interpolation weights [N] (drawn uniformly in [0, 1) when absent). */
  alpha?: Tensor;
}

/**
 * WGAN-GP's gradient penalty: mean over x̂ = α·x + (1 − α)·x̃ of (‖∇_x̂ C(x̂)‖₂ − 1)², α ~ U[0, 1) per
 * sample. The inner gradient is recorded (createGraph), so the penalty's gradient reaches the critic's
 * parameters — a gradient of a gradient.
 */
export function gradientPenalty(critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, opts: GradientPenaltyOptions = {}): Tensor {
  if (real.shape.length !== fake.shape.length || real.shape.some((d, i) => d !== fake.shape[i])) {
    throw new ShapeError(`gradientPenalty: real ${fmtShape(real.shape)} and fake ${fmtShape(fake.shape)} differ`);
  }
  const n = real.shape[0]!;
  return enableGrad(() => {
    const alpha = opts.alpha ?? rand([n], { dtype: real.dtype, device: real.device, generator: opts.generator });
    const a = alpha.reshape([n, ...real.shape.slice(1).map(() => 1)]);
    const mixed = real.detach().mul(a).add(fake.detach().mul(a.rsub(1))).detach();
    mixed.requiresGrad = true;
    const [g] = gradients(critic(mixed).sum(), [mixed], undefined, { createGraph: true });
    if (!g) throw new ValueError('gradientPenalty: the critic\'s output does not depend on its input');
    const norm = g.reshape([n, -1]).square().sum(1).sqrt();
    return norm.sub(1).square().mean();
  });
}
