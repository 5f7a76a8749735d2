import type { Tensor } from '../tensor';
import { Optimizer, type OptimizerOptions, type ParamGroup, type ParamState, type Params } from './optimizer';
import { checkNonNegative } from './validate';

export interface RMSpropOptions extends OptimizerOptions {
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Normalize by an estimate of the gradient's variance (subtracting its squared mean). */
  centered: boolean;
  maximize: boolean;
}

/**
 * RMSprop (Hinton's lecture 6e), torch.optim.RMSprop: s ← αs + (1-α)g², with centered s̃ = s - ḡ²,
 * θ ← θ - η·g/(√s̃ + ε), or through a momentum buffer b ← μb + g/(√s̃ + ε), θ ← θ - ηb.
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, opts: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...opts });
  }

  protected validate(g: RMSpropOptions, where: string): void {
    checkNonNegative('RMSprop', where, { lr: g.lr, alpha: g.alpha, eps: g.eps, weightDecay: g.weightDecay, momentum: g.momentum });
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<RMSpropOptions>): void {
    if (state.step === undefined) {
      state.step = 0;
      state.squareAvg = this.newState(p);
    }
    state.step = (state.step as number) + 1;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));
    const sq = state.squareAvg as Tensor;
    sq.assign(sq.mul(g.alpha).add(d.mul(d).mul(1 - g.alpha)));
    let avg: Tensor;
    if (g.centered) {
      const ga = (state.gradAvg ??= this.newState(p)) as Tensor;
      ga.assign(ga.mul(g.alpha).add(d.mul(1 - g.alpha)));
      avg = sq.sub(ga.mul(ga)).sqrt();
    } else {
      avg = sq.sqrt();
    }
    avg = avg.add(g.eps);
    if (g.momentum > 0) {
      const buf = (state.momentumBuffer ??= this.newState(p)) as Tensor;
      buf.assign(buf.mul(g.momentum).add(d.div(avg)));
      p.assign(p.add(buf.mul(-g.lr)));
    } else {
      p.assign(p.add(d.div(avg).mul(-g.lr)));
    }
  }
}

/** The same class under the spelling used in prose. */
export { RMSprop as RMSProp };
