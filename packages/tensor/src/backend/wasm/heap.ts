import type { DType, TypedArray } from '../../dtype';
import { outputF32, outputI32, outputU8 } from '../buffer-pool';
import { ALIGN, BlockAllocator, type Block } from './blocks';

export type { Block } from './blocks';

const PAGE = 65536;
/** Bytes [CONTROL, CONTROL + 64) hold the worker-pool control words; kernel data starts at HEAP_BASE. */
export const CONTROL = 64;
const HEAP_BASE = 1024;
/** The output ring of a plain (non-shared) memory: recent results stay here, so the next op reads them in place. */
export const RING_BYTES = 32 * 2 ** 20;
/** Smaller results go to scratch: copying them in again costs little. */
const RING_MIN_BYTES = 16384;
/** Pages the memory starts with: room for the ring (or resident tensors) and some scratch. */
export const INITIAL_PAGES = Math.ceil((HEAP_BASE + RING_BYTES + 16 * 2 ** 20) / PAGE);

const aligned = (bytes: number): number => Math.ceil(Math.max(bytes, 0) / ALIGN) * ALIGN;

interface Resident {
  start: number;
  end: number;
}

/** What the heap holds now (tests and diagnostics). */
export interface HeapStats {
  /** Bytes of the memory. */
  memoryBytes: number;
  /** Bytes in blocks held by live resident tensors (their real block sizes). */
  residentBytes: number;
  /** Bytes in free blocks, reusable without growing. */
  freeBytes: number;
  /** Bytes in blocks kernels keep across ops (caches of derived operands, see `keep`). */
  keptBytes: number;
}

const isShared = (m: WebAssembly.Memory): boolean =>
  typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer;

/**
 * The kernels' WebAssembly memory, with two ways of handing results out.
 *
 * Shared memory (Node; cross-origin-isolated browsers) never detaches its buffer when it grows, so a
 * result is left where the kernel wrote it and handed out as a typed array over the memory: a
 * resident block from the size-class allocator, read in place by the next op and returned to its
 * free list when the backend frees it (or when the array is garbage-collected undisposed). When the
 * memory is at its maximum, the result is copied out into an ordinary array instead.
 *
 * Plain memory detaches every view when it grows, so results are copied out into ordinary arrays;
 * a ring of recent outputs below the allocator's blocks keeps them readable in place by the next op.
 *
 * Either way, an op's scratch (copied-in operands, workspaces, descriptors) is blocks freed when the
 * next op starts. Ops are synchronous and never nest.
 */
export class Heap {
  readonly shared: boolean;
  private readonly ringEnd: number;
  private ringTop = HEAP_BASE;
  private readonly blocks: BlockAllocator;
  private buffer: ArrayBufferLike;
  private f32View: Float32Array;
  private i32View: Int32Array;
  private readonly scratch: Block[] = [];
  /** Resident blocks placed by `output` and not yet handed out: freed at the next reset if never taken. */
  private readonly pending = new Map<number, Block>();
  /** Arrays over resident blocks, each with its block. */
  private readonly owned = new WeakMap<TypedArray, Block>();
  private residentTotal = 0;
  private keptTotal = 0;
  /** Returns the block of an array collected without being freed. */
  private readonly collected = new FinalizationRegistry<Block>((b) => this.giveBack(b));
  /** Plain memory: copied-out results whose bytes are still in the ring. */
  private readonly ring = new Map<TypedArray, Resident>();
  /** Ring entries read by the current op: a new output must not overwrite them. */
  private readonly pinned = new Set<Resident>();

  private maxPages: number;

  constructor(readonly memory: WebAssembly.Memory, private readonly maximumPages: number) {
    this.maxPages = maximumPages;
    this.shared = isShared(memory);
    this.ringEnd = this.shared ? HEAP_BASE : HEAP_BASE + RING_BYTES;
    this.blocks = new BlockAllocator(this.ringEnd, (end) => this.ensure(end));
    this.buffer = memory.buffer;
    this.f32View = new Float32Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
  }

