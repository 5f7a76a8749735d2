import { alexnet, googlenet, resnet18, resnet34, resnet50, resnet101 } from '@dnn/models';
import type { Device } from '@dnn/tensor';
import type { Demo, DemoModel, TrainDefaults } from './types';

/** ImageNet-sized torchvision-compatible models: summarizable; training them needs 224×224 RGB data, which the CLI does not ship. */
const imagenetDefaults = (): TrainDefaults => ({ optimizer: 'sgd', lr: 0.01, momentum: 0.9, batchSize: 32, epochs: 90 });

function imagenet(title: string, build: (device?: Device) => DemoModel): Demo {
  return { title, variants: ['torchvision'], defaultVariant: 'torchvision', inputShape: [3, 224, 224], build: (_v, d) => build(d), defaults: imagenetDefaults };
}

export const alexnetDemo: Demo = {
  title: 'AlexNet',
  variants: ['torchvision', 'original'],
  defaultVariant: 'torchvision',
  inputShape: [3, 224, 224],
  build: (variant, device) => alexnet({ variant: variant as 'torchvision' | 'original', device }),
  defaults: imagenetDefaults,
};
export const googlenetDemo = imagenet('GoogLeNet (Inception v1)', (device) => googlenet({ device }));
export const resnet18Demo = imagenet('ResNet-18', (device) => resnet18({ device }));
export const resnet34Demo = imagenet('ResNet-34', (device) => resnet34({ device }));
export const resnet50Demo = imagenet('ResNet-50', (device) => resnet50({ device }));
export const resnet101Demo = imagenet('ResNet-101', (device) => resnet101({ device }));
