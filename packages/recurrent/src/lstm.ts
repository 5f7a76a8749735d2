import type { Tensor } from '@dnn/tensor';
import { RNNBase, type RNNBaseOptions } from './rnn-base';
import type { Lengths } from './lengths';

export interface LSTMOptions extends RNNBaseOptions {
  /** Project h to this many features with W_hr (0: no projection). Default 0. */
  projSize?: number;
}

/**
 * PyTorch's LSTM, gates in the order i, f, g, o:
 *   [i f g o] = xₜ·W_ihᵀ + b_ih + hₜ₋₁·W_hhᵀ + b_hh,
 *   cₜ = σ(f)⊙cₜ₋₁ + σ(i)⊙tanh(g),   hₜ = σ(o)⊙tanh(cₜ)   (then hₜ·W_hrᵀ with projSize).
 * `forward` returns the last layer's output for every step, hN [L·D, N, out] and cN [L·D, N, hidden].
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, opts);
  }

  /** `state` is [h₀, c₀]; `lengths` stops each sequence after its own last step, as a packed sequence does. */
  forward(x: Tensor, state?: readonly [Tensor, Tensor], opts: { lengths?: Lengths } = {}): { output: Tensor; hN: Tensor; cN: Tensor } {
    const { output, final } = this.run(x, state, opts.lengths);
    return { output, hN: final[0]!, cN: final[1]! };
  }
}
