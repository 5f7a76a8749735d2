import { ValueError, logsumexp, noGrad, softplus, tensor, tidy, type Tensor } from '@dnn/tensor';
import type { RBMGradients } from './contrastive-divergence';
import type { RBM } from './rbm';

/** Units enumerated at most: 2²⁰ states, visited in chunks. */
const MAX_ENUMERATED = 20;
const CHUNK = 1 << 12;

/** Binary states start … start+count−1 as rows [count, n] (unit i is bit i of the state's index). */
export function binaryStates(n: number, start: number, count: number, like: Tensor): Tensor {
  const data = new Float64Array(count * n);
  for (let r = 0; r < count; r++) for (let i = 0; i < n; i++) data[r * n + i] = ((start + r) >>> i) & 1;
  return tensor(data, { shape: [count, n], dtype: like.dtype, device: like.device });
}

/** The index of each binary row (Σᵢ vᵢ2ⁱ), read on the host. */
export function stateIndices(v: Tensor): number[] {
  const [rows, n] = v.shape as [number, number];
  const d = v.dataSync();
  return Array.from({ length: rows }, (_, r) => { let k = 0; for (let i = 0; i < n; i++) if (Number(d[r * n + i]) > 0.5) k += 2 ** i; return k; });
}

/** log Σ over all 2ⁿ states of f(states) [count] (chunked so memory stays small). */
function logSumOverStates(n: number, like: Tensor, f: (states: Tensor) => Tensor): number {
  if (n > MAX_ENUMERATED) throw new ValueError(`RBM enumeration: 2^${n} states is more than the 2^${MAX_ENUMERATED} enumerated`);
  const total = 2 ** n;
  const parts: number[] = [];
  for (let start = 0; start < total; start += CHUNK) {
    parts.push(tidy(() => logsumexp(f(binaryStates(n, start, Math.min(CHUNK, total - start), like))).item()));
  }
  const m = Math.max(...parts);
  return m + Math.log(parts.reduce((s, x) => s + Math.exp(x - m), 0));
}

/**
 * Exact log Z by enumeration, over whichever layer is smaller. Summing out the visible units:
 * Bernoulli: log Z = log Σₕ exp(cᵀh + Σᵢ softplus(bᵢ + (Wᵀh)ᵢ));
 * Gaussian: log Z = log Σₕ exp(cᵀh + Σᵢ (bᵢaᵢ/σᵢ + aᵢ²/2)) + Σᵢ log(√(2π)σᵢ), a = Wᵀh.
 */
export function exactLogZ(rbm: RBM): number {
  return noGrad(() => tidy(() => {
    const like = rbm.weight;
    if (rbm.visible === 'bernoulli' && rbm.nVisible < rbm.nHidden) {
      return logSumOverStates(rbm.nVisible, like, (v) => rbm.freeEnergy(v).neg());
    }
    const sigma = rbm.logSigma ? rbm.logSigma.exp() : null;
    const logZ = logSumOverStates(rbm.nHidden, like, (h) => {
      const a = h.matmul(rbm.weight);
      const hidden = h.matmul(rbm.hBias.reshape([-1, 1])).reshape([-1]);
      if (rbm.visible === 'bernoulli') return hidden.add(softplus(a.add(rbm.vBias)).sum(1));
      const ba = sigma ? a.mul(rbm.vBias.div(sigma)) : a.mul(rbm.vBias);
      return hidden.add(ba.add(a.square().mul(0.5)).sum(1));
    });
    if (rbm.visible === 'bernoulli') return logZ;
    const logSig = rbm.logSigma ? rbm.logSigma.sum().item() : 0;
    return logZ + rbm.nVisible * 0.5 * Math.log(2 * Math.PI) + logSig;
  }));
}

/** Mean exact log-likelihood (log density for Gaussian units) of the rows of data: ⟨−F(v)⟩ − log Z. */
export function exactLogLikelihood(rbm: RBM, data: Tensor, logZ = exactLogZ(rbm)): number {
  return noGrad(() => tidy(() => rbm.freeEnergy(data).neg().mean().item())) - logZ;
}

