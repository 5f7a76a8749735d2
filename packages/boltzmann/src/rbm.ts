import {
  Module, Parameter, ShapeError, ValueError, fmtShape, nn, softplus, tidy,
  type Generator, type ModuleOptions, type Tensor,
} from '@dnn/tensor';
import { bernoulliFrom, generatorDraws, type Draws } from './draws';

export type VisibleUnits = 'bernoulli' | 'gaussian';

export interface RBMOptions extends ModuleOptions {
  /** Visible units: 'bernoulli' (binary, default) or 'gaussian' (real-valued). */
  visible?: VisibleUnits;
  /** Gaussian visible units: learn a standard deviation per unit, stored as `logSigma` (default false: σ = 1). */
  learnSigma?: boolean;
  /** Standard deviation of the initial weights, drawn from N(0, initStd²) (default 0.01; biases start at 0). */
  initStd?: number;
  generator?: Generator;
}

/**
 * A restricted Boltzmann machine: visible units v, binary hidden units h, weights W [nHidden, nVisible]
 * (the layout of a Linear layer from visible to hidden), hidden bias c (`hBias`), visible bias b (`vBias`).
 *
 * Bernoulli visible units: E(v, h) = −bᵀv − cᵀh − hᵀWv;
 *   p(hⱼ = 1 | v) = σ(cⱼ + Wⱼ·v), p(vᵢ = 1 | h) = σ(bᵢ + (Wᵀh)ᵢ), F(v) = −bᵀv − Σⱼ softplus(cⱼ + Wⱼ·v).
 * Gaussian visible units (standard deviation σᵢ, 1 unless learned):
 *   E(v, h) = Σᵢ (vᵢ − bᵢ)²/2σᵢ² − cᵀh − hᵀW(v/σ); p(hⱼ = 1 | v) = σ(cⱼ + Wⱼ·(v/σ)),
 *   p(vᵢ | h) = N(bᵢ + σᵢ(Wᵀh)ᵢ, σᵢ²), F(v) = Σᵢ (vᵢ − bᵢ)²/2σᵢ² − Σⱼ softplus(cⱼ + Wⱼ·(v/σ)).
 *
 * State-dict keys: `weight`, `hBias`, `vBias` (and `logSigma` with learned σ).
 */
export class RBM extends Module {
  weight: Parameter;
  hBias: Parameter;
  vBias: Parameter;
  logSigma: Parameter | null;
  readonly visible: VisibleUnits;
  /**
   * Multipliers of the bottom-up input W·v and the top-down input Wᵀh (default 1). A deep Boltzmann
   * machine's greedy pretraining sets them to 2 where the layer will also receive input from the other
   * side once the stack is joined (the doubled-input correction).
   */
  upScale = 1;
  downScale = 1;

  constructor(readonly nVisible: number, readonly nHidden: number, opts: RBMOptions = {}) {
    super();
    this.visible = opts.visible ?? 'bernoulli';
    if (this.visible !== 'bernoulli' && this.visible !== 'gaussian') throw new ValueError(`RBM: visible must be 'bernoulli' or 'gaussian', got ${String(this.visible)}`);
    if (opts.learnSigma && this.visible !== 'gaussian') throw new ValueError(`RBM(${nVisible}→${nHidden}): learnSigma needs gaussian visible units`);
    const o = nn.resolveOptions(opts);
    this.weight = nn.emptyParameter([nHidden, nVisible], o);
    nn.init.normal_(this.weight, 0, opts.initStd ?? 0.01, opts.generator);
    this.hBias = nn.emptyParameter([nHidden], o);
    this.vBias = nn.emptyParameter([nVisible], o);
    this.logSigma = opts.learnSigma ? nn.emptyParameter([nVisible], o) : null;
  }

  private check(v: Tensor, what: string): void {
    if (v.rank !== 2 || v.shape[1] !== this.nVisible) {
      throw new ShapeError(`RBM(${this.nVisible}→${this.nHidden}).${what}: expected visible [N, ${this.nVisible}], got ${fmtShape(v.shape)}`);
    }
  }

  private checkHidden(h: Tensor, what: string): void {
    if (h.rank !== 2 || h.shape[1] !== this.nHidden) {
      throw new ShapeError(`RBM(${this.nVisible}→${this.nHidden}).${what}: expected hidden [N, ${this.nHidden}], got ${fmtShape(h.shape)}`);
    }
  }

  /** v/σ for Gaussian units with learned σ, else v. */
  scaled(v: Tensor): Tensor {
    return this.logSigma ? v.div(this.logSigma.exp()) : v;
  }

  /** The hidden units' total input cⱼ + Wⱼ·(v/σ), [N, nHidden]. */
  hiddenInput(v: Tensor): Tensor {
    this.check(v, 'hiddenInput');
    const up = this.scaled(v).matmul(this.weight.mT());
    return (this.upScale === 1 ? up : up.mul(this.upScale)).add(this.hBias);
  }

  /** p(h = 1 | v), [N, nHidden]. */
  hiddenProbs(v: Tensor): Tensor {
    return this.hiddenInput(v).sigmoid();
  }

  /** E[v | h]: σ(b + Wᵀh) for Bernoulli units, b + σ⊙(Wᵀh) for Gaussian ones. */
  visibleMean(h: Tensor): Tensor {
    this.checkHidden(h, 'visibleMean');
    const down = h.matmul(this.weight);
    const a = this.downScale === 1 ? down : down.mul(this.downScale);
    if (this.visible === 'bernoulli') return a.add(this.vBias).sigmoid();
    return (this.logSigma ? a.mul(this.logSigma.exp()) : a).add(this.vBias);
  }

  /** A draw of h ~ p(h | v). */
  sampleHidden(v: Tensor, draws: Draws = generatorDraws()): Tensor {
    return bernoulliFrom(this.hiddenProbs(v), draws);
  }

  /** A draw of v ~ p(v | h). */
  sampleVisible(h: Tensor, draws: Draws = generatorDraws()): Tensor {
    const mean = this.visibleMean(h);
    if (this.visible === 'bernoulli') return bernoulliFrom(mean, draws);
    const noise = draws.normal(mean.shape, mean);
    return mean.add(this.logSigma ? noise.mul(this.logSigma.exp()) : noise);
  }

  /** Free energy F(v) = −log Σₕ exp(−E(v, h)), [N]. */
  freeEnergy(v: Tensor): Tensor {
    const hidden = softplus(this.hiddenInput(v)).sum(1);
    if (this.visible === 'bernoulli') return v.matmul(this.vBias.reshape([-1, 1])).reshape([-1]).neg().sub(hidden);
    const d = v.sub(this.vBias);
    const quad = (this.logSigma ? d.div(this.logSigma.exp()) : d).square().sum(1).mul(0.5);
    return quad.sub(hidden);
  }

  /** `steps` rounds of block Gibbs sampling v → h → v from v; returns the last visible draw. */
  gibbs(v: Tensor, steps = 1, draws: Draws = generatorDraws()): Tensor {
    let x = v;
    for (let s = 0; s < steps; s++) {
      const cur = x;
      const next = tidy(() => this.sampleVisible(this.sampleHidden(cur, draws), draws));
      if (x !== v) x.dispose();
      x = next;
    }
    return x;
  }

  /** p(h = 1 | v): the features an RBM gives a classifier. */
  forward(v: Tensor): Tensor {
    return this.hiddenProbs(v);
  }

  override extraRepr(): string {
    return `${this.nVisible} → ${this.nHidden}, ${this.visible}${this.logSigma ? ' (learned σ)' : ''}`;
  }
}
