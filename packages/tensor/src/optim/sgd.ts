import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { keep } from '../memory';
import { Optimizer, type OptimizerOptions, type ParamGroup, type ParamState, type Params } from './optimizer';
import { checkNonNegative } from './validate';
import { canFuse, fusedStep, type StepItem } from './fused';

export interface SGDOptions extends OptimizerOptions {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with momentum (torch.optim.SGD): with d = g + λθ,
 * b ← μ·b + (1 - τ)·d (b = d on the first step), θ ← θ - η·(d + μ·b) with Nesterov, else θ - η·b.
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, opts: Partial<SGDOptions> = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...opts });
  }

  protected validate(g: SGDOptions, where: string): void {
    checkNonNegative('SGD', where, { lr: g.lr, momentum: g.momentum, weightDecay: g.weightDecay });
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new ValueError(`SGD: Nesterov momentum needs momentum > 0 and dampening 0 (${where}: momentum ${g.momentum}, dampening ${g.dampening})`);
    }
  }

  /** All of a group's parameters in one backend call, where the backend has `optimizerStep`. */
  protected override stepFused(items: readonly StepItem[], g: ParamGroup<SGDOptions>): boolean {
    const keys = g.momentum !== 0 ? ['momentumBuffer'] : [];
    if (!canFuse(items, keys)) return false;
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = g;
    fusedStep({ kind: 'sgd', lr, momentum, dampening, weightDecay, nesterov, maximize }, items, keys, items.map(() => 0));
    return true;
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<SGDOptions>): void {
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));
    if (g.momentum !== 0) {
      let buf = state.momentumBuffer as Tensor | undefined;
      if (!buf) state.momentumBuffer = buf = keep(d.clone());
      else buf.assign(buf.mul(g.momentum).add(d.mul(1 - g.dampening)));
      d = g.nesterov ? d.add(buf.mul(g.momentum)) : buf;
    }
    p.assign(p.add(d.mul(-g.lr)));
  }
}
