import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpu } from '../../device';
import { tidy } from '../../memory';
import { fromTypedArray } from '../../ops/creation';
import { BlockAllocator, floorClass, sizeClass } from './blocks';
import { Heap } from './heap';
import { wasmRuntime } from './runtime';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const PAGE = 65536;
const sharedHeap = (initial: number, maximum: number) =>
  new Heap(new WebAssembly.Memory({ initial, maximum, shared: true }), maximum);

/** A result the kernels leave in the heap: output() then take*, as every kernel does. */
function resultF32(heap: Heap, n: number, fillWith: number): Float32Array {
  heap.reset();
  const at = heap.output(4 * n)!;
  heap.f32.fill(fillWith, at >> 2, (at >> 2) + n);
  return heap.takeF32(at, n);
}

describe('size classes', () => {
  it('round up by at most 12.5 % and file every block under a class no larger than it', () => {
    for (const bytes of [1, 63, 64, 65, 4096, 4097, 5000, 65536, 100000, 1 << 22, (1 << 22) + 1]) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c % 64).toBe(0);
      if (bytes > 64) expect(c / bytes).toBeLessThanOrEqual(1.125 + 64 / bytes);
      expect(sizeClass(c)).toBe(c);
      expect(floorClass(c)).toBe(c);
      expect(floorClass(c + 64)).toBeLessThanOrEqual(c + 64);
    }
  });

  it('merges free neighbours and splits a large free block when the memory cannot grow', () => {
    let limit = 64 * 10;
    const a = new BlockAllocator(0, (end) => end <= limit);
    const blocks = Array.from({ length: 10 }, () => a.alloc(64)!);
    expect(a.alloc(64)).toBeNull();
    for (const b of blocks.slice(2, 6)) a.release(b);
    const big = a.alloc(256)!; // four merged 64-byte blocks
    expect(big.addr).toBe(blocks[2]!.addr);
    a.release(big);
    a.release(blocks[9]!);
    limit = 0; // nothing may grow; a run at the top lowers it and is reused
    expect(a.alloc(64)!.addr).not.toBeUndefined();
  });
});

