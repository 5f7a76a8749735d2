import type { TypedArray } from '../../dtype';
import { outputF32, outputI32, outputU8 } from '../buffer-pool';

const PAGE = 65536;
/** Bytes [CONTROL, CONTROL + 64) hold the worker-pool control words; kernel data starts at HEAP_BASE. */
export const CONTROL = 64;
const HEAP_BASE = 1024;
const ALIGN = 64;
/** The output ring: recent results stay here, so the next op reads them without copying them in. */
export const RING_BYTES = 32 * 2 ** 20;
/** Smaller results go to scratch: copying them in again costs little. */
const RING_MIN_BYTES = 16384;
const RING_END = HEAP_BASE + RING_BYTES;
/** Pages the memory starts with: the ring and some scratch. */
export const INITIAL_PAGES = Math.ceil((RING_END + 16 * 2 ** 20) / PAGE);

const aligned = (bytes: number): number => Math.ceil(Math.max(bytes, 0) / ALIGN) * ALIGN;

interface Resident {
  start: number;
  end: number;
}

/**
 * The kernels' WebAssembly memory. Below RING_END, a ring of recent outputs: each result is copied out
 * into an ordinary typed array and also stays in the ring, so an op whose input is that array (the
 * next layer, the gradient of the last one) reads it in place. Above, a scratch arena that each op
 * resets: copied-in operands, workspaces, descriptors. Ops are synchronous and never nest, so a bump
 * allocator is enough; the memory keeps its high-water size.
 */
export class Heap {
  private top = RING_END;
  private ringTop = HEAP_BASE;
  private f32View: Float32Array;
  private i32View: Int32Array;
  private readonly resident = new Map<TypedArray, Resident>();
  /** Residents read by the current op: a new output must not overwrite them. */
  private readonly pinned = new Set<Resident>();

  constructor(readonly memory: WebAssembly.Memory, readonly maxPages: number) {
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
  }

  get f32(): Float32Array {
    return this.f32View;
  }

  get i32(): Int32Array {
    return this.i32View;
  }

  /** Starts an op: the scratch arena is free again. */
  reset(): void {
    this.top = RING_END;
    this.pinned.clear();
  }

  /** A 64-byte-aligned scratch block of `bytes`; null when it would exceed the memory's maximum. */
  alloc(bytes: number): number | null {
    const at = this.top;
    const end = at + aligned(bytes);
    if (!this.ensure(end)) return null;
    this.top = end;
    return at;
  }

  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > this.maxPages) return false;
    // grow generously so a run of slightly larger ops does not grow page by page
    this.memory.grow(Math.max(pages, Math.min(Math.floor(have / PAGE / 4), this.maxPages - have / PAGE)));
    this.f32View = new Float32Array(this.memory.buffer);
    this.i32View = new Int32Array(this.memory.buffer);
    return true;
  }

  /**
   * A block for an op's result: in the ring when it fits without overwriting an input of this op
   * (older residents there are dropped), else in scratch.
   */
  output(bytes: number): number | null {
    const size = aligned(bytes);
    if (size >= RING_MIN_BYTES && size <= RING_BYTES / 4 && this.ensure(RING_END)) {
      const at = this.ringTop + size <= RING_END ? this.ringTop : HEAP_BASE;
      const clash = [...this.pinned].some((r) => r.start < at + size && at < r.end);
      if (!clash) {
        for (const [buf, r] of this.resident) if (r.start < at + size && at < r.end) this.resident.delete(buf);
        this.ringTop = at + size;
        return at;
      }
    }
    return this.alloc(bytes);
  }

  /** The address of `buf` when it is a result still in the ring (pinned for this op), else null. */
  residentAt(buf: TypedArray): number | null {
    const r = this.resident.get(buf);
    if (!r) return null;
    this.pinned.add(r);
    return r.start;
  }

  /** `buf` is being freed (and may be reused for other contents): it is no longer resident. */
  forget(buf: unknown): void {
    this.resident.delete(buf as TypedArray);
  }

  /** Copies `src` (float32, int32 or bool bytes) into scratch; returns its byte address (null when out of memory). */
  put(src: TypedArray): number | null {
    const at = this.alloc(src.byteLength);
    if (at === null) return null;
    if (src instanceof Float32Array) this.f32View.set(src, at >> 2);
    else if (src instanceof Int32Array) this.i32View.set(src, at >> 2);
    else if (src instanceof Uint8Array) new Uint8Array(this.memory.buffer, at, src.length).set(src);
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

  /** A Float32Array copy of `n` floats at byte address `at` (slice() from shared memory is slow). */
  takeF32(at: number, n: number): Float32Array {
    const out = outputF32(n);
    out.set(this.f32View.subarray(at >> 2, (at >> 2) + n));
    return this.remember(out, at);
  }

  takeU8(at: number, n: number): Uint8Array {
    const out = outputU8(n);
    out.set(new Uint8Array(this.memory.buffer, at, n));
    return this.remember(out, at);
  }

  takeI32(at: number, n: number): Int32Array {
    const out = outputI32(n);
    out.set(this.i32View.subarray(at >> 2, (at >> 2) + n));
    return this.remember(out, at);
  }

  private remember<T extends TypedArray>(out: T, at: number): T {
    if (at >= HEAP_BASE && at < RING_END) this.resident.set(out, { start: at, end: at + aligned(out.byteLength) });
    return out;
  }
}
