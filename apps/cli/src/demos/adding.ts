import { Generator, Linear, Module, Tensor, mseLoss, optim, tidy, type Device } from '@dnn/tensor';
import { addingProblem } from '@dnn/data';
import { GRU, LSTM, RNN } from '@dnn/recurrent';
import { sequenceData } from './sequence-data';
import type { Demo } from './types';

/** Sequence length of the demo's adding problem. */
export const ADDING_STEPS = 50;
const TRAIN = 10_000, TEST = 1_000, HIDDEN = 32;

/** A recurrent layer over (value, marker) pairs and a linear read-out of its last state: [N, T, 2] → [N, 1]. */
class AddingRegressor extends Module {
  rnn: RNN | LSTM | GRU;
  head: Linear;
  constructor(variant: string, device?: Device) {
    super();
    const o = { batchFirst: true, device };
    this.rnn = variant === 'gru' ? new GRU(2, HIDDEN, o) : variant === 'rnn' ? new RNN(2, HIDDEN, o) : new LSTM(2, HIDDEN, o);
    this.head = new Linear(HIDDEN, 1, { device });
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.rnn.forward(x).hN.select(0, 0));
  }
}

/**
 * The adding problem (T = 50): two marked values among 50 to add up, a long-range dependency.
 * "accuracy" counts answers within 0.04 of the sum; predicting the mean scores MSE ≈ 0.167.
 */
export const addingDemo: Demo = {
  title: `Adding problem (T = ${ADDING_STEPS})`,
  variants: ['lstm', 'gru', 'rnn'],
  defaultVariant: 'lstm',
  inputShape: [ADDING_STEPS, 2],
  build: (variant, device) => new AddingRegressor(variant, device),
  defaults: () => ({ optimizer: 'adam', lr: 0.003, momentum: 0, batchSize: 32, epochs: 10 }),
  dataName: 'the adding problem',
  data: async (o) => {
    const seed = o.seed;
    const make = (n: number, s: number) => {
      const { inputs, targets } = addingProblem(n, ADDING_STEPS, { generator: new Generator(s) });
      return [inputs, targets] as [Tensor, Tensor];
    };
    return sequenceData(o, { train: make(TRAIN, 2 * seed + 1), test: make(TEST, 2 * seed + 2) },
      `data: the adding problem, T = ${ADDING_STEPS}: ${TRAIN} train / ${TEST} test sequences drawn from seed ${seed}`,
      { source: 'generated', path: `adding-problem T=${ADDING_STEPS} seed=${seed}` });
  },
  loss: (out, y) => mseLoss(out, y),
  lossName: 'mean squared error',
  metrics: { accuracy: (out, y) => out.sub(y).abs().lt(0.04).sum() },
  unit: { short: 'seq', long: 'sequences' },
  // gradients clipped to norm 1, as recurrent training usually needs; the norm is logged as gradNorm
  step: ({ model, optimizer }) => (batch) => tidy(() => {
    optimizer.zeroGrad();
    const loss = mseLoss(model.forward(batch.x), batch.y);
    loss.backward();
    const gradNorm = optim.clipGradNorm(model.parameters(), 1);
    optimizer.step();
    optimizer.zeroGrad();
    return { loss: loss.detach(), gradNorm };
  }),
};
