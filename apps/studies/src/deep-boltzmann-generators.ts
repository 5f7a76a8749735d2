import { Generator, keep, tidy, type Tensor } from '@dnn/tensor';
import type { GeneratorFit } from '@dnn/generative';
import { DBM, DBN, generatorDraws, trainDBM, type FitRBMOptions } from '@dnn/boltzmann';
import { perClassGenerator, startsFrom } from './per-class';

/** Hidden layer sizes of both deep models: D → 64 → 32. */
const HIDDEN = [64, 32];
/** Gibbs sweeps before a sample is read. */
const SAMPLING_SWEEPS = 200;

/** CD-1 on the class's k images, full batch, for `steps` updates per layer (the RBM generator's settings). */
const layerFit = (x: Tensor, steps: number, g: Generator): FitRBMOptions =>
  ({ epochs: steps, batchSize: x.shape[0]!, lr: 0.05, momentum: 0.5, generator: g });

/**
 * Class-conditional deep belief networks: one DBN D → 64 → 32 per class, pretrained greedily layer by
 * layer (`steps` full-batch CD-1 updates per layer) on that class's k images; a class's samples come
 * from 200 Gibbs steps in the top RBM from random states, then the downward pass (visible means).
 */
export const fitClassDbns: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed);
  return perClassGenerator(train, numClasses, (x) => {
    const dbn = new DBN([x.shape[1]!, ...HIDDEN], { generator: g });
    dbn.pretrain(x, layerFit(x, steps, g));
    return dbn;
  }, (dbn, _x, n) => dbn.generate(n, { gibbsSteps: SAMPLING_SWEEPS, generator: g }));
};

/**
 * Class-conditional deep Boltzmann machines: one DBM D → 64 → 32 per class, pretrained layer by layer
 * as the DBN (`steps` CD-1 updates per layer), then trained jointly for `steps` full-batch updates
 * (mean field for the data term, 20 persistent chains, lr 0.01); a class's samples are the visible
 * means after 200 block Gibbs sweeps started from its training images (picked in turn) and their
 * mean-field posteriors.
 */
export const fitClassDbms: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed);
  return perClassGenerator(train, numClasses, (x) => {
    const dbm = new DBM([x.shape[1]!, ...HIDDEN], { generator: g });
    dbm.pretrain(x, layerFit(x, steps, g));
    trainDBM(dbm, x, { epochs: steps, batchSize: x.shape[0]!, lr: 0.01, chains: 20, generator: g });
    return dbm;
  }, (dbm, x, n) => {
    const draws = generatorDraws(g);
    const start = startsFrom(x, n);
    let states = [start, ...dbm.meanField(start)];
    for (let s = 0; s < SAMPLING_SWEEPS; s++) {
      const next = tidy(() => dbm.gibbsSweep(states, draws).map((t) => keep(t)));
      states.forEach((t) => t.dispose());
      states = next;
    }
    const bottom = dbm.layers[0]!;
    const mean = tidy(() => states[1]!.matmul(bottom.weight).add(bottom.vBias).sigmoid());
    states.forEach((t) => t.dispose());
    return mean;
  });
};
