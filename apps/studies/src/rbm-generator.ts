import { Generator } from '@dnn/tensor';
import type { GeneratorFit } from '@dnn/generative';
import { RBM, fitRBM, generatorDraws } from '@dnn/boltzmann';
import { perClassGenerator, startsFrom } from './per-class';

/**
 * Class-conditional RBMs for the augmentation study: one RBM D → 64 per class, trained by CD-1 on that
 * class's k images for `steps` full-batch updates; a class's samples are the visible means after 200
 * Gibbs steps from its training images (picked in turn).
 */
export const fitClassRbms: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed);
  return perClassGenerator(train, numClasses, (x) => {
    const rbm = new RBM(x.shape[1]!, 64, { generator: g });
    fitRBM(rbm, x, { epochs: steps, batchSize: x.shape[0]!, lr: 0.05, momentum: 0.5, generator: g });
    return rbm;
  }, (rbm, x, n) => rbm.visibleMean(rbm.sampleHidden(rbm.gibbs(startsFrom(x, n), 200, generatorDraws(g)), generatorDraws(g))));
};
