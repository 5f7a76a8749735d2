/**
 * @dnn/models — the model zoo of dnn: LeNet-5, AlexNet, GoogLeNet and ResNet, and a general convolutional net.
 * @packageDocumentation
 */
export { lenet5 } from './lenet5';
export type { LeNet5Options } from './lenet5';
export { alexnet } from './alexnet';
export type { AlexNetOptions } from './alexnet';
export { GoogLeNet, InceptionAux, googlenet, GOOGLENET_SIZES } from './googlenet';
export type { GoogLeNetOptions, InceptionAuxOptions, InceptionSizes } from './googlenet';
export { ResNet, resnet18, resnet34, resnet50, resnet101, resnet20, resnet56, cifarResNet } from './resnet';
export type { ResNetOptions, ResNetSpec } from './resnet';
export { convNet } from './convnet';
export type { ConvNetOptions } from './convnet';
export { summarize, formatSummary } from './summary';
export type { SummaryRow } from './summary';
