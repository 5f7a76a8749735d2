import { tensor, type Tensor } from '@dnn/tensor';
import type { ImageSplit } from '@dnn/data';
import type { LabeledSet } from '@dnn/generative';

/** The first `limit` images of a split as [N, 784] floats in [0, 1] and int32 labels. */
export function toLabeledSet(split: ImageSplit, limit = split.count): LabeledSet {
  const n = Math.min(limit, split.count), d = split.rows * split.cols;
  const x = Float32Array.from(split.images.subarray(0, n * d), (v) => v / 255);
  return { x: tensor(x, { shape: [n, d] }), y: tensor(Int32Array.from(split.labels.subarray(0, n)), { dtype: 'int32' }) };
}

export const accuracy = (logits: Tensor, y: Tensor): number => logits.argmax(1).eq(y).cast('float32').mean().item();
