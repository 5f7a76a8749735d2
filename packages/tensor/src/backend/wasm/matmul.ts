import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { stridedIndices } from '../cpu/strided';
import { lines, placeStrided } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsForWork } from './threads';
import { MAX_PARTS } from './worker-source';

const TASK_MATMUL = 0;
/** Below this many flops a task stays on the calling thread: waking workers costs more than it saves. */
export const PARALLEL_FLOPS = 1 << 21;
const PARTS_PER_THREAD = 4;

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
const roundUp = (a: number, m: number): number => ceilDiv(a, m) * m;

/**
 * Batched float32 matmul on the WebAssembly kernels: a [...batch, M, K] · b [...batch, K, N] with any
 * strides. Parts are batch items, split into row or column blocks when there are fewer items than
 * threads; every C element is computed the same way whatever the split. Null when out of memory.
 */
export function wasmMatmul(rt: Runtime, a: View<TypedArray>, b: View<TypedArray>, threads: number): Float32Array | null {
  const r = a.shape.length;
  const M = a.shape[r - 2]!, K = a.shape[r - 1]!, N = b.shape[r - 1]!;
  const batchShape = a.shape.slice(0, r - 2);
  const batch = numel(batchShape);
  const size = batch * M * N;
  if (size === 0) return new Float32Array(0);
  const heap = rt.heap;
  heap.reset();
  const A = placeStrided(heap, a), B = placeStrided(heap, b);
  const c = heap.output(size * 4);
  if (!A || !B || c === null) return null;

  const t = threadsForWork(rt, threads, 2 * M * N * K * batch, PARALLEL_FLOPS);
  let rows = M, cols = N, rowParts = 1, colParts = 1;
  if (t > 1 && batch < PARTS_PER_THREAD * t) {
    // several parts per thread, so a thread that wakes late (a loaded machine) holds the others up by
    // one small part at most; a 2-D split keeps the re-packing of A and B per part low
    const q = ceilDiv(PARTS_PER_THREAD * t, batch);
    const qr = Math.max(1, Math.min(q, Math.round(Math.sqrt((q * M) / N))));
    rows = roundUp(ceilDiv(M, qr), 4);
    rowParts = ceilDiv(M, rows);
    cols = roundUp(ceilDiv(N, ceilDiv(q, rowParts)), 8);
    colParts = ceilDiv(N, cols);
  }
  const aBase = stridedIndices(batchShape, A.strides.slice(0, r - 2), A.offset);
  const bBase = stridedIndices(batchShape, B.strides.slice(0, r - 2), B.offset);
  const perItem = rowParts * colParts;
  const itemsPerTask = Math.max(1, Math.floor(MAX_PARTS / perItem));
  const wsStride = lines(rt.kernels.gemm_workspace());
  const ws = heap.alloc(wsStride * t);
  const triples = heap.alloc(12 * Math.min(batch, itemsPerTask));
  const desc = heap.alloc(4 * 15);
  if (ws === null || triples === null || desc === null) return null;
  const i32 = heap.i32; // no allocation below, so this view stays current
  for (let b0 = 0; b0 < batch; b0 += itemsPerTask) {
    const items = Math.min(itemsPerTask, batch - b0);
    for (let i = 0; i < items; i++) {
      const q = (triples >> 2) + 3 * i;
      i32[q] = A.addr + 4 * aBase[b0 + i]!;
      i32[q + 1] = B.addr + 4 * bBase[b0 + i]!;
      i32[q + 2] = c + 4 * (b0 + i) * M * N;
    }
    heap.setWords(desc, [
      TASK_MATMUL, M, N, K, A.strides[r - 2]!, A.strides[r - 1]!, B.strides[r - 2]!, B.strides[r - 1]!,
      triples, rows, cols, rowParts, colParts, ws, wsStride,
    ]);
    runTask(rt, desc, items * perItem, t);
  }
  return heap.takeF32(c, size);
}
