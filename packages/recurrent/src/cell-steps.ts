import type { Tensor } from '@dnn/tensor';

/**
 * One step of each PyTorch recurrent cell, given the input part of the gates `gi` = x·W_ihᵀ + b_ih
 * (computed for every step at once by the layers, per step by the cells). Weights are PyTorch's.
 */
export interface StepWeights {
  weightHh: Tensor;
  biasHh: Tensor | null;
  /** LSTM with projSize only: [proj, hidden]. */
  weightHr?: Tensor | null;
}

const hiddenGates = (h: Tensor, w: StepWeights): Tensor => {
  const gh = h.matmul(w.weightHh.mT());
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
  const gates = gi.add(hiddenGates(h, w));
  const H = c.shape[c.rank - 1]!;
  const d = gates.rank - 1;
  // one sigmoid over all four gates (g's share is unused) instead of three small ones
  const s = gates.sigmoid();
  const i = s.narrow(d, 0, H);
  const f = s.narrow(d, H, H);
  const g = gates.narrow(d, 2 * H, H).tanh();
  const o = s.narrow(d, 3 * H, H);
  const c2 = f.mul(c).add(i.mul(g));
  let h2 = o.mul(c2.tanh());
  if (w.weightHr) h2 = h2.matmul(w.weightHr.mT());
  return [h2, c2];
}

/**
 * Gates in PyTorch's order r, z, n: r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n),
 * h' = (1 − z)⊙n + z⊙h, where gh = h·W_hhᵀ + b_hh (so b_hn sits inside the reset product, as in PyTorch).
 */
export function gruStep(gi: Tensor, h: Tensor, w: StepWeights): Tensor {
  const gh = hiddenGates(h, w);
  const H = h.shape[h.rank - 1]!;
  const d = gi.rank - 1;
  // r and z together: one add and one sigmoid over [N, 2H]
  const rz = gi.narrow(d, 0, 2 * H).add(gh.narrow(d, 0, 2 * H)).sigmoid();
  const r = rz.narrow(d, 0, H);
  const z = rz.narrow(d, H, H);
  const n = gi.narrow(d, 2 * H, H).add(r.mul(gh.narrow(d, 2 * H, H))).tanh();
  return n.add(z.mul(h.sub(n)));
}
