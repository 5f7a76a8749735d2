import type { View } from '../contract';
import type { TypedArray } from '../../dtype';
import type { Block, Heap } from './heap';
import type { Placed } from './operand';
import type { Runtime } from './runtime';

/**
 * Packed copies of a matmul's right operand B, kept in the kernels' memory for the next product by
 * the same matrix. A recurrent layer multiplies by W_hhᵀ once a step (and by W_hh once a step of its
 * backward pass): for its 32-row products, packing the 256×1024 B again costs a fifth of the product.
 *
 * A tensor's buffer never changes while it is alive (backends never write their inputs, optimizers
 * assign new buffers), so a packed B is keyed by the buffer and the view (offset, strides, K, N); it is
 * dropped when the buffer is freed (`forgetPackedB`, which may hand the array out again with other
 * contents) or collected, and the oldest go first past CACHE_BYTES. A view is packed the second time
 * it is seen, so an operand used once (most weights, once per step each way) costs nothing extra.
 */
export const CACHE_BYTES = 32 * 2 ** 20;
/** Products of more rows pack B per call: packing then costs a few per cent of the product at most. */
export const MAX_ROWS = 256;
/** Views of one buffer remembered at once (an LSTM has two: W_hhᵀ forward, W_hh backward). */
const VIEWS_PER_BUFFER = 4;

interface Entry {
  readonly key: string;
  readonly heap: Heap;
  /** The packed copy, or null while the view has been seen only once. */
  block: Block | null;
  /** The entries of the same buffer (this one among them), so an eviction can unlink it. */
  readonly siblings: Entry[];
}

const byBuffer = new WeakMap<object, Entry[]>();
/** Entries holding a block, least recently used first. */
const packed = new Set<Entry>();
let total = 0;
const collected = new FinalizationRegistry<Entry[]>((entries) => {
  for (const e of [...entries]) drop(e);
});
/** Entry lists registered with `collected`: those of buffers with a packed copy (registered once, when first packed). */
const watched = new WeakSet<Entry[]>();

function drop(e: Entry): void {
  if (e.block) {
    e.heap.unkeep(e.block);
    total -= e.block.size;
    e.block = null;
  }
  packed.delete(e);
  const i = e.siblings.indexOf(e);
  if (i >= 0) e.siblings.splice(i, 1);
}

/** `buffer` is being freed: what was packed from it goes. */
export function forgetPackedB(buffer: object): void {
  const entries = byBuffer.get(buffer);
  if (!entries) return;
  for (const e of [...entries]) drop(e);
  byBuffer.delete(buffer);
  if (watched.delete(entries)) collected.unregister(entries);
}

/** Drops every packed copy (tests). */
export function clearPackedB(): void {
  for (const e of [...packed]) drop(e);
}

/** Bytes of packed copies held now (tests). */
export function packedBBytes(): number {
  return total;
}

/** Bytes of B packed whole: K × N rounded up to 8 columns. */
const packedBytes = (K: number, N: number): number => 4 * K * Math.ceil(N / 8) * 8;

/**
 * The byte address of B (the last two dims of `b`, K × N) packed whole (gemm-packed.wat) when it is
 * worth packing once for later products, else 0. `place` puts B in the heap (only called to pack).
 * Call after the op's heap.reset(): the packing runs in this op.
 */
export function packedB(rt: Runtime, b: View<TypedArray>, M: number, K: number, N: number, place: () => Placed | null): number {
  const r = b.shape.length;
  if (M > MAX_ROWS || K === 0 || packedBytes(K, N) > CACHE_BYTES / 4) return 0;
  const rs = b.strides[r - 2]!, cs = b.strides[r - 1]!;
  const key = `${b.offset},${rs},${cs},${K},${N}`;
  let entries = byBuffer.get(b.buffer);
  let e = entries?.find((x) => x.key === key);
  if (e?.block) {
    packed.delete(e);
    packed.add(e);
    return e.block.addr;
  }
  if (!e) {
    // first sighting: remember the view only
    if (!entries) {
      entries = [];
      byBuffer.set(b.buffer, entries);
    }
    if (entries.length >= VIEWS_PER_BUFFER) drop(entries[0]!);
    entries.push({ key, heap: rt.heap, block: null, siblings: entries });
    return 0;
  }
  const bytes = packedBytes(K, N);
  for (const old of packed) {
    if (total + bytes <= CACHE_BYTES) break;
    drop(old);
  }
  const B = place();
  if (!B) return 0;
  const block = rt.heap.keep(bytes);
  if (!block) return 0;
  // the placed strides: a view reaching far beyond its elements is placed as a dense copy
  rt.kernels.pack_b_whole(B.addr + 4 * B.offset, B.strides[r - 2]!, B.strides[r - 1]!, K, N, block.addr);
  e.block = block;
  total += block.size;
  packed.add(e);
  if (!watched.has(e.siblings)) {
    watched.add(e.siblings);
    collected.register(b.buffer, e.siblings, e.siblings);
  }
  return block.addr;
}
