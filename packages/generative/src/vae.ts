import { Module, type Tensor, type Generator, ValueError, randn, noGrad } from '@dnn/tensor';
import { bernoulliLogProb, gaussianKLStandard, gaussianLogProb, standardNormalLogProb } from './distributions';
import { reparameterize, stdFromLogvar } from './reparameterize';
import { oneHot } from './one-hot';

/** What a VAE's encoder does: x (and a one-hot condition) → the mean and log-variance of q(z | x). */
export interface VAEEncoder extends Module {
  readonly latentDim: number;
  readonly numClasses: number;
  forward(x: Tensor, cond?: Tensor): { mu: Tensor; logvar: Tensor };
}

/** What a VAE's decoder does: z (and a one-hot condition) → Bernoulli logits or the Gaussian mean, shaped like x. */
export interface VAEDecoder extends Module {
  readonly numClasses: number;
  forward(z: Tensor, cond?: Tensor): Tensor;
}

export interface VAEOptions {
  /** p(x | z): 'bernoulli' (the decoder gives logits; default) or 'gaussian' (the decoder gives the mean). */
  likelihood?: 'bernoulli' | 'gaussian';
  /** Weight of the KL term in the training loss (β-VAE; default 1, the ELBO itself). */
  beta?: number;
  /** log σ² of the Gaussian likelihood, fixed (default 0: unit variance). */
  observationLogvar?: number;
}

export interface ElboOptions {
  /** Class labels [N] (int32) of a conditional VAE. */
  labels?: Tensor;
  generator?: Generator;
  /** The standard-normal noise itself ([N, latent] for `elbo`, [k, N, latent] for the importance-weighted bound), instead of drawing it. */
  eps?: Tensor;
}

export interface ElboTerms {
  /** Per-sample single-draw ELBO estimate E_q[log p(x|z)] − KL, in nats, shape [N]. */
  elbo: Tensor;
  /** log p(x | z) for the drawn z, shape [N]. */
  reconstruction: Tensor;
  /** KL(q(z|x) ‖ N(0, I)) in closed form, shape [N]. */
  kl: Tensor;
  /** The training loss: mean over the batch of −(reconstruction − β·KL). */
  loss: Tensor;
}

/**
 * Variational autoencoder: q(z|x) = N(μ(x), diag σ²(x)), p(z) = N(0, I), p(x|z) Bernoulli or Gaussian.
 * Trained on the ELBO  log p(x) ≥ E_q[log p(x|z)] − β·KL(q(z|x) ‖ p(z))  (β = 1) with z = μ + σ·ε.
 * With `numClasses` on its encoder and decoder it is the class-conditional VAE: the one-hot label
 * enters both.
 */
export class VAE extends Module {
  readonly likelihood: 'bernoulli' | 'gaussian';
  readonly beta: number;
  readonly observationLogvar: number;

  constructor(readonly encoder: VAEEncoder, readonly decoder: VAEDecoder, opts: VAEOptions = {}) {
    super();
    this.likelihood = opts.likelihood ?? 'bernoulli';
    this.beta = opts.beta ?? 1;
    this.observationLogvar = opts.observationLogvar ?? 0;
    if (!(this.beta >= 0)) throw new ValueError(`VAE: beta must be ≥ 0, got ${this.beta}`);
    if (encoder.numClasses !== decoder.numClasses) {
      throw new ValueError(`VAE: encoder has ${encoder.numClasses} classes, decoder ${decoder.numClasses}`);
    }
  }

  get latentDim(): number {
    return this.encoder.latentDim;
  }

  get numClasses(): number {
    return this.encoder.numClasses;
  }

  /** The one-hot condition of a conditional VAE; checks that labels come exactly when needed. */
  condition(labels: Tensor | undefined, dtype: Tensor['dtype']): Tensor | undefined {
    if (this.numClasses > 0 && !labels) throw new ValueError(`VAE: a conditional VAE (${this.numClasses} classes) needs labels`);
    if (this.numClasses === 0 && labels) throw new ValueError('VAE: labels given to an unconditional VAE');
    return labels ? oneHot(labels, this.numClasses, dtype) : undefined;
  }

