import { gruCell, lstmCell, type Tensor } from '@dnn/tensor';

/**
 * One step of each PyTorch recurrent cell, given the input part of the gates `gi` = x·W_ihᵀ + b_ih
 * (computed for every step at once by the layers, per step by the cells). Weights are PyTorch's.
 */
export interface StepWeights {
  weightHh: Tensor;
  biasHh: Tensor | null;
  /** W_hhᵀ, when a loop over steps transposed it once: every step's weight gradient then adds up densely. */
  weightHhT?: Tensor;
  /** LSTM with projSize only: [proj, hidden]. */
  weightHr?: Tensor | null;
}

const hiddenGates = (h: Tensor, w: StepWeights): Tensor => {
  const gh = h.matmul(w.weightHhT ?? w.weightHh.mT());
  return w.biasHh ? gh.add(w.biasHh) : gh;
};

/** h' = act(gi + h·W_hhᵀ + b_hh). */
export function rnnStep(gi: Tensor, h: Tensor, w: StepWeights, nonlinearity: 'tanh' | 'relu'): Tensor {
  const pre = gi.add(hiddenGates(h, w));
  return nonlinearity === 'tanh' ? pre.tanh() : pre.relu();
}

/**
 * Gates in PyTorch's order i, f, g, o: c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'), and with a
 * projection h' ← h'·W_hrᵀ.
 */
export function lstmStep(gi: Tensor, h: Tensor, c: Tensor, w: StepWeights): [Tensor, Tensor] {
  const gh = hiddenGates(h, w);
  // the fused kernel takes [N, ·] and adds the two parts itself; an unbatched step runs as a batch of one
  const one = gi.rank === 1;
  const next = one ? lstmCell(gi.unsqueeze(0), c.unsqueeze(0), gh.unsqueeze(0)) : lstmCell(gi, c, gh);
  let [h2, c2] = one ? [next.h.squeeze(0), next.c.squeeze(0)] : [next.h, next.c];
  if (w.weightHr) h2 = h2.matmul(w.weightHr.mT());
  return [h2, c2];
}

/**
 * Gates in PyTorch's order r, z, n: r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n),
 * h' = (1 − z)⊙n + z⊙h, where gh = h·W_hhᵀ + b_hh (so b_hn sits inside the reset product, as in PyTorch).
 */
export function gruStep(gi: Tensor, h: Tensor, w: StepWeights): Tensor {
  const gh = hiddenGates(h, w);
  if (gi.rank === 1) return gruCell(gi.unsqueeze(0), gh.unsqueeze(0), h.unsqueeze(0)).squeeze(0);
  return gruCell(gi, gh, h);
}
