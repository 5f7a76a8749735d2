import { describe, it, expect } from 'vitest';
import { randn, manualSeed, mseLoss, tidy, optim, getDefaultDevice } from '@dnn/tensor';
import { LSTM } from './lstm';

describe('memory', () => {
  it('an LSTM training loop with lengths and an optimizer keeps device memory flat', () => {
    manualSeed(1);
    const lstm = new LSTM(3, 5, { numLayers: 2, bidirectional: true, projSize: 2 });
    const opt = new optim.Adam(lstm.parameters(), { lr: 0.01 });
    const x = randn([6, 4, 3]), y = randn([6, 4, 4]);
    const step = () => tidy(() => {
      opt.zeroGrad();
      // every output takes part in the loss (tape-memory.test.ts checks a loss on the output alone)
      const { output, hN, cN } = lstm.forward(x, undefined, { lengths: [6, 3, 5, 1] });
      mseLoss(output, y).add(hN.square().mean()).add(cN.square().mean()).backward();
      opt.step();
    });
    step(); // the optimizer's state is created on the first step
    const before = getDefaultDevice().memory();
    for (let i = 0; i < 5; i++) step();
    expect(getDefaultDevice().memory()).toEqual(before);
  });
});
