import { FASHION_MNIST_CLASSES } from '@dnn/data';
import { resnet20, resnet56 } from '@dnn/models';
import type { Device } from '@dnn/tensor';
import { fashionMnistData } from '../data-source';
import type { Demo, DemoModel } from './types';

/** A CIFAR-style ResNet sized for 28×28 grey Fashion-MNIST images. */
function cifarResNet(title: string, build: (device?: Device) => DemoModel): Demo {
  const demo: Demo = {
    title, variants: ['cifar'], defaultVariant: 'cifar', inputShape: [1, 28, 28], build: (_v, d) => build(d),
    defaults: () => ({ optimizer: 'adam', lr: 1e-3, momentum: 0.9, batchSize: 128, epochs: 15 }),
    dataName: 'Fashion-MNIST',
    data: (o) => fashionMnistData(o, demo),
    lossName: 'cross entropy',
    unit: { short: 'img', long: 'images' },
    classNames: FASHION_MNIST_CLASSES,
  };
  return demo;
}

export const resnet20Demo = cifarResNet('ResNet-20', (device) => resnet20({ inChannels: 1, numClasses: 10, device }));
export const resnet56Demo = cifarResNet('ResNet-56', (device) => resnet56({ inChannels: 1, numClasses: 10, device }));
