import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { maximum } from '../ops/elementwise';
import { Optimizer, type OptimizerOptions, type ParamGroup, type ParamState, type Params } from './optimizer';
import { checkNonNegative, checkUnitInterval } from './validate';
import { canFuse, fusedStep, type StepItem } from './fused';

export interface AdamOptions extends OptimizerOptions {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** Normalize by the running maximum of the second moment (Reddi et al., "On the Convergence of Adam"). */
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * Adam (Kingma & Ba): m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g², θ ← θ - η/(1-β₁ᵗ)·m/(√v/√(1-β₂ᵗ) + ε),
 * in the order torch.optim.Adam computes it. Weight decay adds λθ to the gradient (L2 regularization).
 */
export class Adam extends Optimizer<AdamOptions> {
  /** AdamW's decoupled decay: θ ← θ(1 - ηλ) before the update, instead of adding λθ to the gradient. */
  protected readonly decoupled: boolean = false;

  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...opts });
  }

  protected validate(g: AdamOptions, where: string): void {
    const name = this.constructor.name;
    checkNonNegative(name, where, { lr: g.lr, eps: g.eps, weightDecay: g.weightDecay });
    if (!Array.isArray(g.betas) || g.betas.length !== 2) throw new ValueError(`${name}: betas must be a pair of numbers, got ${JSON.stringify(g.betas)} (${where})`);
    checkUnitInterval(name, where, { 'betas[0]': g.betas[0], 'betas[1]': g.betas[1] });
  }

  /** All of a group's parameters in one backend call, where the backend has `optimizerStep`. */
  protected override stepFused(items: readonly StepItem[], g: ParamGroup<AdamOptions>): boolean {
    const keys = g.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
    if (!canFuse(items, keys)) return false;
    const steps = items.map(({ p, state }) => {
      if (state.step === undefined) {
        state.step = 0;
        state.expAvg = this.newState(p);
        state.expAvgSq = this.newState(p);
      }
      // a group switched to amsgrad after its first step starts the running maximum now
      if (g.amsgrad) state.maxExpAvgSq ??= this.newState(p);
      return (state.step = (state.step as number) + 1);
    });
    const [beta1, beta2] = g.betas;
    const { lr, eps, weightDecay, amsgrad, maximize } = g;
    fusedStep({ kind: 'adam', lr, beta1, beta2, eps, weightDecay, decoupled: this.decoupled, amsgrad, maximize }, items, keys, steps);
    return true;
  }

  protected update(p: Tensor, grad: Tensor, state: ParamState, g: ParamGroup<AdamOptions>): void {
    const [beta1, beta2] = g.betas;
    if (state.step === undefined) {
      state.step = 0;
      state.expAvg = this.newState(p);
      state.expAvgSq = this.newState(p);
      if (g.amsgrad) state.maxExpAvgSq = this.newState(p);
    }
    const step = (state.step as number) + 1;
    state.step = step;
    let d = g.maximize ? grad.neg() : grad;
    if (this.decoupled) p.assign(p.mul(1 - g.lr * g.weightDecay));
    else if (g.weightDecay !== 0) d = d.add(p.mul(g.weightDecay));

    const m = state.expAvg as Tensor;
    const v = state.expAvgSq as Tensor;
    m.assign(m.mul(beta1).add(d.mul(1 - beta1)));
    v.assign(v.mul(beta2).add(d.mul(d).mul(1 - beta2)));
    const stepSize = g.lr / (1 - beta1 ** step);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
    let second = v;
    if (g.amsgrad) {
      // a group switched to amsgrad after its first step starts the running maximum now
      const vmax = (state.maxExpAvgSq ??= this.newState(p)) as Tensor;
      vmax.assign(maximum(vmax, v));
      second = vmax;
    }
    const denom = second.sqrt().div(bc2Sqrt).add(g.eps);
    p.assign(p.add(m.div(denom).mul(-stepSize)));
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter), torch.optim.AdamW; weightDecay defaults to 0.01. */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...opts });
  }
}
