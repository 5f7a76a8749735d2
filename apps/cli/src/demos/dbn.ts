import { DBN, cdGradient, generatorDraws, setGradients } from '@dnn/boltzmann';
import { Generator, Module, type Device, type Tensor } from '@dnn/tensor';
import { fashionMnistData } from '../data-source';
import { binarized, meanOfOutput, writeGrid } from './boltzmann-common';
import type { Demo } from './types';

const SIZES = [784, 256, 256];

/** A DBN on binarized Fashion-MNIST; forward: each image's squared error after an up pass and a down pass. */
export class DbnModel extends Module {
  dbn: DBN;

  constructor(device?: Device) {
    super();
    this.dbn = new DBN(SIZES, { device });
  }

  forward(x: Tensor): Tensor {
    const v = binarized(x);
    const top = this.dbn.forward(v);
    const down = this.dbn.layers.reduceRight((h, rbm) => rbm.visibleMean(h), top);
    return down.sub(v).square().sum(1);
  }
}

/**
 * Greedy layer-wise pretraining through the step hook: the run's epochs are split evenly between the
 * layers, bottom first; a layer's batches are the binarized images passed up through the trained
 * layers below (p(h | v)).
 */
export const dbnDemo: Demo = {
  title: `DBN ${SIZES.join('→')}`,
  variants: ['greedy'],
  defaultVariant: 'greedy',
  inputShape: [1, 28, 28],
  build: (_variant, device) => new DbnModel(device),
  defaults: () => ({ optimizer: 'sgd', lr: 0.05, momentum: 0.5, batchSize: 100, epochs: 10, weightDecay: 1e-4 }),
  dataName: 'Fashion-MNIST (binarized)',
  data: (o) => fashionMnistData(o, dbnDemo),
  loss: meanOfOutput,
  lossName: 'squared reconstruction error per image (up and down the stack)',
  metrics: {},
  unit: { short: 'img', long: 'images' },
  step: ({ model, optimizer, config }) => {
    const { dbn } = model as DbnModel;
    const layers = dbn.layers.length;
    const perLayer = Math.max(1, Math.ceil(config.epochs / layers));
    const draws = generatorDraws();
    return (batch, ctx) => {
      const layer = Math.min(layers - 1, Math.floor((ctx.epoch - 1) / perLayer));
      let x = binarized(batch.x);
      for (let l = 0; l < layer; l++) x = dbn.layers[l]!.hiddenProbs(x);
      const rbm = dbn.layers[layer]!;
      const res = cdGradient(rbm, x, { draws });
      optimizer.zeroGrad();
      setGradients(rbm, res.grads);
      optimizer.step();
      return { loss: rbm.visibleMean(res.positiveHidden).sub(x).square().sum(1).mean(), layer: layer + 1 };
    };
  },
  sample: async (model, o) => {
    const { dbn } = model as DbnModel;
    const samples = dbn.generate(o.count, { gibbsSteps: 1000, generator: new Generator(o.seed) });
    return (await writeGrid(o.out, 'samples.png', samples, 28, 28, false)) +
      (await writeGrid(o.out, 'filters.png', dbn.layers[0]!.weight.narrow(0, 0, 100), 28, 28, true));
  },
};
