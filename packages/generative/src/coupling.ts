import { Module, type Tensor, tensor, ValueError, ShapeError, fmtShape } from '@dnn/tensor';
import { MLP, type MLPOptions } from './mlp';

export interface AffineCouplingOptions extends MLPOptions {
  /** Hidden sizes of the scale/translate network (default [64, 64]). */
  hidden?: readonly number[];
}

/**
 * Affine coupling layer with a binary mask m (1 = passed through, conditioning the rest):
 *   [ŝ, t] = net(m ⊙ x),  s = tanh(ŝ),
 *   y = m ⊙ x + (1 − m) ⊙ (x ⊙ exp(s) + t),   log |det ∂y/∂x| = Σ_j (1 − m_j) s_j,
 * and its inverse x = m ⊙ y + (1 − m) ⊙ (y − t) ⊙ exp(−s), with s and t computed from m ⊙ y = m ⊙ x.
 * The net is an MLP from `features` to 2·features (scale first, then translation); the mask is a
 * non-persistent buffer.
 */
export class AffineCoupling extends Module {
  net: MLP;
  declare mask: Tensor;

  constructor(readonly features: number, mask: readonly number[], opts: AffineCouplingOptions = {}) {
    super();
    if (mask.length !== features || mask.some((v) => v !== 0 && v !== 1)) {
      throw new ValueError(`AffineCoupling(${features}): mask must be ${features} zeros and ones, got [${mask.join(', ')}]`);
    }
    this.net = new MLP(features, opts.hidden ?? [64, 64], 2 * features, opts);
    this.registerBuffer('mask', tensor(mask as number[], { dtype: opts.dtype ?? 'float32', device: opts.device }), { persistent: false });
  }

  private scaleShift(kept: Tensor): [Tensor, Tensor] {
    const [raw, t] = this.net.forward(kept).split(this.features, 1) as [Tensor, Tensor];
    const free = this.mask.rsub(1);
    return [raw.tanh().mul(free), t.mul(free)];
  }

  private check(x: Tensor, what: string): void {
    if (x.rank !== 2 || x.shape[1] !== this.features) {
      throw new ShapeError(`AffineCoupling(${this.features}).${what}: expected input [N, ${this.features}], got ${fmtShape(x.shape)}`);
    }
  }

  /** x → y with the log-determinant of the Jacobian per sample, shape [N]. */
  forward(x: Tensor): { y: Tensor; logDet: Tensor } {
    this.check(x, 'forward');
    const kept = x.mul(this.mask);
    const [s, t] = this.scaleShift(kept);
    // s and t are zero where the mask keeps x, so one formula covers both halves
    const y = x.mul(s.exp()).add(t);
    return { y, logDet: s.sum(1) };
  }

  /** y → x, the exact inverse of `forward`. */
  inverse(y: Tensor): Tensor {
    this.check(y, 'inverse');
    const [s, t] = this.scaleShift(y.mul(this.mask));
    return y.sub(t).mul(s.neg().exp());
  }
}
