import { describe, it, expect } from 'vitest';
import { manualSeed, randn, type Device, type DType, type Module, type ModuleOptions } from '@dnn/tensor';
import { checkModuleConventions, checkModuleInstance, type ModuleExample } from '@dnn/tensor/testing';
import * as models from './index';

const x = (shape: number[]) => (o: { device: Device; dtype: DType }) => randn(shape, o);

/**
 * Every Module class @dnn/models exports, at the smallest input its architecture accepts, batch 1.
 * GoogLeNet runs forward only, in eval mode: 6.6 million float64 parameters differentiated on both
 * devices would take most of this file's time, and its blocks (InceptionBlock, BasicConv2d) and
 * InceptionAux get the full forward and backward checks.
 */
const EXAMPLES: Record<string, ModuleExample> = {
  ResNet: {
    args: [{ kind: 'basic', layers: [1, 1, 1], widths: [4, 8, 8], stem: 'cifar' } satisfies models.ResNetSpec],
    options: { inChannels: 1, numClasses: 3 }, input: x([1, 1, 8, 8]),
  },
  GoogLeNet: { options: { numClasses: 4 }, input: x([1, 3, 16, 16]), evalOnly: 'forward only, see above' },
  InceptionAux: { args: [16, 3], options: { dropout: 0.5 }, input: x([1, 16, 4, 4]) },
};

/** The builders of the zoo, each checked as a class would be (AlexNet's 61 million parameters: zoo.test.ts). */
const BUILDERS: [string, (o: ModuleOptions) => Module, ModuleExample][] = [
  ['lenet5 classic', (o) => models.lenet5({ ...o, variant: 'classic' }), { input: x([1, 1, 28, 28]) }],
  ['lenet5 modern', (o) => models.lenet5(o), { input: x([1, 1, 28, 28]) }],
  ['resnet20', (o) => models.resnet20({ ...o, inChannels: 1 }), { input: x([1, 1, 28, 28]) }],
  ['convNet', (o) => models.convNet({ ...o, inChannels: 1, inputSize: [8, 8], numClasses: 3, blocks: [{ convs: 1, channels: 4 }], fc: [5], dropout: 0.2 }), { input: x([1, 1, 8, 8]) }],
];

describe('layer conventions of @dnn/models', () => {
  it('every exported model class takes (required arguments, options), runs, moves with .to() and round-trips its state dict', () => {
    manualSeed(4);
    expect(checkModuleConventions(models, EXAMPLES)).toEqual([]);
  }, 60_000);

  for (const [name, make, example] of BUILDERS) {
    it(`${name}: forward and backward on a second device after .to(), strict state-dict round trip`, () => {
      manualSeed(4);
      expect(checkModuleInstance(name, make, example)).toEqual([]);
    }, 30_000);
  }
});
