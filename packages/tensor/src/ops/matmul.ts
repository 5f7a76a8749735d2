import { apply } from '../autograd/engine';
import { DTypeError, ShapeError, fmtShape } from '../errors';
import { broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';
import { coerce, mul } from './elementwise';
import { sum } from './reduce';

/** matmul with NumPy semantics: 1-D operands are promoted and squeezed back, batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: both operands need at least 1 dim, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.dtype === 'bool' || b.dtype === 'bool') throw new DTypeError(`matmul: bool tensors are not supported`);
  const [x0, y0] = coerce('matmul', a, b);
  const x = a.rank === 1 ? x0.reshape([1, a.shape[0]!]) : x0;
  const y = b.rank === 1 ? y0.reshape([b.shape[0]!, 1]) : y0;
  const K = x.shape[x.rank - 1]!;
  const K2 = y.shape[y.rank - 2]!;
  if (K !== K2) {
    throw new ShapeError(`matmul: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} are not aligned (${K} != ${K2})`);
  }
  const batch = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  const M = x.shape[x.rank - 2]!;
  const N = y.shape[y.rank - 1]!;
  const xe = x.expand([...batch, M, K]);
  const ye = y.expand([...batch, K, N]);
  let out = apply('matmul', [xe, ye], {});
  if (a.rank === 1) out = out.squeeze(-2);
  if (b.rank === 1) out = out.squeeze(-1);
  return out;
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`dot: expected two 1-D tensors of equal length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return sum(mul(a, b));
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1) throw new ShapeError(`outer: expected two 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return mul(a.reshape([-1, 1]), b.reshape([1, -1]));
}
