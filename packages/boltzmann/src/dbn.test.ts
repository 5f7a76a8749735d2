import { describe, it, expect } from 'vitest';
import { Generator, Sequential, ShapeError, noGrad, rand, tensor } from '@dnn/tensor';
import { DBN, fitRBM, stateIndices } from './index';

const f64 = { dtype: 'float64' as const };
const patterns: number[][] = [[1, 1, 1, 0, 0, 0, 1, 0], [0, 0, 0, 1, 1, 1, 0, 1], [1, 0, 1, 0, 1, 0, 1, 1], [0, 1, 0, 1, 0, 1, 0, 0]];
const data = tensor(Array.from({ length: 40 }, (_, i) => patterns[i % 4]!), f64);

describe('DBN', () => {
  it('unrolls into a Sequential of Linear + Sigmoid with PyTorch names, computing the same up pass', () => {
    const dbn = new DBN([8, 6, 4], { initStd: 0.5, generator: new Generator(1), ...f64 });
    const seq = dbn.toSequential({ classes: 3, generator: new Generator(2) });
    expect(Object.entries(seq.stateDict()).map(([k, t]) => [k, t.shape])).toEqual([
      ['0.weight', [6, 8]], ['0.bias', [6]], ['2.weight', [4, 6]], ['2.bias', [4]], ['4.weight', [3, 4]], ['4.bias', [3]],
    ]);
    const x = rand([5, 8], { generator: new Generator(3), ...f64 });
    const up = dbn.forward(x).dataSync();
    const viaSeq = new Sequential(...seq.layers.slice(0, 4)).forward(x).dataSync();
    up.forEach((v, i) => expect(viaSeq[i]).toBeCloseTo(v as number, 14));
    expect(Object.keys(dbn.stateDict())).toEqual(['layers.0.weight', 'layers.0.hBias', 'layers.0.vBias', 'layers.1.weight', 'layers.1.hBias', 'layers.1.vBias']);
    expect(() => dbn.forward(tensor([[1, 0]], f64))).toThrow(ShapeError);
  });

  it('greedy pretraining feeds each layer the one below it: layer 1 is trained on p(h₁ | data)', () => {
    const opts = (l: number) => ({ epochs: 3, batchSize: 10, lr: 0.1, generator: new Generator(5 + l) });
    const dbn = new DBN([8, 6, 4], { initStd: 0.1, generator: new Generator(4), ...f64 });
    dbn.pretrain(data, opts);
    // the same steps by hand on an identically initialized stack
    const byHand = new DBN([8, 6, 4], { initStd: 0.1, generator: new Generator(4), ...f64 });
    fitRBM(byHand.layers[0]!, data, opts(0)).dispose();
    fitRBM(byHand.layers[1]!, noGrad(() => byHand.layers[0]!.hiddenProbs(data)), opts(1)).dispose();
    for (const l of [0, 1]) expect(dbn.layers[l]!.weight.arraySync()).toEqual(byHand.layers[l]!.weight.arraySync());
    expect(dbn.layers[1]!.weight.sub(new DBN([8, 6, 4], { initStd: 0.1, generator: new Generator(4), ...f64 }).layers[1]!.weight).abs().max().item()).toBeGreaterThan(0.01);
  });

  // measured: 192 of 200 samples are one of the four patterns (out of 256 possible vectors)
  it('after pretraining, generated samples are the training patterns (≥ 80% of 200 samples)', () => {
    const dbn = new DBN([8, 8, 6], { initStd: 0.1, generator: new Generator(6), ...f64 });
    dbn.pretrain(data, { epochs: 80, batchSize: 8, lr: 0.2, momentum: 0.5, generator: new Generator(7) });
    const samples = dbn.generate(200, { gibbsSteps: 50, generator: new Generator(8) }).round();
    const codes = new Set(patterns.map((p) => p.reduce((s, b, i) => s + b * 2 ** i, 0)));
    const hits = stateIndices(samples).filter((k) => codes.has(k)).length;
    expect(hits / 200).toBeGreaterThan(0.8);
  }, 15_000);
});
