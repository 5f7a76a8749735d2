import {
  Module, ShapeError, ValueError, concat, fmtShape, full, keep, noGrad, tidy, zeros,
  type Generator, type ModuleOptions, type Tensor,
} from '@dnn/tensor';
import { aisLogZ, type AISOptions, type AISResult } from './ais';
import { bernoulliFrom, generatorDraws, type Draws } from './draws';
import { RBM } from './rbm';
import { exactLogZ } from './rbm-exact';
import { fitRBM, type FitRBMOptions } from './rbm-trainer';

export interface DBMOptions extends ModuleOptions {
  /** Standard deviation of the initial weights (default 0.01). */
  initStd?: number;
  generator?: Generator;
}

/**
 * A deep Boltzmann machine over binary layers [n₀ (visible), n₁, …, n_L], every pair of adjacent
 * layers joined by undirected weights: E = −Σₗ hₗ₊₁ᵀWₗhₗ − Σₗ bₗᵀhₗ (h₀ = v). Stored as RBMs:
 * `layers.<l>.weight` is Wₗ [nₗ₊₁, nₗ]; the visible bias b₀ is `layers.0.vBias` and layer l+1's bias
 * is `layers.<l>.hBias` (the other `vBias` are used only in pretraining).
 * Each hidden layer's conditional sees both neighbours: p(hₗ = 1 | hₗ₋₁, hₗ₊₁) = σ(Wₗ₋₁hₗ₋₁ + Wₗᵀhₗ₊₁ + bₗ).
 */
export class DBM extends Module {
  layers: RBM[];

