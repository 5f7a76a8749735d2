import { describe, it, expect } from 'vitest';
import { zeros, ShapeError, ValueError } from '@dnn/tensor';
import { Conv2d, Conv1d, BatchNorm2d, MaxPool2d, ResidualBlock, InceptionBlock, RBFOutput, Subsampling2d, LENET5_C3_TABLE } from './index';

describe('bad input gets errors that name the layer and the shapes', () => {
  it('Conv2d names its channels and the offending shape', () => {
    const c = new Conv2d(3, 16, 3);
    expect(() => c.forward(zeros([8, 1, 28, 28]))).toThrow(ShapeError);
    expect(() => c.forward(zeros([8, 1, 28, 28]))).toThrow('Conv2d(3→16): expected input [N,3,H,W], got [8,1,28,28]');
    expect(() => c.forward(zeros([3, 28, 28]))).toThrow('Conv2d(3→16): expected input [N,3,H,W], got [3,28,28]');
    expect(() => c.forward(zeros([1, 3, 2, 2]))).toThrow(/kernel 3×3 .* larger than the padded input 2×2/);
  });
  it('other layers', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(ValueError);
    expect(() => new Conv1d(2, 2, 3).forward(zeros([1, 3, 9]))).toThrow('Conv1d(2→2): expected input [N,2,L], got [1,3,9]');
    expect(() => new BatchNorm2d(4).forward(zeros([2, 3, 4, 4]))).toThrow('BatchNorm2d(4): expected input [N,4,H,W], got [2,3,4,4]');
    expect(() => new MaxPool2d(2).forward(zeros([2, 4]))).toThrow('MaxPool2d: expected input [N,C,H,W], got [2,4]');
    expect(() => new ResidualBlock(4, 4).forward(zeros([1, 3, 4, 4]))).toThrow(/ResidualBlock\(4→4\)/);
    expect(() => new InceptionBlock(4, 1, 1, 1, 1, 1, 1)
      .forward(zeros([1, 3, 4, 4]))).toThrow(/InceptionBlock\(4→4\): expected input \[N,4,H,W\], got \[1,3,4,4\]/);
    expect(() => new RBFOutput(84, 10).forward(zeros([2, 80]))).toThrow('RBFOutput(84→10): expected input [N,84], got [2,80]');
    expect(() => new Subsampling2d(6).forward(zeros([1, 16, 4, 4]))).toThrow('Subsampling2d(6): expected input [N,6,H,W], got [1,16,4,4]');
    expect(() => new Conv2d(6, 2, 5, { connections: [[0, 7], [1]] })).toThrow(/connection 7/);
  });
});

describe('parameter counts of a convolution (P·D·U·V + P)', () => {
  it('a multi-channel conv layer has P·D·U·V + P parameters', () => {
    expect(new Conv2d(3, 16, 5).numParameters()).toBe(16 * 3 * 5 * 5 + 16);
    expect(new Conv2d(4, 8, 3, { groups: 2 }).numParameters()).toBe(8 * 2 * 9 + 8);
  });
  it("LeNet-5's C3 with its connection table has 1,516 parameters, S2 12, S4 32, RBF 840 fixed values", () => {
    expect(new Conv2d(6, 16, 5, { connections: LENET5_C3_TABLE }).numParameters()).toBe(1516);
    expect(new Subsampling2d(6).numParameters()).toBe(12);
    expect(new Subsampling2d(16).numParameters()).toBe(32);
    const rbf = new RBFOutput(84, 10);
    expect(rbf.numParameters()).toBe(0);
    expect(rbf.stateDict()['prototypes']!.size).toBe(840);
    expect(new Set(rbf.stateDict()['prototypes']!.dataSync())).toEqual(new Set([1, -1]));
  });
  it('the connection table really cuts unlisted maps off', () => {
    const c3 = new Conv2d(6, 16, 5, { connections: LENET5_C3_TABLE });
    const w = c3.fullWeight().abs().sum([2, 3]).dataSync();
    LENET5_C3_TABLE.forEach((row, o) => {
      for (let i = 0; i < 6; i++) expect(w[o * 6 + i]! > 0, `map ${o} input ${i}`).toBe(row.includes(i));
    });
  });
});
