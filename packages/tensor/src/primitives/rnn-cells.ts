import type { Tensor } from '../tensor';
import { tidy } from '../memory';
import { isGradEnabled, noGrad } from '../autograd/mode';
import { concat } from '../ops/movement';
import { fromBuffer } from './dispatch';

/**
 * The fused recurrent cells' composite forms (for a backend without the kernels) and their gradients:
 * one backend kernel when the backend has it and the gradient itself is not being recorded, else tensor
 * ops, so that higher-order gradients still work.
 */

const compose = <T>(fn: () => T): T => noGrad(() => tidy(fn));
const last = (t: Tensor, start: number, length: number): Tensor => t.narrow(1, start, length);

/** σ(i), σ(f), tanh(g), σ(o) of gates [N, 4H]. */
function lstmGates(gates: Tensor, H: number): [Tensor, Tensor, Tensor, Tensor] {
  const s = gates.sigmoid();
  return [last(s, 0, H), last(s, H, H), last(gates, 2 * H, H).tanh(), last(s, 3 * H, H)];
}

/** r, z, n of the GRU step, and gh's n part. */
function gruGates(gi: Tensor, gh: Tensor, H: number): { r: Tensor; z: Tensor; n: Tensor; hn: Tensor } {
  const rz = last(gi, 0, 2 * H).add(last(gh, 0, 2 * H)).sigmoid();
  const r = last(rz, 0, H), z = last(rz, H, H), hn = last(gh, 2 * H, H);
  return { r, z, n: last(gi, 2 * H, H).add(r.mul(hn)).tanh(), hn };
}

export const rnnCellComposite = {
  lstmCell(gates: Tensor, c: Tensor, gh?: Tensor): Tensor {
    return compose(() => {
      const [i, f, g, o] = lstmGates(gh ? gates.add(gh) : gates, c.shape[1]!);
      const c2 = f.mul(c).add(i.mul(g));
      return concat([o.mul(c2.tanh()), c2], 1);
    });
  },
  gruCell(gi: Tensor, gh: Tensor, h: Tensor): Tensor {
    return compose(() => {
      const { z, n } = gruGates(gi, gh, h.shape[1]!);
      return n.add(z.mul(h.sub(n)));
    });
  },
};

const fusedBackward = (t: Tensor): boolean => !isGradEnabled() && t.device.backend.lstmCellBackward !== undefined;

/**
 * [dgates, dc] of the LSTM cell for the gradient g [N, 2H] of out = [h', c'] (with a separate hidden
 * part gh, dgates is its gradient too).
 */
export function lstmCellGrad(g: Tensor, gates: Tensor, c: Tensor, out: Tensor, gh?: Tensor): [Tensor, Tensor] {
  const H = c.shape[1]!;
  if (fusedBackward(gates)) {
    const be = gates.device.backend;
    const [dg, dc] = be.lstmCellBackward!(gates.viewFor('lstmCell'), c.viewFor('lstmCell'), out.viewFor('lstmCell'), g.viewFor('lstmCell'), gh?.viewFor('lstmCell'));
    return [fromBuffer(gates, dg, gates.dtype, gates.shape), fromBuffer(gates, dc, gates.dtype, c.shape)];
  }
  const [i, f, gg, o] = lstmGates(gh ? gates.add(gh) : gates, H);
  const tc = last(out, H, H).tanh();
  const dh = last(g, 0, H);
  const dc2 = last(g, H, H).add(dh.mul(o).mul(tc.square().rsub(1)));
  const dgates = concat([
    dc2.mul(gg).mul(i.mul(i.rsub(1))),
    dc2.mul(c).mul(f.mul(f.rsub(1))),
    dc2.mul(i).mul(gg.square().rsub(1)),
    dh.mul(tc).mul(o.mul(o.rsub(1))),
  ], 1);
  return [dgates, dc2.mul(f)];
}

/** [dgi, dgh, dh] of the GRU cell for the gradient g [N, H] of h'. */
export function gruCellGrad(g: Tensor, gi: Tensor, gh: Tensor, h: Tensor): [Tensor, Tensor, Tensor] {
  const H = h.shape[1]!;
  const be = gi.device.backend;
  if (!isGradEnabled() && be.gruCellBackward) {
    const [dx, dy, dh] = be.gruCellBackward(gi.viewFor('gruCell'), gh.viewFor('gruCell'), h.viewFor('gruCell'), g.viewFor('gruCell'));
    return [fromBuffer(gi, dx, gi.dtype, gi.shape), fromBuffer(gi, dy, gi.dtype, gh.shape), fromBuffer(gi, dh, gi.dtype, h.shape)];
  }
  const { r, z, n, hn } = gruGates(gi, gh, H);
  const dn = g.mul(z.rsub(1)).mul(n.square().rsub(1));
  const dgi = concat([dn.mul(hn).mul(r.mul(r.rsub(1))), g.mul(h.sub(n)).mul(z.mul(z.rsub(1))), dn], 1);
  const dgh = concat([last(dgi, 0, 2 * H), dn.mul(r)], 1);
  return [dgi, dgh, g.mul(z)];
}
