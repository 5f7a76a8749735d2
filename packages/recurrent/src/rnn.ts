import type { Tensor } from '@dnn/tensor';
import { RNNBase, type RNNBaseOptions } from './rnn-base';
import type { Lengths } from './lengths';

export interface RNNOptions extends RNNBaseOptions {
  /** The activation of the recurrence. Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * PyTorch's Elman RNN: hₜ = act(xₜ·W_ihᵀ + b_ih + hₜ₋₁·W_hhᵀ + b_hh) for each of `numLayers` layers
 * (and directions). `forward` returns the last layer's output for every step and hN [L·D, N, hidden].
 */
export class RNN extends RNNBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(opts.nonlinearity === 'relu' ? 'RNN_RELU' : 'RNN_TANH', inputSize, hiddenSize, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }

  /** `lengths` (one per sequence) stops each sequence after its own last step, as a packed sequence does. */
  forward(x: Tensor, h0?: Tensor, opts: { lengths?: Lengths } = {}): { output: Tensor; hN: Tensor } {
    const { output, final } = this.run(x, h0 ? [h0] : undefined, opts.lengths);
    return { output, hN: final[0]! };
  }
}
