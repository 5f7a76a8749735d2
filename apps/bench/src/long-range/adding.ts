import { Module, Tensor, Linear, Generator, manualSeed, mseLoss, tidy, tensor, optim } from '@dnn/tensor';
import { addingProblem } from '@dnn/data';
import { RNN, LSTM, GRU, clipGradients } from '@dnn/recurrent';

export type RecurrentKind = 'RNN' | 'LSTM' | 'GRU';

export interface AddingRunOptions {
  steps: number;
  hidden?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  /** LSTM only: start the forget-gate bias (b_if + b_hf) at this value instead of PyTorch's draw. */
  forgetBias?: number;
  /** Gradient-norm clip. Default 1. */
  maxNorm?: number;
  /** Called every `every` updates with the mean training MSE since the last call. */
  onProgress?: (update: number, mse: number) => void;
  every?: number;
}

/** A recurrent layer reading (value, marker) pairs, and a linear read-out of its last state. */
class AddingModel extends Module {
  rnn: RNN | LSTM | GRU;
  head: Linear;
  constructor(kind: RecurrentKind, hidden: number) {
    super();
    this.rnn = kind === 'LSTM' ? new LSTM(2, hidden, { batchFirst: true }) : kind === 'GRU' ? new GRU(2, hidden, { batchFirst: true }) : new RNN(2, hidden, { batchFirst: true });
    this.head = new Linear(hidden, 1);
  }
  forward(x: Tensor): Tensor {
    // the last step's output (the final state of this one-layer network), so the backward pass
    // reaches every node the forward pass recorded and nothing is left holding memory
    const { output } = this.rnn.forward(x);
    return this.head.forward(output.select(1, output.shape[1]! - 1));
  }
}

/**
 * Trains one model on fresh batches of the adding problem with T = `length` steps (Adam, clipped
 * gradients); returns the training MSE of every update. Predicting the mean scores about 0.167.
 */
export function trainAdding(kind: RecurrentKind, length: number, o: AddingRunOptions): number[] {
  manualSeed(o.seed ?? 0);
  const hidden = o.hidden ?? 16;
  const model = new AddingModel(kind, hidden);
  if (kind === 'LSTM' && o.forgetBias !== undefined) {
    const fields = model.rnn as unknown as Record<string, Tensor>;
    for (const [name, value] of [['bias_ih_l0', o.forgetBias], ['bias_hh_l0', 0]] as const) {
      const b = fields[name]!;
      const data = Float32Array.from(b.dataSync());
      data.fill(value, hidden, 2 * hidden);
      b.assign(tensor(data));
    }
  }
  const opt = new optim.Adam(model.parameters(), { lr: o.lr ?? 0.01 });
  const gen = new Generator(1000 + (o.seed ?? 0));
  const curve: number[] = [];
  let acc = 0;
  for (let step = 1; step <= o.steps; step++) {
    const loss = tidy(() => {
      const { inputs, targets } = addingProblem(o.batch ?? 32, length, { generator: gen });
      opt.zeroGrad();
      const l = mseLoss(model.forward(inputs), targets);
      l.backward();
      clipGradients(model.parameters(), { maxNorm: o.maxNorm ?? 1 })?.dispose();
      opt.step();
      return l.item();
    });
    curve.push(loss);
    acc += loss;
    const every = o.every ?? 50;
    if (o.onProgress && step % every === 0) {
      o.onProgress(step, acc / every);
      acc = 0;
    }
  }
  return curve;
}

/** Mean of the last `k` values of a curve. */
export const tailMean = (curve: readonly number[], k: number): number => curve.slice(-k).reduce((a, b) => a + b, 0) / Math.min(k, curve.length);
