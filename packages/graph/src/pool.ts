import { ShapeError, fmtShape, type Tensor } from '@dnn/tensor';
import { Graph } from './graph';
import { Segments } from './segments';

/** A batch vector (graph id per node), as a Graph's `batch`, an array, or null for one graph. */
export type BatchLike = Graph | ArrayLike<number> | null | undefined;

const cache = new WeakMap<object, Segments>();

function segmentsOf(x: Tensor, batch: BatchLike, size: number | undefined, op: string): Segments {
  const n = x.shape[0]!;
  const ids = batch instanceof Graph ? batch.batch : batch;
  if (x.rank < 1) throw new ShapeError(`${op}: expected x [N, …], got ${fmtShape(x.shape)}`);
  if (!ids) return new Segments(new Int32Array(n), size ?? 1, op);
  if (ids.length !== n) throw new ShapeError(`${op}: batch has ${ids.length} entries for x ${fmtShape(x.shape)}`);
  const key = ids as object;
  let seg = cache.get(key);
  const count = size ?? (n ? Math.max(...Array.from(ids)) + 1 : 0);
  if (!seg || seg.count !== count) {
    seg = new Segments(Int32Array.from(ids), count, op);
    cache.set(key, seg);
  }
  return seg;
}

/** Per-graph sum of node features: out[b] = Σ_{i: batch_i = b} x_i ([N, F] → [B, F]). */
export function globalAddPool(x: Tensor, batch?: BatchLike, size?: number): Tensor {
  return segmentsOf(x, batch, size, 'globalAddPool').sum(x);
}

/** Per-graph mean of node features ([N, F] → [B, F]). */
export function globalMeanPool(x: Tensor, batch?: BatchLike, size?: number): Tensor {
  return segmentsOf(x, batch, size, 'globalMeanPool').mean(x);
}

/** Per-graph element-wise max of node features ([N, F] → [B, F]). */
export function globalMaxPool(x: Tensor, batch?: BatchLike, size?: number): Tensor {
  return segmentsOf(x, batch, size, 'globalMaxPool').max(x);
}
