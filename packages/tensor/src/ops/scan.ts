import { normDim } from '../shape';
import type { Tensor } from '../tensor';
import { full } from './creation';
import { matmul } from './matmul';
import { movedim } from './movedim';

/** Running sums along the last dim, as a product with an upper-triangular matrix of ones (differentiable). */
export function cumsumLastDim(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1]!;
  const tri = full([n, n], 1, { dtype: x.dtype === 'float64' ? 'float64' : 'float32', device: x.device }).triu();
  return matmul(x.cast(tri.dtype), tri);
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.rank, 'cumsum');
  return movedim(cumsumLastDim(movedim(x, d, -1)), -1, d);
}
