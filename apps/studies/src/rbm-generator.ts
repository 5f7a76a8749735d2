import { Generator, noGrad, tensor, concat, type Tensor } from '@dnn/tensor';
import type { GeneratorFit } from '@dnn/generative';
import { RBM, fitRBM, generatorDraws } from '@dnn/boltzmann';

/**
 * Class-conditional RBMs for the augmentation study: one RBM D → 64 per class, trained by CD-1 on that
 * class's k images for `steps` full-batch updates; a class's samples are the visible means after 200
 * Gibbs steps from its training images (picked in turn).
 */
export const fitClassRbms: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed);
  const labels = train.y.dataSync();
  const perClass = Array.from({ length: numClasses }, (_, c) => {
    const idx = tensor(Int32Array.from([...labels.keys()].filter((i) => labels[i] === c)), { dtype: 'int32' });
    const x = train.x.indexSelect(0, idx);
    const rbm = new RBM(x.shape[1]!, 64, { generator: g });
    fitRBM(rbm, x, { epochs: steps, batchSize: x.shape[0]!, lr: 0.05, momentum: 0.5, generator: g });
    return { rbm, x };
  });
  return (wanted) => noGrad(() => {
    const want = Array.from(wanted.dataSync());
    const parts: Tensor[] = [];
    const positions: number[] = [];
    for (let c = 0; c < numClasses; c++) {
      const at = want.flatMap((w, i) => (w === c ? [i] : []));
      if (!at.length) continue;
      const { rbm, x } = perClass[c]!;
      // one chain per sample, started from the class's training images in turn
      const start = x.indexSelect(0, tensor(Int32Array.from(at, (_, j) => j % x.shape[0]!), { dtype: 'int32' }));
      parts.push(rbm.visibleMean(rbm.sampleHidden(rbm.gibbs(start, 200, generatorDraws(g)), generatorDraws(g))));
      positions.push(...at);
    }
    // rows are grouped by class: put them back in the order the labels asked for
    const inverse = new Int32Array(positions.length);
    positions.forEach((p, row) => { inverse[p] = row; });
    return concat(parts, 0).indexSelect(0, tensor(inverse, { dtype: 'int32' }));
  });
};