  /** Caps the memory at `pages` (null: its maximum); past the cap, results fall back to ordinary arrays. */
  limitPages(pages: number | null): void {
    this.maxPages = pages === null ? this.maximumPages : Math.min(pages, this.maximumPages);
  }

  get f32(): Float32Array {
    return this.f32View;
  }

  get i32(): Int32Array {
    return this.i32View;
  }

  stats(): HeapStats {
    return { memoryBytes: this.memory.buffer.byteLength, residentBytes: this.residentTotal, freeBytes: this.blocks.freeBytes, keptBytes: this.keptTotal };
  }

  /** Starts an op: the last op's scratch (and any output it never handed out) is free again. */
  reset(): void {
    for (const b of this.scratch) this.blocks.release(b);
    this.scratch.length = 0;
    for (const b of this.pending.values()) this.blocks.release(b);
    this.pending.clear();
    this.pinned.clear();
  }

  /** A 64-byte-aligned scratch block of `bytes`, valid until the next reset; null when the memory is full. */
  alloc(bytes: number): number | null {
    const b = this.blocks.alloc(bytes);
    if (!b) return null;
    this.scratch.push(b);
    return b.addr;
  }

  /**
   * A block that outlives the op (a cache a kernel fills, never a tensor: not in residentBytes) until
   * `unkeep`; null when the memory is full.
   */
  keep(bytes: number): Block | null {
    const b = this.blocks.alloc(bytes);
    if (b) this.keptTotal += b.size;
    return b;
  }

