/**
 * @dnn/data — IDX files, Fashion-MNIST (with an embedded subset), datasets, a prefetching
 * DataLoader and batched image transforms.
 * @packageDocumentation
 */
export { DataError, IdxError, DatasetError } from './errors';
export { parseIdx, readIdx, encodeIdx } from './idx';
export type { IdxArray } from './idx';
export { isGzip, gunzip } from './gzip';
export {
  fashionMnist, fashionMnistFromBytes, FASHION_MNIST_FILES, FASHION_MNIST_CLASSES, SYSTEM_FASHION_MNIST_DIR,
} from './fashion-mnist';
export type {
  FashionMnist, FashionMnistOptions, FashionMnistSource, FashionMnistFile, ImageSplit, NamedBytes,
} from './fashion-mnist';
export { fetchFashionMnist, FASHION_MNIST_BASE_URL, FASHION_MNIST_SHA256, FASHION_MNIST_CONTENT_SHA256 } from './fetch-fashion-mnist';
export type { FetchFashionMnistOptions, FetchProgress } from './fetch-fashion-mnist';
export { sha256Hex } from './checksum';
export { ImageDataset, TensorDataset, Subset, isBatchSource } from './dataset';
export { flatImageTensors } from './image-tensors';
export type { Dataset, Sample, BatchSource, ImageArrays } from './dataset';
export { split } from './split';
export { DataLoader } from './loader';
export type { DataLoaderOptions, Batch } from './loader';
export { compose, normalize, randomCrop, randomHorizontalFlip, randomErasing, valueMapOf } from './transforms';
export type { ImageBatch, Transform, ValueTransform } from './transforms';
export { seededRandom } from './random';
export type { Random } from './random';
export { epochOrder, batchCount } from './sampler';
export { padSequences, lengthSortedBatches, addingProblem, copyTask } from './sequences';
export type { PadSequencesOptions, LengthSortedBatchesOptions, SequenceTaskOptions } from './sequences';
