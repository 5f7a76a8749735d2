import { noGrad, type Tensor } from '@dnn/tensor';
import { bernoulliFrom, generatorDraws, type Draws } from './draws';
import type { RBM } from './rbm';

/** Estimates of ∂ log-likelihood / ∂ parameter (ascent directions), averaged over the batch. */
export interface RBMGradients {
  weight: Tensor;
  hBias: Tensor;
  vBias: Tensor;
  logSigma?: Tensor;
}

export interface CDOptions {
  /** Gibbs steps of the negative chain (default 1). */
  k?: number;
  /**
   * Persistent CD: the hidden states [M, nHidden] the negative chains continue from (returned
   * updated as `chain`). Without it the chain starts from h₀ ~ p(h | v₀) (plain CD-k).
   */
  persistent?: Tensor;
  /** Random numbers; default: the generator's. */
  draws?: Draws;
}

export interface CDResult {
  grads: RBMGradients;
  /** p(h | v₀), [N, nHidden]. */
  positiveHidden: Tensor;
  /** The negative visible sample v_k. */
  negative: Tensor;
  /** With `persistent`: the chains' next hidden states, h ~ p(h | v_k). */
  chain?: Tensor;
}

/**
 * Contrastive divergence: the positive statistics come from the data with p(h | v₀), the negative
 * ones from v_k, the visible state after k block-Gibbs steps, with p(h | v_k):
 *   ΔW = ⟨p(h|v₀) v₀ᵀ⟩ − ⟨p(h|v_k) v_kᵀ⟩, Δc = ⟨p(h|v₀)⟩ − ⟨p(h|v_k)⟩, Δb = ⟨v₀⟩ − ⟨v_k⟩
 * (Gaussian units: v/σ in place of v in ΔW, (v − b)/σ² in Δb).
 * Draws, in order: h₀ (unless persistent), then for step i = 1…k the visible draw v_i and, for
 * i < k (or i = k when persistent), the hidden draw h_i.
 */
export function cdGradient(rbm: RBM, v0: Tensor, opts: CDOptions = {}): CDResult {
  return noGrad(() => {
    const k = opts.k ?? 1;
    const draws = opts.draws ?? generatorDraws();
    const ph0 = rbm.hiddenProbs(v0);
    let h = opts.persistent ?? bernoulliFrom(ph0, draws);
    let v = v0;
    let ph = ph0;
    for (let i = 1; i <= k; i++) {
      v = rbm.sampleVisible(h, draws);
      ph = rbm.hiddenProbs(v);
      if (i < k || opts.persistent) h = bernoulliFrom(ph, draws);
    }
    const grads = statistics(rbm, v0, ph0, v, ph);
    return { grads, positiveHidden: ph0, negative: v, chain: opts.persistent ? h : undefined };
  });
}

/** ⟨positive⟩ − ⟨negative⟩ for each parameter, each side averaged over its own rows. */
export function statistics(rbm: RBM, v0: Tensor, ph0: Tensor, vk: Tensor, phk: Tensor): RBMGradients {
  const n0 = v0.shape[0]!, nk = vk.shape[0]!;
  const x0 = rbm.scaled(v0), xk = rbm.scaled(vk);
  const weight = ph0.mT().matmul(x0).div(n0).sub(phk.mT().matmul(xk).div(nk));
  const hBias = ph0.mean(0).sub(phk.mean(0));
  if (rbm.visible === 'bernoulli') return { weight, hBias, vBias: v0.mean(0).sub(vk.mean(0)) };
  const sigma2 = rbm.logSigma ? rbm.logSigma.mul(2).exp() : null;
  const dv = (v: Tensor): Tensor => { const d = v.sub(rbm.vBias); return sigma2 ? d.div(sigma2) : d; };
  const grads: RBMGradients = { weight, hBias, vBias: dv(v0).mean(0).sub(dv(vk).mean(0)) };
  if (rbm.logSigma) {
    // ∂(−F)/∂ log σᵢ = (vᵢ − bᵢ)²/σᵢ² − (vᵢ/σᵢ)(Wᵀp(h|v))ᵢ
    const dls = (v: Tensor, x: Tensor, p: Tensor): Tensor => v.sub(rbm.vBias).square().div(sigma2!).sub(x.mul(p.matmul(rbm.weight))).mean(0);
    grads.logSigma = dls(v0, x0, ph0).sub(dls(vk, xk, phk));
  }
  return grads;
}

/**
 * Stores −grads as each parameter's `.grad`: the CD estimate becomes the gradient of a loss that any
 * optimizer descends, so SGD's momentum and weight decay (and their saved state) apply to RBM training.
 */
export function setGradients(rbm: RBM, grads: RBMGradients): void {
  noGrad(() => {
    for (const [name, p] of rbm.namedParameters()) {
      const g = grads[name as keyof RBMGradients];
      if (!g) continue;
      p.grad?.dispose();
      p.grad = g.neg();
    }
  });
}
