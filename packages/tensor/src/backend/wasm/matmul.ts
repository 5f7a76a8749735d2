import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { stridedIndices } from '../cpu/strided';
import { lines, placeStrided, type Placed } from './operand';
import { packedB } from './packed-b';
import type { Runtime } from './runtime';
import { runTask, threadsForWork } from './threads';
import { MAX_PARTS } from './worker-source';

const TASK_MATMUL = 0;
/** Below this many flops a task stays on the calling thread: waking workers costs more than it saves. */
export const PARALLEL_FLOPS = 1 << 21;
const PARTS_PER_THREAD = 4;
const MIN_COLS = 64;

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
const roundUp = (a: number, m: number): number => ceilDiv(a, m) * m;

/**
 * How many row blocks to cut q parts into: a divisor of q (so the parts come out as q equal blocks
 * and every thread gets as many: 3 × 3 blocks would leave one thread a ninth idle), the one nearest
 * the square-ish split √(q·M/N) that keeps the re-packing of A and B per part low.
 */
function rowSplit(q: number, M: number, N: number): number {
  const target = Math.log(Math.sqrt((q * M) / N));
  let best = 1;
  for (let d = 2; d <= q; d++) {
    if (q % d === 0 && Math.abs(Math.log(d) - target) < Math.abs(Math.log(best) - target)) best = d;
  }
  return best;
}

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
  const A = placeStrided(heap, a);
  let placedB: Placed | null | undefined;
  const placeB = () => (placedB === undefined ? (placedB = placeStrided(heap, b)) : placedB);
  // B packed once for every product by the same matrix (then never copied in again), else as it is
  const packed = batch === 1 ? packedB(rt, b, M, K, N, placeB) : 0;
  const B = packed ? null : placeB();
  const c = heap.output(size * 4);
  if (!A || (!packed && !B) || c === null) return null;
  const bStrides = B ? B.strides : b.strides;

  const t = threadsForWork(rt, threads, 2 * M * N * K * batch, PARALLEL_FLOPS);
  let rows = M, cols = N, rowParts = 1, colParts = 1;
  if (t > 1 && batch < PARTS_PER_THREAD * t) {
    // several parts per thread, so a thread that wakes late (a loaded machine) holds the others up by
    // one small part at most; a 2-D split keeps the re-packing of A and B per part low
    const q = ceilDiv(PARTS_PER_THREAD * t, batch);
    const qr = rowSplit(q, M, N);
    rows = roundUp(ceilDiv(M, qr), 4);
    rowParts = ceilDiv(M, rows);
    cols = roundUp(ceilDiv(N, ceilDiv(q, rowParts)), 8);
    // every column part packs its rows of A again: below 64 columns that costs over 5 % when K is long
    if (cols < MIN_COLS && N >= MIN_COLS * t) cols = MIN_COLS;
    colParts = ceilDiv(N, cols);
  }
  const aBase = stridedIndices(batchShape, A.strides.slice(0, r - 2), A.offset);
  const bBase = B ? stridedIndices(batchShape, B.strides.slice(0, r - 2), B.offset) : [0];
  const perItem = rowParts * colParts;
  const itemsPerTask = Math.max(1, Math.floor(MAX_PARTS / perItem));
  const wsStride = lines(rt.kernels.gemm_workspace());
  const ws = heap.alloc(wsStride * t);
  const triples = heap.alloc(12 * Math.min(batch, itemsPerTask));
  const desc = heap.alloc(4 * 16);
  if (ws === null || triples === null || desc === null) return null;
  const i32 = heap.i32; // no allocation below, so this view stays current
  for (let b0 = 0; b0 < batch; b0 += itemsPerTask) {
    const items = Math.min(itemsPerTask, batch - b0);
    for (let i = 0; i < items; i++) {
      const q = (triples >> 2) + 3 * i;
      i32[q] = A.addr + 4 * aBase[b0 + i]!;
      i32[q + 1] = B ? B.addr + 4 * bBase[b0 + i]! : 0;
      i32[q + 2] = c + 4 * (b0 + i) * M * N;
    }
    heap.setWords(desc, [
      TASK_MATMUL, M, N, K, A.strides[r - 2]!, A.strides[r - 1]!, bStrides[r - 2]!, bStrides[r - 1]!,
      triples, rows, cols, rowParts, colParts, ws, wsStride, packed,
    ]);
    runTask(rt, desc, items * perItem, t);
  }
  return heap.takeF32(c, size);
}