  encode(x: Tensor, labels?: Tensor): { mu: Tensor; logvar: Tensor } {
    return this.encoder.forward(x, this.condition(labels, x.dtype));
  }

  /** The decoder's output: Bernoulli logits or the Gaussian mean. */
  decode(z: Tensor, labels?: Tensor): Tensor {
    return this.decoder.forward(z, this.condition(labels, z.dtype));
  }

  /** log p(x | decoder output) per sample. */
  logLikelihood(x: Tensor, decoded: Tensor): Tensor {
    if (this.likelihood === 'bernoulli') return bernoulliLogProb(x, decoded);
    return gaussianLogProb(x, decoded, decoded.zerosLike().add(this.observationLogvar));
  }

  forward(x: Tensor, labels?: Tensor): Tensor {
    return this.elbo(x, { labels }).loss;
  }

  /** The ELBO's terms for a batch, one reparameterized draw per sample. */
  elbo(x: Tensor, opts: ElboOptions = {}): ElboTerms {
    const { mu, logvar } = this.encode(x, opts.labels);
    const z = reparameterize(mu, stdFromLogvar(logvar), { generator: opts.generator, eps: opts.eps });
    const reconstruction = this.logLikelihood(x, this.decode(z, opts.labels));
    const kl = gaussianKLStandard(mu, logvar);
    const elbo = reconstruction.sub(kl);
    const loss = reconstruction.sub(kl.mul(this.beta)).mean().neg();
    return { elbo, reconstruction, kl, loss };
  }

  /**
   * The importance-weighted estimate of log p(x) with k samples z_i ~ q(z|x):
   * log (1/k) Σ_i p(x|z_i) p(z_i) / q(z_i|x), computed with logsumexp. Its expectation is a lower bound
   * on log p(x) that rises with k (k = 1 is the ELBO). Shape [N].
   */
  importanceWeightedLogLikelihood(x: Tensor, k: number, opts: ElboOptions = {}): Tensor {
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`VAE.importanceWeightedLogLikelihood: k must be a positive integer, got ${k}`);
    const n = x.shape[0]!;
    const { mu, logvar } = this.encode(x, opts.labels);
    const eps = opts.eps ?? randn([k, ...mu.shape], { dtype: mu.dtype, device: mu.device, generator: opts.generator });
    const z = reparameterize(mu, stdFromLogvar(logvar), { eps }).reshape([k * n, this.latentDim]);
    const repeat = (t: Tensor) => t.unsqueeze(0).expand([k, ...t.shape]).reshape([k * n, ...t.shape.slice(1)]);
    const labels = opts.labels ? repeat(opts.labels) : undefined;
    const logPxz = this.logLikelihood(repeat(x), this.decode(z, labels));
    const logQ = gaussianLogProb(z, repeat(mu), repeat(logvar));
    const logW = logPxz.add(standardNormalLogProb(z)).sub(logQ).reshape([k, n]);
    return logW.logsumexp(0).sub(Math.log(k));
  }

  /** Draws x ~ the decoder's mean at z ~ N(0, I): probabilities (Bernoulli) or means (Gaussian). */
  sample(n: number, opts: ElboOptions & { device?: Tensor['device']; dtype?: Tensor['dtype'] } = {}): Tensor {
    return noGrad(() => {
      const z = randn([n, this.latentDim], { generator: opts.generator, device: opts.device, dtype: opts.dtype });
      const out = this.decode(z, opts.labels);
      return this.likelihood === 'bernoulli' ? out.sigmoid() : out;
    });
  }

  /** The decoder's mean at the posterior mean: a deterministic reconstruction. */
  reconstruct(x: Tensor, labels?: Tensor): Tensor {
    return noGrad(() => {
      const out = this.decode(this.encode(x, labels).mu, labels);
      return this.likelihood === 'bernoulli' ? out.sigmoid() : out;
    });
  }
}
