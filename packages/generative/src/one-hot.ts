import { type Tensor, type DType, arange, ShapeError, ValueError, fmtShape } from '@dnn/tensor';

/** One-hot rows: out[i, c] = 1 where labels[i] = c, else 0. Labels are integers in [0, numClasses). */
export function oneHot(labels: Tensor, numClasses: number, dtype: DType = 'float32'): Tensor {
  if (labels.rank !== 1) throw new ShapeError(`oneHot: expected labels [N], got ${fmtShape(labels.shape)}`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const classes = arange(0, numClasses, 1, { dtype: labels.dtype, device: labels.device });
  return labels.unsqueeze(1).eq(classes).cast(dtype);
}
