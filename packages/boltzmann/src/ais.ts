import { ValueError, noGrad, tidy, keep, zeros, type Generator, type Tensor } from '@dnn/tensor';
import { bernoulliFrom, generatorDraws, type Draws } from './draws';
import type { RBM } from './rbm';

export interface AISOptions {
  /** Independent annealing runs (default 100). */
  chains?: number;
  /** Intermediate temperatures β, spaced evenly in (0, 1] (default 1000), or the β sequence itself (ending at 1). */
  betas?: number | readonly number[];
  /** Visible biases of the base model p_A(v) ∝ exp(b_Aᵀv) (default 0: the uniform distribution). */
  baseVisibleBias?: Tensor;
  generator?: Generator;
  draws?: Draws;
}

export interface AISResult {
  /** The estimate log Ẑ = log Z_A + log mean(w). */
  logZ: number;
  /** log Z of the base model. */
  logZBase: number;
  /** Each run's log importance weight. */
  logWeights: Float64Array;
}

/**
 * Annealed importance sampling of log Z for a Bernoulli RBM. The intermediate distributions are
 * p*_β(v) = exp((1−β)b_Aᵀv + βbᵀv) Πⱼ (1 + exp(β(cⱼ + Wⱼ·v))), from the base model (β = 0,
 * log Z_A = Σᵢ softplus(b_A,ᵢ) + nHidden·log 2) to the RBM (β = 1). Each run starts from an exact
 * base sample, adds log p*_βₖ(v) − log p*_βₖ₋₁(v) to its weight, then takes one Gibbs step at βₖ.
 */
export function aisLogZ(rbm: RBM, opts: AISOptions = {}): AISResult {
  if (rbm.visible !== 'bernoulli') throw new ValueError('aisLogZ: implemented for Bernoulli visible units');
  const chains = opts.chains ?? 100;
  const betas = typeof opts.betas === 'object' ? [...opts.betas] : evenBetas(opts.betas ?? 1000);
  if (betas[betas.length - 1] !== 1) throw new ValueError(`aisLogZ: the last β must be 1, got ${betas[betas.length - 1]}`);
  const draws = opts.draws ?? generatorDraws(opts.generator);
  return noGrad(() => {
    const like = rbm.weight;
    const bA = opts.baseVisibleBias ?? zeros([rbm.nVisible], { dtype: like.dtype, device: like.device });
    const logZBase = tidy(() => bA.softplus().sum().item()) + rbm.nHidden * Math.LN2;
    const logStar = (v: Tensor, beta: number): Tensor => {
      const vis = v.matmul(bA.mul(1 - beta).add(rbm.vBias.mul(beta)).reshape([-1, 1])).reshape([-1]);
      return vis.add(v.matmul(rbm.weight.mT()).add(rbm.hBias).mul(beta).softplus().sum(1));
    };
    let v = keep(tidy(() => bernoulliFrom(bA.reshape([1, -1]).expand([chains, rbm.nVisible]).sigmoid(), draws)));
    let w = keep(zeros([chains], { dtype: like.dtype, device: like.device }));
    let prev = 0;
    for (const beta of betas) {
      const [nv, nw] = tidy(() => {
        const w2 = w.add(logStar(v, beta).sub(logStar(v, prev)));
        const h = bernoulliFrom(v.matmul(rbm.weight.mT()).add(rbm.hBias).mul(beta).sigmoid(), draws);
        const pv = h.matmul(rbm.weight).add(rbm.vBias).mul(beta).add(bA.mul(1 - beta)).sigmoid();
        return [keep(bernoulliFrom(pv, draws)), keep(w2)];
      });
      v.dispose(); w.dispose();
      v = nv; w = nw;
      prev = beta;
    }
    const logWeights = Float64Array.from(w.dataSync() as ArrayLike<number>);
    v.dispose(); w.dispose();
    if (!opts.baseVisibleBias) bA.dispose();
    const m = Math.max(...logWeights);
    const mean = logWeights.reduce((s, x) => s + Math.exp(x - m), 0) / chains;
    return { logZ: logZBase + m + Math.log(mean), logZBase, logWeights };
  });
}

/** β₁ … β_K = 1/K … 1. */
function evenBetas(k: number): number[] {
  return Array.from({ length: k }, (_, i) => (i + 1) / k);
}
