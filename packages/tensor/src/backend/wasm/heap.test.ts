import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../../dtype';
import { Heap, INITIAL_PAGES, RING_BYTES } from './heap';
import { wasmRuntime } from './runtime';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

// Results stay in the kernels' memory (the output ring) and are read from there by the next op; these
// check that a reader never sees stale data: after frees, reuse of freed arrays, and the ring wrapping.
describe('results kept in the kernels\' memory', () => {
  it('a freed result reused as a zero fill reads as zeros', () => {
    const be = wasmBackend(1);
    const a = denseView(randomF32(8192, 1), [8192]);
    const r = be.unary('neg', a, 'float32');
    be.free(r);
    const z = be.fill(8192, 'float32', 0);
    // the same bytes, now zeros: the block back from its free list (shared memory) or the recycled array
    if (wasmRuntime()!.heap.shared) expect(z.byteOffset).toBe(r.byteOffset);
    else expect(z).toBe(r);
    expect(sameBits(be.binary('add', denseView(z as Float32Array, [8192]), a, [8192], 'float32'), a.buffer)).toBe(true);
  });

  it('a long chain of ops with frees and a wrapping ring matches the TypeScript kernels', () => {
    const be = wasmBackend(2);
    const n = 1 << 20; // 4 MiB per result: the 32 MiB ring wraps every few ops
    const live: { w: TypedArray; t: TypedArray }[] = [];
    for (let i = 0; i < 3; i++) {
      const x = randomF32(n, 10 + i);
      live.push({ w: x, t: x });
    }
    let seed = 7;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return live[seed % live.length]!;
    };
    for (let step = 0; step < 40; step++) {
      const a = pick(), b = pick();
      const op = (['add', 'mul', 'maximum', 'sub'] as const)[step % 4];
      const w = be.binary(op, denseView(a.w as Float32Array, [n]), denseView(b.w as Float32Array, [n]), [n], 'float32');
      const t = tsBackend.binary(op, denseView(a.t as Float32Array, [n]), denseView(b.t as Float32Array, [n]), [n], 'float32');
      const r = be.unary('relu', denseView(w as Float32Array, [n]), 'float32');
      expect(sameBits(r, tsBackend.unary('relu', denseView(t as Float32Array, [n]), 'float32'))).toBe(true);
      be.free(r);
      if (live.length > 4) {
        const gone = live.splice(seed % live.length, 1)[0]!;
        be.free(gone.w);
      }
      live.push({ w, t });
    }
    for (const { w, t } of live) expect(sameBits(w, t)).toBe(true);
  });
});

describe('the output ring (plain memory)', () => {
  const quarter = RING_BYTES / 4;
  const fresh = () => new Heap(new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: 4096 }), 4096);
  const overlaps = (a: number, b: number, size: number) => a < b + size && b < a + size;

  it('never places a result over an input of the same op, even when it wraps', () => {
    const heap = fresh();
    heap.reset();
    const first = heap.output(quarter)!;
    const input = heap.takeF32(first, quarter / 4);
    for (let op = 0; op < 12; op++) {
      heap.reset();
      const at = heap.residentAt(input);
      if (at === null) break;
      const out = heap.output(quarter)!;
      expect(overlaps(out, at, quarter)).toBe(false);
      heap.takeF32(out, quarter / 4);
    }
  });

  it('forgets results that a later result overwrote', () => {
    const heap = fresh();
    heap.reset();
    const kept = heap.takeF32(heap.output(quarter)!, quarter / 4);
    for (let i = 0; i < 4; i++) {
      heap.reset();
      heap.takeF32(heap.output(quarter)!, quarter / 4);
    }
    heap.reset();
    expect(heap.residentAt(kept)).toBeNull();
  });

  it('keeps small results out of the ring', () => {
    const heap = fresh();
    heap.reset();
    const small = heap.takeF32(heap.output(1024)!, 256);
    expect(heap.residentAt(small)).toBeNull();
  });
});
