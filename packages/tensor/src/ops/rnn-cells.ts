import { ShapeError, fmtShape } from '../errors';
import { apply } from '../autograd/engine';
import type { Tensor } from '../tensor';

/**
 * One LSTM step's gates and state update in one kernel: gates [N, 4H] are the summed pre-activations
 * x·W_ihᵀ + h·W_hhᵀ + b in PyTorch's order i, f, g, o; c [N, H]. Returns c' = σ(f)⊙c + σ(i)⊙tanh(g) and
 * h' = σ(o)⊙tanh(c') (views of one [N, 2H] result). With `hiddenGates` [N, 4H] the pre-activations are
 * gates + hiddenGates, added inside the kernel (a layer passes x·W_ihᵀ + b and h·W_hhᵀ apart).
 * Differentiable in gates, c and hiddenGates.
 */
export function lstmCell(gates: Tensor, c: Tensor, hiddenGates?: Tensor): { h: Tensor; c: Tensor } {
  const H = c.shape[1]!;
  const sameAsGates = (t: Tensor) => t.rank === 2 && t.shape[0] === gates.shape[0] && t.shape[1] === gates.shape[1];
  if (gates.rank !== 2 || c.rank !== 2 || gates.shape[0] !== c.shape[0] || gates.shape[1] !== 4 * H || (hiddenGates && !sameAsGates(hiddenGates))) {
    const hidden = hiddenGates ? ` and hiddenGates ${fmtShape(hiddenGates.shape)}` : '';
    throw new ShapeError(`lstmCell: expected gates [N, 4H], c [N, H] (and hiddenGates like gates), got ${fmtShape(gates.shape)}, ${fmtShape(c.shape)}${hidden}`);
  }
  const out = apply('lstmCell', hiddenGates ? [gates, c, hiddenGates] : [gates, c], {});
  return { h: out.narrow(1, 0, H), c: out.narrow(1, H, H) };
}

/**
 * One GRU step in one kernel: gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh, both [N, 3H] in PyTorch's
 * order r, z, n, and h [N, H]. Returns h' = (1 − z)⊙n + z⊙h with r = σ(gi_r + gh_r),
 * z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n). Differentiable in gi, gh and h.
 */
export function gruCell(gi: Tensor, gh: Tensor, h: Tensor): Tensor {
  const H = h.shape[1]!;
  const ok = (t: Tensor) => t.rank === 2 && t.shape[0] === h.shape[0] && t.shape[1] === 3 * H;
  if (h.rank !== 2 || !ok(gi) || !ok(gh)) {
    throw new ShapeError(`gruCell: expected gi [N, 3H], gh [N, 3H] and h [N, H], got ${fmtShape(gi.shape)}, ${fmtShape(gh.shape)} and ${fmtShape(h.shape)}`);
  }
  return apply('gruCell', [gi, gh, h], {});
}
