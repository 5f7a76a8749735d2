import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../../dtype';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';
import { wasmRuntime } from './runtime';
import { workerParts } from './threads';

/**
 * The sequence loop's kernels on a step big enough to split its rows over the pool's threads: the bits
 * of one thread, with a worker taking parts (it starts asynchronously: the calls repeat until it has).
 */
const one = wasmBackend(1), two = wasmBackend(2);
const N = 64, H = 512;
const rowsOf = (n: number, w: number, seed: number, scale = 1) => denseView(randomF32(n * w, seed).map((v) => v * scale), [n, w]);
const allSame = (a: TypedArray[], b: TypedArray[]): boolean => a.length === b.length && a.every((x, i) => sameBits(x, b[i]!));

describe('sequence kernels split over threads', () => {
  it(`LSTM and GRU, forward and backward, [${N}, ${H}]: 2 threads give 1 thread's bits, a worker takes parts`, async () => {
    const rt = wasmRuntime()!;
    const gates = rowsOf(N, 4 * H, 1, 4), gh = rowsOf(N, 4 * H, 2, 4), c = rowsOf(N, H, 3);
    const [, act] = one.lstmCellAct!(gates, c, gh);
    const biasL = denseView(randomF32(4 * H, 11), [4 * H]), biasG = denseView(randomF32(3 * H, 12), [3 * H]);
    const actV = denseView(act as Float32Array, [N, 5 * H]), dh = rowsOf(N, H, 4), dc = rowsOf(N, H, 5), dy = rowsOf(N, H, 6);
    const gi = rowsOf(N, 3 * H, 7, 4), ghG = rowsOf(N, 3 * H, 8, 4), h = rowsOf(N, H, 9), bias = denseView(randomF32(3 * H, 10), [3 * H]);
    const [, actG] = one.gruCellAct!(gi, ghG, h, bias);
    const actGV = denseView(actG as Float32Array, [N, 4 * H]);
    const calls: [string, (be: typeof one) => TypedArray[]][] = [
      ['lstmCellAct', (be) => be.lstmCellAct!(gates, c, gh)],
      ['lstmCellAct with a bias', (be) => be.lstmCellAct!(gates, c, gh, biasL)],
      ['lstmCellActBackward', (be) => be.lstmCellActBackward!(actV, c, dh, dc, dy)],
      ['gruCellAct', (be) => be.gruCellAct!(gi, ghG, h, bias)],
      ['gruCellAct with b_ih', (be) => be.gruCellAct!(gi, ghG, h, bias, biasG)],
      ['gruCellActBackward', (be) => be.gruCellActBackward!(actGV, h, dh, dc, dy)],
    ];
    const before = workerParts(rt);
    for (let i = 0; i < 200 && workerParts(rt) === before; i++) {
      for (const [name, call] of calls) expect(allSame(call(two), call(one)), name).toBe(true);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(workerParts(rt)).toBeGreaterThan(before);
    for (const [name, call] of calls) expect(allSame(call(two), call(one)), name).toBe(true);
    // and within float32 rounding of the TypeScript kernels' values
    const [out] = one.lstmCellAct!(gates, c, gh), [want] = tsBackend.lstmCellAct!(gates, c, gh);
    expect(Math.max(...Array.from(out!, (v, i) => Math.abs(v - want![i]!)))).toBeLessThan(1e-5);
  });
});
