import type { Tensor } from '@dnn/tensor';
import { RNNBase, type RNNBaseOptions } from './rnn-base';
import type { Lengths } from './lengths';

export type GRUOptions = RNNBaseOptions;

/**
 * PyTorch's GRU, gates in the order r, z, n:
 *   r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr),  z = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz),
 *   n = tanh(x·W_inᵀ + b_in + r⊙(h·W_hnᵀ + b_hn)),  hₜ = (1 − z)⊙n + z⊙hₜ₋₁.
 * `forward` returns the last layer's output for every step and hN [L·D, N, hidden].
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts: GRUOptions = {}) {
    super('GRU', inputSize, hiddenSize, opts);
  }

  /** `lengths` stops each sequence after its own last step, as a packed sequence does. */
  forward(x: Tensor, h0?: Tensor, opts: { lengths?: Lengths } = {}): { output: Tensor; hN: Tensor } {
    const { output, final } = this.run(x, h0 ? [h0] : undefined, opts.lengths);
    return { output, hN: final[0]! };
  }
}
