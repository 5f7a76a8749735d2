import { Module, type Tensor, type Generator, type optim, ValueError, randn, noGrad, tidy } from '@dnn/tensor';
import { oneHot } from './one-hot';
import { criticLoss, discriminatorLoss, generatorLoss, gradientPenalty, wassersteinGeneratorLoss } from './gan-losses';

/** A GAN generator: z (and a one-hot condition) → a sample. */
export interface GANGenerator extends Module {
  readonly latentDim: number;
  readonly numClasses: number;
  forward(z: Tensor, cond?: Tensor): Tensor;
}

/** A discriminator or critic: a sample (and a one-hot condition) → one score per sample, shape [N]. */
export interface GANDiscriminator extends Module {
  readonly numClasses: number;
  forward(x: Tensor, cond?: Tensor): Tensor;
}

/**
 * A generative adversarial network: generator G and discriminator D, unconditional or, with
 * `numClasses` on both, class-conditional (the one-hot label enters G and D).
 */
export class GAN extends Module {
  constructor(readonly generator: GANGenerator, readonly discriminator: GANDiscriminator) {
    super();
    if (generator.numClasses !== discriminator.numClasses) {
      throw new ValueError(`GAN: generator has ${generator.numClasses} classes, discriminator ${discriminator.numClasses}`);
    }
  }

  get latentDim(): number {
    return this.generator.latentDim;
  }

  get numClasses(): number {
    return this.generator.numClasses;
  }

  condition(labels: Tensor | undefined, dtype: Tensor['dtype']): Tensor | undefined {
    if (this.numClasses > 0 && !labels) throw new ValueError(`GAN: a conditional GAN (${this.numClasses} classes) needs labels`);
    if (this.numClasses === 0 && labels) throw new ValueError('GAN: labels given to an unconditional GAN');
    return labels ? oneHot(labels, this.numClasses, dtype) : undefined;
  }

  /** G(z, y) for z ~ N(0, I) drawn from the counter-based generator (recorded, for the generator's step). */
  generate(n: number, opts: { labels?: Tensor; generator?: Generator; device?: Tensor['device']; dtype?: Tensor['dtype'] } = {}): Tensor {
    const z = randn([n, this.latentDim], { generator: opts.generator, device: opts.device, dtype: opts.dtype });
    return this.generator.forward(z, this.condition(opts.labels, z.dtype));
  }

  /** Samples without recording gradients. */
  sample(n: number, opts: { labels?: Tensor; generator?: Generator; device?: Tensor['device']; dtype?: Tensor['dtype'] } = {}): Tensor {
    return noGrad(() => this.generate(n, opts));
  }

  /** D(x, y): one logit (or critic score) per sample. */
  score(x: Tensor, labels?: Tensor): Tensor {
    return this.discriminator.forward(x, this.condition(labels, x.dtype));
  }

  forward(z: Tensor, labels?: Tensor): Tensor {
    return this.generator.forward(z, this.condition(labels, z.dtype));
  }
}

export interface GANStepOptions {
  /** 'nonSaturating' (default): the logistic GAN with the non-saturating generator loss; 'wgan-gp': Wasserstein with gradient penalty. */
  loss?: 'nonSaturating' | 'wgan-gp';
  /** One-sided label smoothing of the real targets (non-saturating loss only; default 0). */
  labelSmoothing?: number;
  /** Weight λ of the gradient penalty (default 10). */
  penaltyWeight?: number;
  /** Discriminator updates per generator update (default 1). */
  discriminatorSteps?: number;
  generator?: Generator;
}

export interface GANBatch {
  x: Tensor;
  labels?: Tensor;
}

export interface GANStepResult {
  /** The generator's loss (the figure a training loop reports as `loss`). */
  loss: number;
  lossD: number;
  lossG: number;
}

/** The losses of one GAN update as scalar tensors, for devices that read back asynchronously (dispose them). */
export interface GANUpdateLosses {
  lossD: Tensor;
  lossG: Tensor;
}

/**
 * One alternating GAN update that reads nothing back: `discriminatorSteps` updates of D on a real batch
 * and G's samples (detached), then one update of G through D; returns the last D loss and the G loss
 * as tensors (await their `data()` on a WebGPU device).
 */
export function ganUpdate(gan: GAN, optG: optim.Optimizer, optD: optim.Optimizer, opts: GANStepOptions = {}): (batch: GANBatch) => GANUpdateLosses {
  const kind = opts.loss ?? 'nonSaturating';
  const lambda = opts.penaltyWeight ?? 10;
  const dSteps = opts.discriminatorSteps ?? 1;
  if (!Number.isInteger(dSteps) || dSteps < 1) throw new ValueError(`ganUpdate: discriminatorSteps must be a positive integer, got ${dSteps}`);
  return ({ x, labels }) => {
    const n = x.shape[0]!;
    const sampleOpts = { labels, generator: opts.generator, device: x.device, dtype: x.dtype };
    let lossD: Tensor | null = null;
    for (let i = 0; i < dSteps; i++) {
      lossD?.dispose();
      lossD = tidy(() => {
        const fake = gan.sample(n, sampleOpts);
        optD.zeroGrad();
        const real = gan.score(x, labels);
        const fakeScores = gan.score(fake, labels);
        const loss = kind === 'wgan-gp'
          ? criticLoss(real, fakeScores).add(gradientPenalty((h) => gan.score(h, labels), x, fake, { generator: opts.generator }).mul(lambda))
          : discriminatorLoss(real, fakeScores, { labelSmoothing: opts.labelSmoothing });
        loss.backward();
        optD.step();
        return loss;
      });
    }
    const lossG = tidy(() => {
      optG.zeroGrad();
      const scores = gan.score(gan.generate(n, sampleOpts), labels);
      const loss = kind === 'wgan-gp' ? wassersteinGeneratorLoss(scores) : generatorLoss(scores);
      loss.backward();
      // the generator's backward pass also filled D's gradients: clear them so they never leak into D's step
      optD.zeroGrad();
      optG.step();
      return loss;
    });
    return { lossD: lossD!, lossG };
  };
}

/** One alternating GAN update (see `ganUpdate`) as a step function for a training loop, with the losses read back. */
export function ganStep(gan: GAN, optG: optim.Optimizer, optD: optim.Optimizer, opts: GANStepOptions = {}): (batch: GANBatch) => GANStepResult {
  const update = ganUpdate(gan, optG, optD, opts);
  return (batch) => {
    const { lossD, lossG } = update(batch);
    const r = { loss: lossG.item(), lossD: lossD.item(), lossG: lossG.item() };
    lossD.dispose();
    lossG.dispose();
    return r;
  };
}
