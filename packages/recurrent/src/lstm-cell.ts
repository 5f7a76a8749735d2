import type { Tensor } from '@dnn/tensor';
import { CellBase, type CellOptions } from './cell-base';
import { lstmStep } from './cell-steps';

/**
 * One LSTM step, PyTorch's LSTMCell (gates i, f, g, o): c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'),
 * with [i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh. Returns [h', c'].
 */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super('LSTMCell', 4, inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, Tensor] {
    const gi = this.inputGates(x);
    return lstmStep(gi, this.stateFor(x, state?.[0], 'h'), this.stateFor(x, state?.[1], 'c'), this.stepWeights);
  }
}