  constructor(readonly sizes: readonly number[], opts: DBMOptions = {}) {
    super();
    if (sizes.length < 3 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new ValueError(`DBM: need a visible and at least two hidden layer sizes, got [${sizes.join(', ')}]`);
    this.layers = sizes.slice(1).map((n, l) => new RBM(sizes[l]!, n, { device: opts.device, dtype: opts.dtype, generator: opts.generator, initStd: opts.initStd }));
  }

  private bias(l: number): Tensor {
    return l === 0 ? this.layers[0]!.vBias : this.layers[l - 1]!.hBias;
  }

  /** σ(input from below + input from above + bias) of layer l ≥ 1, given neighbouring states. */
  private conditional(l: number, below: Tensor, above: Tensor | null): Tensor {
    let a = below.matmul(this.layers[l - 1]!.weight.mT()).add(this.bias(l));
    if (above) a = a.add(above.matmul(this.layers[l]!.weight));
    return a.sigmoid();
  }

  /**
   * Greedy pretraining with the doubled-input correction: RBM l is trained with its bottom-up input
   * doubled unless its hidden layer is the top, and its top-down input doubled unless its visible
   * layer is the data, standing in for the neighbour each layer will gain when the stack is joined.
   * Each RBM's data is the previous one's p(h | v) (with its doubled input).
   */
  pretrain(data: Tensor, opts: FitRBMOptions | ((layer: number) => FitRBMOptions)): void {
    const last = this.layers.length - 1;
    let x = data;
    this.layers.forEach((rbm, l) => {
      rbm.upScale = l < last ? 2 : 1;
      rbm.downScale = l > 0 ? 2 : 1;
      fitRBM(rbm, x, typeof opts === 'function' ? opts(l) : opts).dispose();
      const next = l < last ? noGrad(() => tidy(() => rbm.hiddenProbs(x))) : null;
      rbm.upScale = 1;
      rbm.downScale = 1;
      if (x !== data) x.dispose();
      if (next) x = next;
    });
  }

  /**
   * Mean-field posterior q(hₗ = 1) for each hidden layer given v: start from a bottom-up pass with
   * doubled inputs, then `iterations` rounds of μₗ ← σ(Wₗ₋₁μₗ₋₁ + Wₗᵀμₗ₊₁ + bₗ).
   */
  meanField(v: Tensor, iterations = 10): Tensor[] {
    if (v.rank !== 2 || v.shape[1] !== this.sizes[0]) throw new ShapeError(`DBM(${this.sizes.join('→')}): expected visible [N, ${this.sizes[0]}], got ${fmtShape(v.shape)}`);
    const L = this.layers.length;
    const mu: Tensor[] = [v];
    for (let l = 1; l <= L; l++) {
      const w = this.layers[l - 1]!;
      mu.push(mu[l - 1]!.matmul(w.weight.mT()).mul(l < L ? 2 : 1).add(w.hBias).sigmoid());
    }
    for (let it = 0; it < iterations; it++) {
      for (let l = 1; l <= L; l++) mu[l] = this.conditional(l, mu[l - 1]!, l < L ? mu[l + 1]! : null);
    }
    return mu.slice(1);
  }

  /** The top layer's mean-field posterior: features for a classifier. */
  forward(v: Tensor): Tensor {
    const mu = this.meanField(v);
    return mu[mu.length - 1]!;
  }

  /**
   * One sweep of block Gibbs sampling over states [v, h₁, …, h_L]: odd layers given even ones, then
   * even layers (the visible included) given odd ones. Returns new states.
   */
  gibbsSweep(states: readonly Tensor[], draws: Draws = generatorDraws()): Tensor[] {
    const L = this.layers.length;
    const s = [...states];
    for (const parity of [1, 0]) {
      for (let l = parity; l <= L; l += 2) {
        if (l === 0) s[0] = bernoulliFrom(s[1]!.matmul(this.layers[0]!.weight).add(this.bias(0)).sigmoid(), draws);
        else s[l] = bernoulliFrom(this.conditional(l, s[l - 1]!, l < L ? s[l + 1]! : null), draws);
      }
    }
    return s;
  }

  /** Zero states for `chains` persistent chains. */
  initialChains(chains: number): Tensor[] {
    const w = this.layers[0]!.weight;
    return this.sizes.map((n) => zeros([chains, n], { dtype: w.dtype, device: w.device }));
  }

  /** The RBM that a two-hidden-layer DBM becomes once v and h₂ are summed out: visible h₁, hidden [v; h₂]. */
  collapsed(): RBM {
    if (this.layers.length !== 2) throw new ValueError(`DBM.collapsed: defined for two hidden layers, this one has ${this.layers.length}`);
    const [l0, l1] = this.layers as [RBM, RBM];
    const w = l0.weight;
    const rbm = new RBM(this.sizes[1]!, this.sizes[0]! + this.sizes[2]!, { dtype: w.dtype, device: w.device, initStd: 0 });
    noGrad(() => tidy(() => {
      rbm.weight.assign(concat([l0.weight.mT(), l1.weight], 0));
      rbm.hBias.assign(concat([l0.vBias, l1.hBias], 0));
      rbm.vBias.assign(l0.hBias);
    }));
    return rbm;
  }

  /** Exact log Z of a two-hidden-layer DBM (n₁ or n₀ + n₂ ≤ 20), through its collapsed RBM. */
  exactLogZ(): number {
    return withCollapsed(this, exactLogZ);
  }

  /** AIS estimate of log Z of a two-hidden-layer DBM, run on its collapsed RBM. */
  aisLogZ(opts: AISOptions = {}): AISResult {
    return withCollapsed(this, (rbm) => aisLogZ(rbm, opts));
  }

  /**
   * The variational lower bound on the mean log-likelihood, with the mean-field posterior q:
   * log p(v) ≥ −E_q[E(v, h)] + H(q) − log Z (log Z given, from `exactLogZ` or `aisLogZ`).
   */
  logLikelihoodBound(v: Tensor, logZ: number, iterations = 30): number {
    return noGrad(() => tidy(() => {
      const mu = this.meanField(v, iterations);
      const states = [v, ...mu];
      let negE = v.matmul(this.bias(0).reshape([-1, 1])).reshape([-1]);
      let entropy = full([v.shape[0]!], 0, { dtype: v.dtype, device: v.device });
      for (let l = 1; l < states.length; l++) {
        const m = states[l]!;
        negE = negE.add(m.matmul(this.bias(l).reshape([-1, 1])).reshape([-1]));
        negE = negE.add(states[l - 1]!.matmul(this.layers[l - 1]!.weight.mT()).mul(m).sum(1));
        const c = m.clamp(1e-12, 1 - 1e-12);
        entropy = entropy.sub(c.mul(c.log()).add(c.neg().add(1).mul(c.neg().add(1).log())).sum(1));
      }
      return negE.add(entropy).mean().item() - logZ;
    }));
  }

  override extraRepr(): string {
    return this.sizes.join(' ↔ ');
  }
}

/** Runs fn on the collapsed RBM, then frees that RBM's tensors. */
function withCollapsed<T>(dbm: DBM, fn: (rbm: RBM) => T): T {
  const rbm = dbm.collapsed();
  try {
    return fn(rbm);
  } finally {
    for (const p of rbm.parameters()) p.dispose();
  }
}

export interface DBMTrainingOptions {
  epochs: number;
  batchSize?: number;
  lr?: number;
  /** Persistent chains (default 100). */
  chains?: number;
  /** Gibbs sweeps of the persistent chains per update (default 1). */
  gibbsSteps?: number;
  /** Mean-field iterations per batch (default 10). */
  meanFieldIterations?: number;
  generator?: Generator;
  draws?: Draws;
}

/**
 * The joint-training gradient estimate for one batch: the data term from the mean-field posterior, the
 * model term from the persistent chains after `gibbsSteps` sweeps:
 * ΔWₗ = ⟨μₗ₊₁μₗᵀ⟩data − ⟨sₗ₊₁sₗᵀ⟩chains, Δbₗ = ⟨μₗ⟩data − ⟨sₗ⟩chains (ascent directions).
 * Returns each parameter with its estimate, and the chains' new states.
 */
export function dbmGradient(dbm: DBM, v: Tensor, chains: readonly Tensor[], opts: { meanFieldIterations?: number; gibbsSteps?: number; draws?: Draws } = {}): {
  grads: [Tensor, Tensor][]; chains: Tensor[];
} {
  return noGrad(() => {
    const draws = opts.draws ?? generatorDraws();
    const pos = [v, ...dbm.meanField(v, opts.meanFieldIterations ?? 10)];
    let neg = [...chains];
    for (let k = 0; k < (opts.gibbsSteps ?? 1); k++) neg = dbm.gibbsSweep(neg, draws);
    const mean = (a: Tensor, b: Tensor): Tensor => b.mT().matmul(a).div(a.shape[0]!);
    const grads: [Tensor, Tensor][] = [];
    dbm.layers.forEach((rbm, l) => {
      grads.push([rbm.weight, mean(pos[l]!, pos[l + 1]!).sub(mean(neg[l]!, neg[l + 1]!))]);
      grads.push([rbm.hBias, pos[l + 1]!.mean(0).sub(neg[l + 1]!.mean(0))]);
    });
    grads.push([dbm.layers[0]!.vBias, pos[0]!.mean(0).sub(neg[0]!.mean(0))]);
    return { grads, chains: neg };
  });
}

/** Joint training by plain gradient ascent on `dbmGradient`, one update per batch. */
export function trainDBM(dbm: DBM, data: Tensor, opts: DBMTrainingOptions): void {
  const draws = opts.draws ?? generatorDraws(opts.generator);
  const lr = opts.lr ?? 0.01;
  const bs = opts.batchSize ?? 10;
  const n = data.shape[0]!;
  let chains = dbm.initialChains(opts.chains ?? 100);
  for (let e = 0; e < opts.epochs; e++) {
    for (let s = 0; s < n; s += bs) {
      const next = noGrad(() => tidy(() => {
        const res = dbmGradient(dbm, data.narrow(0, s, Math.min(bs, n - s)), chains, { meanFieldIterations: opts.meanFieldIterations, gibbsSteps: opts.gibbsSteps, draws });
        for (const [p, g] of res.grads) p.assign(p.add(g.mul(lr)));
        return res.chains.map((t) => keep(t));
      }));
      chains.forEach((t) => t.dispose());
      chains = next;
    }
  }
  chains.forEach((t) => t.dispose());
}
