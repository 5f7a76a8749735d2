import { TensorDataset, DataLoader, addingProblem } from '@dnn/data';
import { LSTM } from '@dnn/recurrent';
import { Generator, Linear, Module, mseLoss, noGrad, optim, type Device, type Tensor } from '@dnn/tensor';
import type { TaskDemo } from '../demo-types';
import { read } from '../task-data';
import { drawSums } from '../ui/sequence-view';

/** Sequence length: short enough for a few dozen steps on a page's main thread. */
export const ADDING_STEPS = 10;
const HIDDEN = 32, TRAIN = 4096, SHOWN = 5;

/** An LSTM over (value, marker) pairs and a linear read-out of its last state: [N, T, 2] → [N, 1]. */
class AddingRegressor extends Module {
  rnn: LSTM;
  head: Linear;
  constructor(device: Device, generator: Generator) {
    super();
    this.rnn = new LSTM(2, HIDDEN, { batchFirst: true, device, generator });
    this.head = new Linear(HIDDEN, 1, { device, generator });
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.rnn.forward(x).hN.select(0, 0));
  }
}

/** The adding problem (the recipe of `dnn train adding`, shorter sequences); the view: a few sums and the answers. */
export const addingTask: TaskDemo['setup'] = (device, _data, plan) => {
  const make = (n: number, seed: number) => {
    const { inputs, targets } = addingProblem(n, ADDING_STEPS, { generator: new Generator(seed) });
    return new TensorDataset(inputs, targets);
  };
  const model = new AddingRegressor(device, new Generator(plan.seed));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const heldOut = make(Math.max(plan.validationSize, SHOWN), 2 * plan.seed + 2);
  const shown = heldOut.x.narrow(0, 0, SHOWN);
  const shownInputs = shown.dataSync() as Float32Array, shownTargets = heldOut.y.narrow(0, 0, SHOWN).dataSync() as Float32Array;
  const shownOnDevice = shown.to(device);
  return {
    model,
    fit: {
      train: new DataLoader(make(TRAIN, 2 * plan.seed + 1), { batchSize: plan.batchSize, shuffle: true, seed: plan.seed, dropLast: true, device }),
      validation: new DataLoader(heldOut, { batchSize: 500, device }),
      loss: (out, y) => mseLoss(out, y),
      // gradients clipped to norm 1, as recurrent training usually needs
      step: (batch) => {
        optimizer.zeroGrad();
        const loss = mseLoss(model.forward(batch.x), batch.y);
        loss.backward();
        optim.clipGradNorm(model.parameters(), 1);
        optimizer.step();
        return loss.detach();
      },
    },
    show: async (host) => {
      const answers = Array.from(await read(() => noGrad(() => model.forward(shownOnDevice).reshape([-1]))));
      drawSums(host, shownInputs, ADDING_STEPS, Array.from(shownTargets), answers);
      return { answers, targets: Array.from(shownTargets) };
    },
  };
};
