import { describe, expect, it } from 'vitest';
import { dnnEpochSeconds, torchEpochSeconds } from './epoch-pairs';

describe('bench:epoch', () => {
  it('reads the PyTorch script\'s training + test time, and refuses a line without it', () => {
    const line = 'torch 2 thread(s): LeNet-5 modern epoch: training 4.11 s (14616 images/s), training + test 4.37 s (test loss 0.3713, accuracy 86.59%)';
    expect(torchEpochSeconds(line)).toBe(4.37);
    expect(() => torchEpochSeconds('Traceback (most recent call last)')).toThrow(/training \+ test/);
  });

  it('reads each epoch\'s seconds from the CLI\'s metrics.json, and refuses a row without them', () => {
    expect(dnnEpochSeconds(JSON.stringify([{ epoch: 1, seconds: 4.6 }, { epoch: 2, seconds: 3.9 }]))).toEqual([4.6, 3.9]);
    expect(() => dnnEpochSeconds(JSON.stringify([{ epoch: 1 }]))).toThrow(/row 0/);
  });
});