/**
 * KL(P_data ‖ P_model) = Σᵥ P_data(v) log(P_data(v)/P_model(v)) for binary data, with P_data the
 * empirical distribution of the rows: −H(P_data) − ⟨log P_model(v)⟩_data.
 */
export function exactKL(rbm: RBM, data: Tensor, logZ = exactLogZ(rbm)): number {
  if (rbm.visible !== 'bernoulli') throw new ValueError('exactKL: needs Bernoulli visible units (a discrete data distribution)');
  const counts = new Map<number, number>();
  for (const k of stateIndices(data)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const n = data.shape[0]!;
  let entropy = 0;
  for (const c of counts.values()) entropy -= (c / n) * Math.log(c / n);
  return -entropy - exactLogLikelihood(rbm, data, logZ);
}

/** p(v) of every visible state, [2^nVisible] (Bernoulli visible units, nVisible ≤ 20). */
export function visibleDistribution(rbm: RBM): Tensor {
  if (rbm.visible !== 'bernoulli') throw new ValueError('visibleDistribution: needs Bernoulli visible units');
  const logZ = exactLogZ(rbm);
  return noGrad(() => tidy(() => rbm.freeEnergy(binaryStates(rbm.nVisible, 0, 2 ** rbm.nVisible, rbm.weight)).neg().sub(logZ).exp()));
}

/**
 * The exact gradient of the mean log-likelihood: data term minus model expectation,
 * ∂/∂W = ⟨p(h|v)vᵀ⟩_data − Σᵥ p(v) p(h|v)vᵀ (Bernoulli visible units, enumerated over v).
 */
export function exactGradient(rbm: RBM, data: Tensor): RBMGradients {
  return noGrad(() => tidy(() => {
    const all = binaryStates(rbm.nVisible, 0, 2 ** rbm.nVisible, rbm.weight);
    return expectedStatistics(rbm, data, all, visibleDistribution(rbm).reshape([1, -1]));
  }));
}

/**
 * The expected CD-k update: like `cdGradient` averaged over its random draws, computed with the
 * chain's transition matrix T(v → v') = Σₕ p(h|v) p(v'|h): v_k is distributed as δ(v₀)·Tᵏ.
 */
export function expectedCdGradient(rbm: RBM, data: Tensor, k: number): RBMGradients {
  if (rbm.visible !== 'bernoulli' || rbm.nVisible > 12 || rbm.nHidden > 12) throw new ValueError('expectedCdGradient: Bernoulli visible units and at most 12 units per layer');
  return noGrad(() => tidy(() => {
    const V = binaryStates(rbm.nVisible, 0, 2 ** rbm.nVisible, rbm.weight);
    const H = binaryStates(rbm.nHidden, 0, 2 ** rbm.nHidden, rbm.weight);
    const joint = (p: Tensor, states: Tensor): Tensor => // [rows, 2^n]: Π p^s (1−p)^(1−s)
      p.log().matmul(states.mT()).add(p.neg().add(1).log().matmul(states.neg().add(1).mT())).exp();
    const T = joint(rbm.hiddenProbs(V), H).matmul(joint(rbm.visibleMean(H), V));
    const idx = stateIndices(data);
    let dist = tensor(idx.map((i) => Array.from({ length: V.shape[0]! }, (_, s) => (s === i ? 1 : 0))), { dtype: V.dtype, device: V.device });
    for (let s = 0; s < k; s++) dist = dist.matmul(T);
    return expectedStatistics(rbm, data, V, dist.mean(0).reshape([1, -1]));
  }));
}

/** Data statistics minus those of the visible states `states` weighted by `weights` [1, S]. */
function expectedStatistics(rbm: RBM, data: Tensor, states: Tensor, weights: Tensor): RBMGradients {
  const ph0 = rbm.hiddenProbs(data);
  const n = data.shape[0]!;
  const phs = rbm.hiddenProbs(states).mul(weights.mT());
  return {
    weight: ph0.mT().matmul(data).div(n).sub(phs.mT().matmul(states)),
    hBias: ph0.mean(0).sub(phs.sum(0)),
    vBias: data.mean(0).sub(weights.matmul(states).reshape([-1])),
  };
}