describe('resident tensors (shared memory)', () => {
  it('results are arrays over the heap, read in place by the next op, identical to the TypeScript kernels', () => {
    const be = wasmBackend(2), heap = wasmRuntime()!.heap;
    expect(heap.shared).toBe(true);
    const a = denseView(randomF32(8192, 3), [8192]), b = denseView(randomF32(8192, 4), [8192]);
    const s = be.binary('add', a, b, [8192], 'float32') as Float32Array;
    expect(heap.owns(s)).toBe(true);
    expect(s.buffer).toBeInstanceOf(SharedArrayBuffer);
    const r = be.unary('relu', denseView(s, [8192]), 'float32');
    expect(sameBits(r, tsBackend.unary('relu', denseView(tsBackend.binary('add', a, b, [8192], 'float32') as Float32Array, [8192]), 'float32'))).toBe(true);
    be.free(s);
    be.free(r);
  });

  it('growing the memory keeps every live array valid and its values unchanged', () => {
    const heap = sharedHeap(2, 64);
    const live = Array.from({ length: 8 }, (_, i) => resultF32(heap, 4096, i + 0.5));
    const before = heap.stats().memoryBytes;
    const big = resultF32(heap, (24 * PAGE) / 4, 7); // forces memory.grow
    expect(heap.stats().memoryBytes).toBeGreaterThan(before);
    live.forEach((v, i) => {
      expect(v.length).toBe(4096); // not detached
      expect(v.every((x) => x === i + 0.5)).toBe(true);
    });
    expect(big[big.length - 1]).toBe(7);
    // the kernels' view of the grown memory sees the old arrays' bytes
    expect(heap.f32[live[3]!.byteOffset >> 2]).toBe(3.5);
  });

  it('a freed block is reused for the next result of its size class, so a loop never grows the memory', () => {
    const heap = sharedHeap(2, 64);
    const first = resultF32(heap, 5000, 1);
    heap.forget(first);
    const again = resultF32(heap, 4900, 2); // same class
    expect(again.byteOffset).toBe(first.byteOffset);
    heap.forget(again);
    heap.forget(again); // a second free is ignored: the block is listed once
    const size = heap.stats().memoryBytes;
    for (let step = 0; step < 200; step++) {
      const x = resultF32(heap, 3000 + (step % 3) * 1000, step);
      const y = resultF32(heap, 8192, step);
      heap.forget(x);
      heap.forget(y);
    }
    expect(heap.stats().memoryBytes).toBe(size);
    expect(heap.stats().residentBytes).toBe(0);
    const p = resultF32(heap, 5000, 1), q = resultF32(heap, 5000, 2);
    expect(p.byteOffset).not.toBe(q.byteOffset); // one block, one owner
  });

  it('an output that an op never handed out is freed when the next op starts', () => {
    const heap = sharedHeap(2, 64);
    heap.reset();
    heap.output(40000);
    heap.reset();
    expect(heap.stats().freeBytes).toBeGreaterThanOrEqual(40000);
    expect(heap.stats().residentBytes).toBe(0);
  });

  it('an array dropped without being freed gives its block back once it is garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = sharedHeap(2, 64);
    (() => {
      for (let i = 0; i < 16; i++) resultF32(heap, 16384, i);
    })();
    expect(heap.stats().residentBytes).toBe(16 * 65536);
    for (let i = 0; i < 20 && heap.stats().residentBytes > 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(heap.stats().residentBytes).toBe(0);
    expect(heap.stats().freeBytes).toBeGreaterThanOrEqual(16 * 65536);
  });

  it('when the heap cannot grow, results fall back to ordinary arrays and ops still match the TypeScript kernels', () => {
    const be = wasmBackend(1), heap = wasmRuntime()!.heap;
    const a = denseView(randomF32(8192, 5), [8192]), b = denseView(randomF32(8192, 6), [8192]);
    heap.limitPages(heap.stats().memoryBytes / PAGE);
    const hogs: Float32Array[] = [];
    try {
      for (let h = heap.residentF32(1 << 16); h; h = heap.residentF32(1 << 16)) hogs.push(h);
      for (let h = heap.residentF32(1024); h; h = heap.residentF32(1024)) hogs.push(h);
      for (let h = heap.residentF32(16); h; h = heap.residentF32(16)) hogs.push(h);
      const m = be.binary('mul', a, b, [8192], 'float32');
      expect(heap.owns(m)).toBe(false);
      expect(sameBits(m, tsBackend.binary('mul', a, b, [8192], 'float32'))).toBe(true);
      const f = be.fill(8192, 'float32', 2);
      expect(heap.owns(f)).toBe(false);
      expect(f[8191]).toBe(2);
    } finally {
      hogs.forEach((h) => heap.forget(h));
      heap.limitPages(null);
    }
    expect(heap.owns(be.binary('mul', a, b, [8192], 'float32'))).toBe(true);
  });

  it('a plain (non-shared) memory keeps copying results out: growing it would detach any view', () => {
    const heap = new Heap(new WebAssembly.Memory({ initial: 600, maximum: 4096 }), 4096);
    expect(heap.shared).toBe(false);
    expect(heap.resident('float32', 8192)).toBeNull();
    heap.reset();
    const at = heap.output(4 * 8192)!;
    heap.f32.fill(1.5, at >> 2, (at >> 2) + 8192);
    const out = heap.takeF32(at, 8192);
    expect(heap.owns(out)).toBe(false);
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    heap.reset();
    heap.alloc(64 * 2 ** 20); // grows (and detaches) the memory
    expect(out[8191]).toBe(1.5);
  });

  it('device.memory() counts resident tensors exactly and returns to its start when they are disposed', () => {
    const before = cpu().memory();
    const x = fromTypedArray(randomF32(6000, 9), [60, 100]);
    const y = tidy(() => x.mul(x).add(x).relu().matmul(x.T));
    expect(wasmRuntime()!.heap.owns(y.storage.buffer)).toBe(true);
    expect(cpu().memory()).toEqual({ tensors: before.tensors + 2, buffers: before.buffers + 2, bytes: before.bytes + 4 * (6000 + 3600) });
    y.dispose();
    x.dispose();
    expect(cpu().memory()).toEqual(before);
  });
});
