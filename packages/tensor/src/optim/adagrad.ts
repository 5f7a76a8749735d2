import type { Tensor } from '../tensor';
import { Optimizer, type OptimizerOptions, type ParamGroup, type ParamState, type Params } from './optimizer';
import { checkNonNegative } from './validate';

export interface AdagradOptions extends OptimizerOptions {
  /** The step size decays as η/(1 + (t-1)·lrDecay). */
  lrDecay: number;
  weightDecay: number;
  /** Starting value of the squared-gradient sum. */
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/** Adagrad (Duchi et al.), torch.optim.Adagrad: G ← G + g², θ ← θ - η_t·g/(√G + ε). */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, opts: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...opts });
  }

  protected validate(g: AdagradOptions, where: string): void {
    checkNonNegative('Adagrad', where, {
      lr: g.lr, lrDecay: g.lrDecay, weightDecay: g.weightDecay, initialAccumulatorValue: g.initialAccumulatorValue, eps: g.eps,
    });
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<AdagradOptions>): void {
    if (state.step === undefined) {
      state.step = 0;
      state.sum = this.newState(p, g.initialAccumulatorValue);
    }
    const step = (state.step as number) + 1;
    state.step = step;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));
    const clr = g.lr / (1 + (step - 1) * g.lrDecay);
    const sum = state.sum as Tensor;
    sum.assign(sum.add(d.mul(d)));
    p.assign(p.add(d.div(sum.sqrt().add(g.eps)).mul(-clr)));
  }
}
