import type { Tensor } from '@dnn/tensor';
import { CellBase, type CellOptions } from './cell-base';
import { rnnStep } from './cell-steps';

export interface RNNCellOptions extends CellOptions {
  /** Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** One Elman step: h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), PyTorch's RNNCell. */
export class RNNCell extends CellBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super('RNNCell', 1, inputSize, hiddenSize, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }
  forward(x: Tensor, h?: Tensor): Tensor {
    const gi = this.inputGates(x);
    return rnnStep(gi, this.stateFor(x, h, 'h'), this.stepWeights, this.nonlinearity);
  }
}
