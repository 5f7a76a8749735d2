import { tensor, type Tensor } from '@dnn/tensor';
import type { ImageSplit } from './fashion-mnist';

/**
 * The first `limit` images of a split as flat float32 rows [N, rows·cols] with pixels scaled to
 * [0, 1], and their labels as int32 [N] (for models that take vectors: MLPs, VAEs, GANs).
 */
export function flatImageTensors(split: ImageSplit, opts: { limit?: number } = {}): { x: Tensor; y: Tensor } {
  const n = Math.min(opts.limit ?? split.count, split.count), d = split.rows * split.cols;
  const x = Float32Array.from(split.images.subarray(0, n * d), (v) => v / 255);
  return { x: tensor(x, { shape: [n, d] }), y: tensor(Int32Array.from(split.labels.subarray(0, n)), { dtype: 'int32' }) };
}