  unkeep(b: Block): void {
    this.keptTotal -= b.size;
    this.blocks.release(b);
  }

  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > this.maxPages) return false;
    // grow generously so a run of slightly larger ops does not grow page by page
    this.memory.grow(Math.max(pages, Math.min(Math.floor(have / PAGE / 4), this.maxPages - have / PAGE)));
    // a shared memory's old buffer stays valid (arrays handed out keep working); a plain one is detached
    this.buffer = this.memory.buffer;
    this.f32View = new Float32Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
    return true;
  }

  /**
   * A block for an op's result. Shared memory: a resident block, handed out in place by take*; when
   * the memory is full, scratch (take* copies it out). Plain memory: the ring when the result fits
   * without overwriting an input of this op (older ring entries are dropped), else scratch.
   */
  output(bytes: number): number | null {
    if (this.shared) {
      const b = this.blocks.alloc(bytes);
      if (b) {
        this.pending.set(b.addr, b);
        return b.addr;
      }
      return this.alloc(bytes);
    }
    const size = aligned(bytes);
    if (size >= RING_MIN_BYTES && size <= RING_BYTES / 4 && this.ensure(this.ringEnd)) {
      const at = this.ringTop + size <= this.ringEnd ? this.ringTop : HEAP_BASE;
      const clash = [...this.pinned].some((r) => r.start < at + size && at < r.end);
      if (!clash) {
        for (const [buf, r] of this.ring) if (r.start < at + size && at < r.end) this.ring.delete(buf);
        this.ringTop = at + size;
        return at;
      }
    }
    return this.alloc(bytes);
  }

  /** The byte address of `buf` when the kernels can read it in place (a resident array, or a result still in the ring). */
  residentAt(buf: TypedArray): number | null {
    const b = this.owned.get(buf);
    if (b) return buf.byteOffset;
    const r = this.ring.get(buf);
    if (!r) return null;
    this.pinned.add(r);
    return r.start;
  }

  /** True when `buf` lives in this heap (its bytes are a resident block). */
  owns(buf: unknown): boolean {
    return this.owned.has(buf as TypedArray);
  }

  /**
   * `buf` is being freed: a resident block goes back to its free list, a ring entry is forgotten (the
   * array may be reused for other contents). Freeing twice, or an array not from here, does nothing.
   */
  forget(buf: unknown): void {
    const b = this.owned.get(buf as TypedArray);
    if (b) {
      this.owned.delete(buf as TypedArray);
      this.collected.unregister(buf as TypedArray);
      this.giveBack(b);
    }
    this.ring.delete(buf as TypedArray);
  }

  private giveBack(b: Block): void {
    this.residentTotal -= b.size;
    this.blocks.release(b);
  }

  /** A resident Float32Array of n elements (contents undefined), or null when the heap is plain or full. */
  residentF32(n: number): Float32Array | null {
    return this.resident('float32', n) as Float32Array | null;
  }

  /**
   * A resident array of n float32, int32 or bool elements whose contents the caller overwrites (the
   * TypeScript kernels' results), or null when the heap is plain or full, or for float64.
   */
  resident(dtype: DType, n: number): TypedArray | null {
    const bytes = dtype === 'bool' ? 1 : 4;
    if (!this.shared || dtype === 'float64') return null;
    const b = this.blocks.alloc(bytes * n);
    if (!b) return null;
    const view = dtype === 'float32' ? new Float32Array(this.buffer, b.addr, n)
      : dtype === 'int32' ? new Int32Array(this.buffer, b.addr, n) : new Uint8Array(this.buffer, b.addr, n);
    return this.adopt(view, b);
  }

  private adopt<T extends TypedArray>(view: T, b: Block): T {
    this.owned.set(view, b);
    this.collected.register(view, b, view);
    this.residentTotal += b.size;
    return view;
  }

  /** The result at `at`: in place when it is a resident block, else a copy (shared: slice() is slow, so set()). */
  takeF32(at: number, n: number): Float32Array {
    const b = this.claim(at);
    if (b) return this.adopt(new Float32Array(this.buffer, at, n), b);
    const out = outputF32(n);
    out.set(this.f32View.subarray(at >> 2, (at >> 2) + n));
    return this.remember(out, at);
  }

  takeU8(at: number, n: number): Uint8Array {
    const b = this.claim(at);
    if (b) return this.adopt(new Uint8Array(this.buffer, at, n), b);
    const out = outputU8(n);
    out.set(new Uint8Array(this.buffer, at, n));
    return this.remember(out, at);
  }

  takeI32(at: number, n: number): Int32Array {
    const b = this.claim(at);
    if (b) return this.adopt(new Int32Array(this.buffer, at, n), b);
    const out = outputI32(n);
    out.set(this.i32View.subarray(at >> 2, (at >> 2) + n));
    return this.remember(out, at);
  }

  private claim(at: number): Block | undefined {
    const b = this.pending.get(at);
    if (b) this.pending.delete(at);
    return b;
  }

  /** Copies `src` (float32, int32 or bool bytes) into scratch; returns its byte address (null when out of memory). */
  put(src: TypedArray): number | null {
    const at = this.alloc(src.byteLength);
    if (at === null) return null;
    if (src instanceof Float32Array) this.f32View.set(src, at >> 2);
    else if (src instanceof Int32Array) this.i32View.set(src, at >> 2);
    else if (src instanceof Uint8Array) new Uint8Array(this.buffer, at, src.length).set(src);
    else throw new TypeError(`wasm heap: cannot copy a ${src.constructor.name}`);
    return at;
  }

  /** Writes i32 words (a task descriptor) into scratch and returns their address. */
  words(values: readonly number[]): number | null {
    const at = this.alloc(values.length * 4);
    if (at !== null) this.setWords(at, values);
    return at;
  }

  setWords(at: number, values: readonly number[]): void {
    const w = this.i32View;
    for (let i = 0; i < values.length; i++) w[(at >> 2) + i] = values[i]!;
  }

  private remember<T extends TypedArray>(out: T, at: number): T {
    if (at >= HEAP_BASE && at < this.ringEnd) this.ring.set(out, { start: at, end: at + aligned(out.byteLength) });
    return out;
  }
}
