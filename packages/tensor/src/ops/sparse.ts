import { DTypeError, ShapeError, fmtShape } from '../errors';
import { apply } from '../autograd/engine';
import { cast } from './elementwise';
import type { Tensor } from '../tensor';

/**
 * out = A·x for the sparse [numRows, N] matrix A given by COO entries A[row[k], col[k]] = weight[k]
 * (repeated entries add up, in entry order): out[i] = Σ_{k: row[k] = i} weight[k] · x[col[k]]
 * (`torch.sparse.mm`; in message passing, row = target, col = source). x [N, F] with weight [E], or
 * x [N, H, C] with one weight per head, weight [E, H]. Differentiable in x and weight.
 */
export function spmm(row: Tensor, col: Tensor, weight: Tensor, x: Tensor, numRows: number): Tensor {
  const E = row.shape[0] ?? -1;
  const perHead = x.rank === 3;
  if (row.rank !== 1 || col.rank !== 1 || col.shape[0] !== E) {
    throw new ShapeError(`spmm: row and col must be 1-D of one length, got ${fmtShape(row.shape)} and ${fmtShape(col.shape)}`);
  }
  if (row.dtype !== 'int32' || col.dtype !== 'int32') throw new DTypeError(`spmm: row and col must be int32, got ${row.dtype} and ${col.dtype}`);
  if (x.rank !== 2 && !perHead) throw new ShapeError(`spmm: x must be [N, F] or [N, H, C], got ${fmtShape(x.shape)}`);
  const wShape = perHead ? [E, x.shape[1]!] : [E];
  if (weight.rank !== wShape.length || weight.shape.some((s, d) => s !== wShape[d])) {
    throw new ShapeError(`spmm: weight must be ${fmtShape(wShape)} for ${E} entries and x ${fmtShape(x.shape)}, got ${fmtShape(weight.shape)}`);
  }
  if (!Number.isInteger(numRows) || numRows < 0) throw new ShapeError(`spmm: numRows must be a non-negative integer, got ${numRows}`);
  const x3 = perHead ? x : x.reshape([x.shape[0]!, 1, x.shape[1]!]);
  const w2 = cast(weight, x.dtype).reshape([E, x3.shape[1]!]);
  const out = apply('spmm', [x3, w2, row, col], { rows: numRows });
  return perHead ? out : out.reshape([numRows, x.shape[1]!]);
}

/**
 * out[k] = a[row[k]] · b[col[k]] for every COO entry k (sampled dense-dense product, the values of
 * (a·bᵀ) at the entries; in message passing a score per edge): a [R, F] and b [N, F] give [E]; a
 * [R, H, C] and b [N, H, C] give one dot product per head, [E, H]. Differentiable in a and b.
 */
export function sddmm(row: Tensor, col: Tensor, a: Tensor, b: Tensor): Tensor {
  const E = row.shape[0] ?? -1;
  if (row.rank !== 1 || col.rank !== 1 || col.shape[0] !== E) {
    throw new ShapeError(`sddmm: row and col must be 1-D of one length, got ${fmtShape(row.shape)} and ${fmtShape(col.shape)}`);
  }
  if (row.dtype !== 'int32' || col.dtype !== 'int32') throw new DTypeError(`sddmm: row and col must be int32, got ${row.dtype} and ${col.dtype}`);
  if ((a.rank !== 2 && a.rank !== 3) || b.rank !== a.rank || a.shape.slice(1).some((s, d) => s !== b.shape[d + 1])) {
    throw new ShapeError(`sddmm: a and b must be [R, F] and [N, F] (or [R, H, C] and [N, H, C]), got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const as3 = (t: Tensor) => (t.rank === 3 ? t : t.reshape([t.shape[0]!, 1, t.shape[1]!]));
  const out = apply('sddmm', [as3(a), as3(cast(b, a.dtype)), row, col], {});
  return a.rank === 3 ? out : out.reshape([E]);
}

/**
 * Softmax of `src` [E, …] along its rows within each segment, the segment of row k being
 * `segmentIds[k]` in [0, numSegments) (PyG's `softmax(src, index)`, attention over a node's in-edges):
 * exp(src_k − max_s) / (Σ_{k' ∈ s} exp(src_k' − max_s) + 1e-16). `slots` [numSegments · maxSize] int32
 * lists the rows of each segment, padded with E (`src.shape[0]`) up to the largest segment's size: the
 * layout in which a backend without the fused kernel takes the per-segment max. Differentiable in src.
 */
export function segmentSoftmax(src: Tensor, segmentIds: Tensor, numSegments: number, slots: Tensor): Tensor {
  const E = src.shape[0] ?? -1;
  if (src.rank < 1) throw new ShapeError(`segmentSoftmax: src must have a row dim, got ${fmtShape(src.shape)}`);
  if (segmentIds.rank !== 1 || segmentIds.shape[0] !== E) throw new ShapeError(`segmentSoftmax: expected ${E} segment ids, got ${fmtShape(segmentIds.shape)}`);
  if (segmentIds.dtype !== 'int32' || slots.dtype !== 'int32') throw new DTypeError(`segmentSoftmax: segment ids and slots must be int32, got ${segmentIds.dtype} and ${slots.dtype}`);
  if (!Number.isInteger(numSegments) || numSegments < 0) throw new ShapeError(`segmentSoftmax: numSegments must be a non-negative integer, got ${numSegments}`);
  if (slots.rank !== 1 || (numSegments === 0 ? slots.shape[0] !== 0 : slots.shape[0]! % numSegments !== 0)) {
    throw new ShapeError(`segmentSoftmax: slots must be [numSegments · maxSize] for ${numSegments} segments, got ${fmtShape(slots.shape)}`);
  }
  if (src.dtype !== 'float32' && src.dtype !== 'float64') throw new DTypeError(`segmentSoftmax: src must be float32 or float64, got ${src.dtype}`);
  return apply('segmentSoftmax', [src, segmentIds, slots], { count: numSegments });
}

/**
 * Attention logits of graph attention per COO entry k (edge col[k] → row[k]):
 * out[k] = LeakyReLU(src[col[k]] + dst[row[k]]) = z if z > 0 else negativeSlope · z, for per-node
 * scores src [N, …] (sources) and dst [R, …] (targets) → [E, …], without the two [E, …] gathers and
 * their sum. Differentiable in src and dst.
 */
export function edgeLogits(row: Tensor, col: Tensor, src: Tensor, dst: Tensor, negativeSlope = 0.2): Tensor {
  const E = row.shape[0] ?? -1;
  if (row.rank !== 1 || col.rank !== 1 || col.shape[0] !== E) {
    throw new ShapeError(`edgeLogits: row and col must be 1-D of one length, got ${fmtShape(row.shape)} and ${fmtShape(col.shape)}`);
  }
  if (row.dtype !== 'int32' || col.dtype !== 'int32') throw new DTypeError(`edgeLogits: row and col must be int32, got ${row.dtype} and ${col.dtype}`);
  if (src.rank < 1 || dst.rank !== src.rank || src.shape.slice(1).some((s, d) => s !== dst.shape[d + 1])) {
    throw new ShapeError(`edgeLogits: src and dst must be [N, …] and [R, …] with the same trailing dims, got ${fmtShape(src.shape)} and ${fmtShape(dst.shape)}`);
  }
  if (src.dtype !== 'float32' && src.dtype !== 'float64') throw new DTypeError(`edgeLogits: src must be float32 or float64, got ${src.dtype}`);
  return apply('edgeLogits', [src, cast(dst, src.dtype), row, col], { slope: negativeSlope });
}
