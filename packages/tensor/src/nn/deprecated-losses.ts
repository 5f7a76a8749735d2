import * as L from './losses';

/**
 * The loss functions used to be exported twice, at the top level and under `nn`. The top level is
 * their one documented place (`import { crossEntropy } from '@dnn/tensor'`); `nn` keeps the loss
 * modules (`nn.CrossEntropyLoss`). These aliases keep `nn.crossEntropy(…)` working for one minor release.
 */

/** @deprecated Import `mseLoss` from `@dnn/tensor` itself. */
export const mseLoss = L.mseLoss;
/** @deprecated Import `l1Loss` from `@dnn/tensor` itself. */
export const l1Loss = L.l1Loss;
/** @deprecated Import `smoothL1Loss` from `@dnn/tensor` itself. */
export const smoothL1Loss = L.smoothL1Loss;
/** @deprecated Import `nllLoss` from `@dnn/tensor` itself. */
export const nllLoss = L.nllLoss;
/** @deprecated Import `crossEntropy` from `@dnn/tensor` itself. */
export const crossEntropy = L.crossEntropy;
/** @deprecated Import `binaryCrossEntropy` from `@dnn/tensor` itself. */
export const binaryCrossEntropy = L.binaryCrossEntropy;
/** @deprecated Import `binaryCrossEntropyWithLogits` from `@dnn/tensor` itself. */
export const binaryCrossEntropyWithLogits = L.binaryCrossEntropyWithLogits;
/** @deprecated Import `klDiv` from `@dnn/tensor` itself. */
export const klDiv = L.klDiv;
/** @deprecated Import `cosineEmbeddingLoss` from `@dnn/tensor` itself. */
export const cosineEmbeddingLoss = L.cosineEmbeddingLoss;
