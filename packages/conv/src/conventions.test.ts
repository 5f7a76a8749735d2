import { describe, it, expect } from 'vitest';
import { manualSeed, randn, type Device, type DType } from '@dnn/tensor';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as conv from './index';

const x = (shape: number[]) => (o: { device: Device; dtype: DType }) => randn(shape, o);

/** Every Module class @dnn/conv exports, with its required arguments, some options and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  Conv2d: { args: [2, 3, 3], options: { stride: 2, padding: 1 }, input: x([2, 2, 5, 5]) },
  Conv1d: { args: [2, 3, 3], options: { padding: 'same' }, input: x([2, 2, 6]) },
  ConvTranspose2d: { args: [2, 3, 3], options: { stride: 2, outputPadding: 1 }, input: x([1, 2, 3, 3]) },
  MaxPool2d: { args: [2], options: { stride: 1 }, input: x([1, 2, 4, 4]) },
  AvgPool2d: { args: [3], options: { stride: 2, padding: 1 }, input: x([1, 2, 5, 5]) },
  AdaptiveAvgPool2d: { args: [[2, 3]], input: x([1, 2, 5, 6]) },
  AdaptiveMaxPool2d: { args: [2], input: x([1, 2, 5, 5]) },
  BatchNorm2d: { args: [3], options: { momentum: 0.2 }, input: x([2, 3, 2, 2]) },
  LocalResponseNorm: { args: [3], options: { k: 2 }, input: x([1, 4, 2, 2]) },
  Dropout2d: { options: { p: 0.3 }, input: x([2, 3, 2, 2]) },
  Upsample: { options: { scaleFactor: 2, mode: 'bilinear' }, optionsRequired: true, input: x([1, 2, 3, 3]) },
  Subsampling2d: { args: [2], input: x([1, 2, 4, 4]) },
  RBFOutput: { args: [5, 3], options: { trainable: true }, input: x([2, 5]) },
  ResidualBlock: { args: [2, 3], options: { stride: 2 }, input: x([2, 2, 4, 4]) },
  InceptionBlock: { args: [2, 1, 1, 2, 1, 1, 1], options: { branch3Kernel: 3 }, input: x([2, 2, 4, 4]) },
  BasicConv2d: { args: [2, 3, 3], options: { padding: 1 }, input: x([2, 2, 4, 4]) },
};

describe('layer conventions of @dnn/conv', () => {
  it('every exported layer takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(2);
    expect(checkModuleConventions(conv, EXAMPLES)).toEqual([]);
  });

  it('a LeNet-5 connection table is a non-persistent buffer that follows .to()', () => {
    manualSeed(2);
    const table = { connections: conv.LENET5_C3_TABLE };
    expect(checkModuleConventions({ Conv2d: conv.Conv2d }, { Conv2d: { args: [6, 16, 5], options: table, input: x([1, 6, 5, 5]) } })).toEqual([]);
  });
});
