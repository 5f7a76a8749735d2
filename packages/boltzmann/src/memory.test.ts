import { describe, it, expect } from 'vitest';
import { Generator, cpu, rand, randn, tensor, tidy } from '@dnn/tensor';
import { DBM, DBN, RBM, RBMTrainer, aisLogZ, exactLogLikelihood, fitRBM, trainDBM } from './index';

describe('training loops keep device memory flat', () => {
  it('RBMTrainer (PCD, momentum, weight decay, sparsity), AIS, DBN generation and DBM training', () => {
    const g = new Generator(1);
    const data = rand([40, 12], { generator: g }).round();
    const rbm = new RBM(12, 8, { generator: g });
    const trainer = new RBMTrainer(rbm, { persistentChains: 10, momentum: 0.5, weightDecay: 1e-3, sparsityTarget: 0.1, generator: g });
    tidy(() => trainer.step(data.narrow(0, 0, 10))); // velocities and chains exist from here on
    const before = cpu().memory();
    for (let s = 0; s < 20; s++) tidy(() => trainer.step(data.narrow(0, (s % 4) * 10, 10)));
    aisLogZ(rbm, { chains: 10, betas: 20, generator: g });
    const afterAis = cpu().memory();
    expect(afterAis.tensors).toBe(before.tensors);
    const dbn = new DBN([12, 8, 6], { generator: g });
    dbn.generate(5, { gibbsSteps: 3, generator: g }).dispose();
    const dbm = new DBM([12, 8, 6], { generator: g });
    const afterModels = cpu().memory();
    trainDBM(dbm, data, { epochs: 2, batchSize: 10, chains: 10, generator: g });
    const after = cpu().memory();
    // only the new modules' parameters remain: DBN and DBM hold 2 RBMs × 3 tensors each
    expect(afterModels.tensors - before.tensors).toBe(12);
    expect(after.tensors).toBe(afterModels.tensors);
    trainer.dispose();
  });
});

describe('Gaussian–Bernoulli RBM training', () => {
  it('CD-1 with learned σ raises the exact log density of two-cluster data and shrinks σ towards the clusters\' spread', () => {
    const g = new Generator(2);
    const centres = tensor([[2, -1], [-2, 1]], { dtype: 'float64' });
    const labels = rand([200], { generator: g, dtype: 'float64' }).round().cast('int32');
    const data = centres.indexSelect(0, labels).add(randn([200, 2], { generator: g, dtype: 'float64' }).mul(0.3));
    const rbm = new RBM(2, 6, { visible: 'gaussian', learnSigma: true, initStd: 0.1, generator: g, dtype: 'float64' });
    const start = exactLogLikelihood(rbm, data);
    fitRBM(rbm, data, { epochs: 60, batchSize: 20, lr: 0.02, momentum: 0.5, generator: g, shuffle: true }).dispose();
    const end = exactLogLikelihood(rbm, data);
    // a single unit Gaussian at the data mean scores about −4.4 here; the two clusters allow about −0.5
    expect(end).toBeGreaterThan(start + 1.5);
    expect(Math.max(...(rbm.logSigma!.exp().arraySync() as number[]))).toBeLessThan(0.9);
  });
});
