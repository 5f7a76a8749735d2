import {
  Module, Parameter, ShapeError, ValueError, fmtShape, nn, noGrad, tensor, tidy,
  type Generator, type ModuleOptions, type Tensor,
} from '@dnn/tensor';
import { simulatedAnnealing, type AnnealOptions, type AnnealResult } from './annealing';
import { exactBoltzmann, type ExactBoltzmann, type ExactOptions } from './enumerate';
import { gibbsSweeps, type GibbsOptions } from './gibbs';
import type { MachineArrays } from './machine-arrays';

export interface BoltzmannMachineOptions extends ModuleOptions {
  /** Hidden units, numbered after the visible ones (default 0). */
  nHidden?: number;
  /**
   * Which pairs may be connected: a symmetric 0/1 matrix [n, n] (default: every pair). The diagonal
   * is always 0. Weights outside it stay 0 through learning.
   */
  connectivity?: readonly (readonly number[])[];
  /** Standard deviation of the initial weights (default 0: learning starts from zero weights). */
  initStd?: number;
  generator?: Generator;
}

/**
 * A Boltzmann machine: n = nVisible + nHidden binary units sᵢ ∈ {0, 1}, symmetric weights W with a
 * zero diagonal and biases θ. Energy E(s) = −½ sᵀWs − θᵀs; at temperature T the machine's states
 * follow p(s) ∝ exp(−E(s)/T), and Gibbs sampling turns unit i on with probability σ((Ws + θ)ᵢ / T).
 *
 * State-dict keys: `weight` [n, n], `bias` [n]; `mask` [n, n] (the connectivity) is not saved.
 */
export class BoltzmannMachine extends Module {
  weight: Parameter;
  bias: Parameter;
  declare mask: Tensor;
  readonly nHidden: number;
  readonly nUnits: number;

  constructor(readonly nVisible: number, opts: BoltzmannMachineOptions = {}) {
    super();
    this.nHidden = opts.nHidden ?? 0;
    const n = (this.nUnits = nVisible + this.nHidden);
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`BoltzmannMachine: need at least one unit, got ${nVisible} visible + ${this.nHidden} hidden`);
    const o = nn.resolveOptions(opts);
    const conn = opts.connectivity;
    if (conn && (conn.length !== n || conn.some((r) => r.length !== n))) {
      throw new ShapeError(`BoltzmannMachine(${n} units): connectivity must be [${n}, ${n}], got [${conn.length}, ${conn[0]?.length ?? 0}]`);
    }
    const mask = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : conn ? (conn[i]![j]! && conn[j]![i]! ? 1 : 0) : 1)));
    this.registerBuffer('mask', tensor(mask, o), { persistent: false });
    this.weight = nn.emptyParameter([n, n], o);
    this.bias = nn.emptyParameter([n], o);
    const std = opts.initStd ?? 0;
    if (std > 0) {
      nn.init.normal_(this.weight, 0, std, opts.generator);
      // symmetric, masked: W ← (W + Wᵀ)/2 ⊙ mask
      noGrad(() => tidy(() => void this.weight.assign(this.weight.add(this.weight.mT()).mul(0.5).mul(this.mask))));
    }
  }

  /** E(s) = −½ sᵀWs − θᵀs for states [..., n] (0/1 values) → [...]. */
  energy(states: Tensor): Tensor {
    if (states.rank < 1 || states.shape[states.rank - 1] !== this.nUnits) {
      throw new ShapeError(`BoltzmannMachine(${this.nUnits} units): expected states [..., ${this.nUnits}], got ${fmtShape(states.shape)}`);
    }
    const quad = states.matmul(this.weight).mul(states).sum(-1).mul(-0.5);
    return quad.sub(states.mul(this.bias).sum(-1));
  }

  forward(states: Tensor): Tensor {
    return this.energy(states);
  }

  /** The weights as host arrays (symmetrized and masked), for the serial samplers and enumeration. */
  arrays(): MachineArrays {
    const n = this.nUnits;
    const w = Float64Array.from(this.weight.dataSync() as ArrayLike<number>);
    const mask = this.mask.dataSync();
    const sym = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = ((w[i * n + j]! + w[j * n + i]!) / 2) * Number(mask[i * n + j]);
    return { n, w: sym, theta: Float64Array.from(this.bias.dataSync() as ArrayLike<number>) };
  }

  /** Sets W (symmetrized and masked) and θ from host arrays. */
  setArrays(w: ArrayLike<number>, theta: ArrayLike<number>): this {
    const n = this.nUnits;
    if (w.length !== n * n || theta.length !== n) throw new ShapeError(`BoltzmannMachine(${n} units).setArrays: expected ${n * n} weights and ${n} biases, got ${w.length} and ${theta.length}`);
    noGrad(() => tidy(() => {
      const wt = tensor(Array.from(w), { shape: [n, n], dtype: this.weight.dtype, device: this.weight.device });
      this.weight.assign(wt.add(wt.mT()).mul(0.5).mul(this.mask));
      this.bias.assign(tensor(Array.from(theta), { dtype: this.bias.dtype, device: this.bias.device }));
    }));
    return this;
  }

  /** Gibbs sweeps over host states (chains × n, in place); see `gibbsSweeps`. */
  gibbs(states: Float64Array, opts: GibbsOptions): Float64Array {
    return gibbsSweeps(this.arrays(), states, opts);
  }

  /** Searches for the minimum-energy state by simulated annealing. */
  anneal(opts: AnnealOptions = {}): AnnealResult {
    return simulatedAnnealing(this.arrays(), opts);
  }

  /** log Z, marginals and ground states by enumeration of all 2ⁿ states (n ≤ 24). */
  exact(opts: ExactOptions = {}): ExactBoltzmann {
    return exactBoltzmann(this.arrays(), opts);
  }

  override extraRepr(): string {
    return `${this.nVisible} visible, ${this.nHidden} hidden`;
  }
}
