import { describe, it, expect } from 'vitest';
import { Device, createCpuBackend, mseLoss, randn, tidy } from '@dnn/tensor';
import { RNN } from './rnn';
import { LSTM } from './lstm';

// a device of its own, so the counts are this file's alone (the parameters require grad: the tape records)
const device = new Device(createCpuBackend(), 'recurrent-tape-memory');
const live = () => device.memory().tensors;

describe('layers leave nothing of their graph behind', () => {
  it('a forward-only RNN inside tidy (grad mode on, no backward) keeps memory flat', () => {
    const rnn = new RNN(4, 8, { device });
    const x = randn([10, 2, 4], { device });
    const before = live();
    for (let i = 0; i < 3; i++) {
      tidy(() => {
        rnn.forward(x);
      });
      expect(live()).toBe(before);
    }
  });

  it('an LSTM trained on its output alone frees the hN / cN branch backward never reaches', () => {
    const lstm = new LSTM(3, 5, { device });
    const x = randn([6, 2, 3], { device }), y = randn([6, 2, 5], { device });
    const step = () => tidy(() => {
      lstm.zeroGrad();
      mseLoss(lstm.forward(x).output, y).backward();
    });
    const start = live();
    step(); // the first step creates the four parameters' gradients, and nothing else stays
    const before = live();
    expect(before - start).toBe(4);
    for (let i = 0; i < 3; i++) {
      step();
      expect(live()).toBe(before);
    }
  });
});
