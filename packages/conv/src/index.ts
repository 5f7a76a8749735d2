/**
 * @dnn/conv — the convolutional layers of dnn: convolution, pooling, normalization,
 * LeNet-5's connection table, subsampling and RBF layers, residual and inception blocks.
 * @packageDocumentation
 */
export { Conv2d, LENET5_C3_TABLE, convWithPadding } from './conv2d';
export type { Conv2dOptions, Pair, PaddingMode, ConvGeometry } from './conv2d';
export { Conv1d } from './conv1d';
export type { Conv1dOptions } from './conv1d';
export { ConvTranspose2d } from './conv-transpose2d';
export type { ConvTranspose2dOptions } from './conv-transpose2d';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d } from './pooling';
export type { PoolOptions, AvgPoolOptions } from './pooling';
export { BatchNorm2d } from './batch-norm2d';
export type { BatchNorm2dOptions } from './batch-norm2d';
export { LocalResponseNorm } from './local-response-norm';
export type { LocalResponseNormOptions } from './local-response-norm';
export { Dropout2d } from './dropout2d';
export type { Dropout2dOptions } from './dropout2d';
export { Upsample } from './upsample';
export type { UpsampleOptions } from './upsample';
export { Subsampling2d } from './subsampling';
export type { Subsampling2dOptions } from './subsampling';
export { RBFOutput } from './rbf';
export type { RBFOutputOptions } from './rbf';
export { ResidualBlock } from './residual-block';
export type { ResidualBlockOptions } from './residual-block';
export { InceptionBlock, BasicConv2d } from './inception-block';
export type { InceptionBlockOptions, BasicConv2dOptions } from './inception-block';
