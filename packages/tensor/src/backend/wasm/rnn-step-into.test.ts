import { describe, expect, it } from 'vitest';
import type { Backend, StepInto } from '../contract';
import type { TypedArray } from '../../dtype';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

/**
 * The backward kernels writing a step's leading outputs into a sequence's buffers (`StepInto`): every
 * step's rows land at its offset with the bits of a call of its own, the first call makes the buffers,
 * later calls write into them; WebAssembly (1 and 2 threads) and TypeScript alike.
 */
const T = 3, N = 2, H = 8;
const backends: [string, Backend<TypedArray>][] = [['wasm 1 thread', wasmBackend(1)], ['wasm 2 threads', wasmBackend(2)], ['TypeScript', tsBackend]];

describe('sequence backward steps written into one buffer', () => {
  for (const [name, be] of backends) {
    it(`LSTM (${name}): each step's dgates at rows t·N, the bits of a plain call`, () => {
      const steps = Array.from({ length: T }, (_, t) => ({
        act: denseView(randomF32(N * 5 * H, 10 + t), [N, 5 * H]), c: denseView(randomF32(N * H, 20 + t), [N, H]),
        dh: denseView(randomF32(N * H, 30 + t), [N, H]), dc: denseView(randomF32(N * H, 40 + t), [N, H]),
      }));
      let whole: TypedArray | undefined;
      for (const t of [2, 0, 1]) {
        const s = steps[t]!;
        const into: StepInto<TypedArray> = { offset: t * N * 4 * H, size: T * N * 4 * H, buffers: whole && [whole] };
        const [dx, dcPrev] = be.lstmCellActBackward!(s.act, s.c, s.dh, s.dc, undefined, into);
        if (whole) expect(dx).toBe(whole);
        whole = dx!;
        const [want, wantDc] = be.lstmCellActBackward!(s.act, s.c, s.dh, s.dc);
        expect(sameBits(dcPrev!, wantDc!)).toBe(true);
        expect(sameBits(whole.subarray(t * N * 4 * H, (t + 1) * N * 4 * H), want!)).toBe(true);
      }
      for (let t = 0; t < T; t++) {
        const s = steps[t]!;
        expect(sameBits(whole!.subarray(t * N * 4 * H, (t + 1) * N * 4 * H), be.lstmCellActBackward!(s.act, s.c, s.dh, s.dc)[0]!)).toBe(true);
      }
    });

    it(`GRU (${name}): dgi and dgh at rows t·N, the bits of a plain call`, () => {
      const steps = Array.from({ length: T }, (_, t) => ({
        act: denseView(randomF32(N * 4 * H, 50 + t), [N, 4 * H]), h: denseView(randomF32(N * H, 60 + t), [N, H]),
        d: denseView(randomF32(N * H, 70 + t), [N, H]), e: denseView(randomF32(N * H, 80 + t), [N, H]),
      }));
      let whole: TypedArray[] | undefined;
      for (const t of [0, 2, 1]) {
        const s = steps[t]!;
        const [dgi, dgh, dh] = be.gruCellActBackward!(s.act, s.h, s.d, s.e, undefined, { offset: t * N * 3 * H, size: T * N * 3 * H, buffers: whole });
        whole ??= [dgi!, dgh!];
        expect([dgi, dgh]).toEqual(whole);
        const want = be.gruCellActBackward!(s.act, s.h, s.d, s.e);
        expect(sameBits(dh!, want[2]!)).toBe(true);
        for (const k of [0, 1]) expect(sameBits(whole[k]!.subarray(t * N * 3 * H, (t + 1) * N * 3 * H), want[k]!)).toBe(true);
      }
      expect(whole![0]).not.toBe(whole![1]);
    });
  }
});
