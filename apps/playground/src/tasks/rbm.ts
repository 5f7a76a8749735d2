import { cdGradient, generatorDraws, RBM, setGradients } from '@dnn/boltzmann';
import { Generator, Module, noGrad, optim, type Tensor } from '@dnn/tensor';
import type { TaskDemo } from '../demo-types';
import { binaryImageLoaders, binaryTestRows, read } from '../task-data';
import { drawImageGrids } from '../ui/image-grids';

export const RBM_HIDDEN = 64;

/** An RBM whose forward is each image's squared reconstruction error after one mean-field pass up and down. */
class Reconstruction extends Module {
  rbm: RBM;
  constructor(rbm: RBM) {
    super();
    this.rbm = rbm;
  }
  forward(x: Tensor): Tensor {
    const v = x.reshape([x.shape[0]!, 784]);
    return this.rbm.visibleMean(this.rbm.hiddenProbs(v)).sub(v).square().sum(1);
  }
}

/** CD-1 on binarized images (the recipe of `dnn train rbm`, smaller); the view: reconstructions and filters. */
export const rbmTask: TaskDemo['setup'] = (device, data, plan) => {
  const model = new Reconstruction(new RBM(784, RBM_HIDDEN, { device, generator: new Generator(plan.seed) }));
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.5 });
  const draws = generatorDraws(); // the default generator, which fit seeds
  const shown = binaryTestRows(data, 8, device);
  return {
    model,
    fit: {
      ...binaryImageLoaders(data, { ...plan, heldOut: plan.validationSize }, device),
      loss: (out) => out.mean(),
      step: (batch) => {
        const v = batch.x.reshape([batch.x.shape[0]!, 784]);
        const res = cdGradient(model.rbm, v, { k: 1, draws });
        optimizer.zeroGrad();
        setGradients(model.rbm, res.grads);
        optimizer.step();
        return { loss: model.rbm.visibleMean(res.positiveHidden).sub(v).square().sum(1).mean() };
      },
    },
    show: async (host) => {
      const recon = await read(() => noGrad(() => model.rbm.visibleMean(model.rbm.hiddenProbs(shown))));
      const filters = await read(() => model.rbm.weight.detach().narrow(0, 0, 32).mul(1));
      drawImageGrids(host, [
        { caption: 'test images (binarized)', images: await read(() => shown.mul(1)), count: 8, cols: 8, bounds: [0, 1] },
        { caption: 'their reconstructions', images: recon, count: 8, cols: 8, bounds: [0, 1] },
        { caption: 'filters: the weights of 32 hidden units', images: filters, count: 32, cols: 8 },
      ]);
      return { images: 48 };
    },
  };
};
