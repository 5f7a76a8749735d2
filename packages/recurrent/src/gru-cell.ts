import type { Tensor } from '@dnn/tensor';
import { CellBase, type CellOptions } from './cell-base';
import { gruStep } from './cell-steps';

/**
 * One GRU step, PyTorch's GRUCell (gates r, z, n): r = σ(gi_r + gh_r), z = σ(gi_z + gh_z),
 * n = tanh(gi_n + r⊙gh_n), h' = (1 − z)⊙n + z⊙h, with gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh.
 */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super('GRUCell', 3, inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, h?: Tensor): Tensor {
    const gi = this.inputGates(x);
    return gruStep(gi, this.stateFor(x, h, 'h'), this.stepWeights);
  }
}
