import { BoltzmannMachine, allEnergies, boltzmannLearningStep, conditionMachine } from '@dnn/boltzmann';
import { Module, getDefaultGenerator, tensor, type Device, type Tensor } from '@dnn/tensor';
import type { Batch } from '@dnn/train';
import type { Demo } from './types';

// units 0–3: V1 (input), 4–7: V2 (output), 8–9: hidden; V1 and V2 are not connected to each other
const group = (u: number): number => (u < 4 ? 0 : u < 8 ? 1 : 2);
const CONNECTIVITY = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (group(i) + group(j) === 1 ? 0 : 1)));
const PATTERNS = [0, 1, 2, 3].map((k) => [0, 1, 2, 3].map((i) => (i === k ? 1 : 0))).map((p) => [...p, ...p]);
/** Learning-rule steps per epoch: each is one batch of the four patterns. */
const STEPS_PER_EPOCH = 50;

/**
 * The 4-2-4 encoder: a Boltzmann machine whose two hidden units must carry which of four one-hot
 * patterns V1 holds, so that V2 can repeat it. Forward: for each row [N, 8], the number of wrong output
 * bits when the most probable V2 given V1 (hidden units summed out, by enumeration) replaces V2.
 */
export class EncoderModel extends Module {
  bm: BoltzmannMachine;

  constructor(device?: Device) {
    super();
    this.bm = new BoltzmannMachine(8, { nHidden: 2, connectivity: CONNECTIVITY, initStd: 2, device, dtype: 'float64' });
  }

  forward(x: Tensor): Tensor {
    const rows = x.arraySync() as number[][];
    const m = this.bm.arrays();
    const errors = rows.map((row) => {
      const { machine, free } = conditionMachine(m, [0, 1, 2, 3], row.slice(0, 4));
      const score = new Map<number, number>();
      allEnergies(machine).forEach((e, code) => {
        let v2 = 0;
        free.forEach((u, a) => { if (group(u) === 1 && (code >>> a) & 1) v2 |= 1 << (u - 4); });
        score.set(v2, (score.get(v2) ?? 0) + Math.exp(-e));
      });
      const best = [...score].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      return row.slice(4).reduce((s, bit, i) => s + (bit === ((best >>> i) & 1) ? 0 : 1), 0);
    });
    return tensor(errors, { dtype: 'float64', device: x.device });
  }
}

/** The four patterns, STEPS_PER_EPOCH times per epoch. */
class Patterns implements Iterable<Batch> {
  constructor(readonly steps: number) {}
  *[Symbol.iterator](): Iterator<Batch> {
    for (let s = 0; s < this.steps; s++) {
      const x = tensor(PATTERNS, { dtype: 'float64' });
      yield { x, y: x };
    }
  }
}

export const bmEncoderDemo: Demo = {
  title: 'Boltzmann machine 4-2-4 encoder',
  variants: ['gibbs'],
  defaultVariant: 'gibbs',
  inputShape: [8],
  build: (_variant, device) => new EncoderModel(device),
  // measured over seeds 0–19 (1000 steps, lr 1): 6 of 20 machines complete every pattern
  defaults: () => ({ optimizer: 'sgd', lr: 1, momentum: 0, batchSize: 4, epochs: 20 }),
  dataName: 'the four 4-bit one-hot patterns',
  data: async () => ({
    train: new Patterns(STEPS_PER_EPOCH), test: new Patterns(1), trainCount: 4 * STEPS_PER_EPOCH,
    description: 'data: the 4-2-4 encoder problem, four one-hot patterns on V1 and V2', origin: { source: 'encoder', path: '4-2-4' },
  }),
  loss: (out) => out.mean(),
  lossName: 'wrong output bits per pattern',
  metrics: {},
  unit: { short: 'pat', long: 'patterns' },
  // the Boltzmann learning rule updates the weights itself (clamped minus free correlations by annealed
  // Gibbs sampling); the learning rate is the run's --lr
  step: ({ model, config }) => (batch) => {
    const m = model as EncoderModel;
    boltzmannLearningStep(m.bm, batch.x.arraySync() as number[][], { lr: config.lr, chains: 2, sampleSweeps: 10, generator: getDefaultGenerator() });
    return { loss: m.forward(batch.x).mean() };
  },
};
