import { DBM, bernoulliFrom, cdGradient, dbmGradient, generatorDraws, setGradients } from '@dnn/boltzmann';
import { Generator, Module, full, tidy, zeros, type Device, type Tensor } from '@dnn/tensor';
import { fashionMnistData } from '../data-source';
import { binarized, meanOfOutput, writeGrid } from './boltzmann-common';
import type { Demo } from './types';

const SIZES = [784, 256, 128] as const;
const CHAINS = 100;

/**
 * A two-hidden-layer DBM on binarized Fashion-MNIST. The persistent chains' states are buffers, so a
 * checkpoint resumes them. Forward: each image's squared error after mean-field inference and a
 * pass down from the first hidden layer.
 */
export class DbmModel extends Module {
  dbm: DBM;
  chainV: Tensor;
  chainH1: Tensor;
  chainH2: Tensor;

  constructor(device?: Device) {
    super();
    this.dbm = new DBM([...SIZES], { device });
    [this.chainV, this.chainH1, this.chainH2] = SIZES.map((n) => zeros([CHAINS, n], { device })) as [Tensor, Tensor, Tensor];
  }

  forward(x: Tensor): Tensor {
    const v = binarized(x);
    const [mu1] = this.dbm.meanField(v, 10) as [Tensor];
    return this.dbm.layers[0]!.visibleMean(mu1).sub(v).square().sum(1);
  }
}

/**
 * Three phases over the run's epochs, split evenly: layer 1 pretrained as an RBM with its bottom-up
 * input doubled, layer 2 with its top-down input doubled (on p(h₁ | v) with the doubled input), then
 * joint training (mean field for the data term, persistent chains for the model term).
 */
export const dbmDemo: Demo = {
  title: `DBM ${SIZES.join('↔')}`,
  variants: ['pretrain-joint'],
  defaultVariant: 'pretrain-joint',
  inputShape: [1, 28, 28],
  build: (_variant, device) => new DbmModel(device),
  defaults: () => ({ optimizer: 'sgd', lr: 0.02, momentum: 0.5, batchSize: 100, epochs: 9, weightDecay: 1e-4 }),
  dataName: 'Fashion-MNIST (binarized)',
  data: (o) => fashionMnistData(o, dbmDemo),
  loss: meanOfOutput,
  lossName: 'squared reconstruction error per image (mean field)',
  metrics: {},
  unit: { short: 'img', long: 'images' },
  step: ({ model, optimizer, config }) => {
    const m = model as DbmModel;
    const [l0, l1] = m.dbm.layers as [DBM['layers'][0], DBM['layers'][0]];
    const perPhase = Math.max(1, Math.ceil(config.epochs / 3));
    const draws = generatorDraws();
    return (batch, ctx) => {
      const phase = Math.min(2, Math.floor((ctx.epoch - 1) / perPhase));
      const v = binarized(batch.x);
      optimizer.zeroGrad();
      if (phase < 2) {
        l0.upScale = 2; l1.downScale = 2;
        const rbm = phase === 0 ? l0 : l1;
        const x = phase === 0 ? v : l0.hiddenProbs(v);
        const res = cdGradient(rbm, x, { draws });
        setGradients(rbm, res.grads);
        l0.upScale = 1; l1.downScale = 1;
        optimizer.step();
        return { loss: rbm.visibleMean(res.positiveHidden).sub(x).square().sum(1).mean(), phase: phase + 1 };
      }
      const res = dbmGradient(m.dbm, v, [m.chainV, m.chainH1, m.chainH2], { draws });
      for (const [p, g] of res.grads) p.grad = g.neg();
      optimizer.step();
      [m.chainV, m.chainH1, m.chainH2].forEach((c, i) => c.assign(res.chains[i]!));
      return { loss: l0.visibleMean(m.dbm.meanField(v, 5)[0]!).sub(v).square().sum(1).mean(), phase: 3 };
    };
  },
  sample: async (model, o) => {
    const { dbm } = model as DbmModel;
    const draws = generatorDraws(new Generator(o.seed));
    let s = SIZES.map((n) => bernoulliFrom(full([o.count, n], 0.5, { device: o.device }), draws));
    for (let t = 0; t < 1000; t++) {
      const next = tidy(() => dbm.gibbsSweep(s, draws));
      s.forEach((x) => x.dispose());
      s = next;
    }
    const mean = dbm.layers[0]!.visibleMean(s[1]!);
    return (await writeGrid(o.out, 'samples.png', mean, 28, 28, false)) +
      (await writeGrid(o.out, 'filters.png', dbm.layers[0]!.weight.narrow(0, 0, 100), 28, 28, true));
  },
};
