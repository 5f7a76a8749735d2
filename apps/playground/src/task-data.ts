import { DataLoader, ImageDataset, type ImageSplit, type Transform } from '@dnn/data';
import { fromTypedArray, tidy, type Device, type Tensor } from '@dnn/tensor';
import type { FashionMnist } from './demo-types';

/** Pixels in [0, 1] binarized at ½: the Bernoulli data of the RBM and the VAE. */
export const binarize: Transform = (b) => {
  b.data.forEach((v, i) => { b.data[i] = v >= 0.5 ? 1 : 0; });
  return b;
};

/** The first `n` images of a split as a split of their own. */
export function firstImages(split: ImageSplit, n: number): ImageSplit {
  const count = Math.min(n, split.count), pixels = split.rows * split.cols;
  return { ...split, images: split.images.subarray(0, count * pixels), labels: split.labels.subarray(0, count), count };
}

/** Shuffled binarized training batches, and the first `heldOut` test images binarized in one batch. */
export function binaryImageLoaders(data: FashionMnist, o: { batchSize: number; seed: number; heldOut: number }, device: Device) {
  return {
    train: new DataLoader(new ImageDataset(data.train), { batchSize: o.batchSize, shuffle: true, seed: o.seed, dropLast: true, transform: binarize, device }),
    validation: new DataLoader(new ImageDataset(firstImages(data.test, o.heldOut)), { batchSize: 500, transform: binarize, device }),
  };
}

/** The first `n` test images binarized, as rows [n, 784] on `device`. */
export function binaryTestRows(data: FashionMnist, n: number, device: Device): Tensor {
  const pixels = Float32Array.from(data.test.images.subarray(0, n * 784), (v) => (v >= 128 ? 1 : 0));
  return fromTypedArray(pixels, [n, 784], { device });
}

/** Node (or row) ids as an int32 vector on `device`. */
export const idTensor = (ids: ArrayLike<number>, device: Device): Tensor =>
  fromTypedArray(Int32Array.from(ids), [ids.length], { dtype: 'int32', device });

/** Reads a tensor made inside `fn` from any device (WebGPU reads asynchronously), then frees it. */
export async function read(fn: () => Tensor): Promise<Float32Array> {
  const t = tidy(fn);
  try {
    return Float32Array.from(await t.data(), Number);
  } finally {
    t.dispose();
  }
}
