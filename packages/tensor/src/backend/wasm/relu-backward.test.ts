import { describe, expect, it } from 'vitest';
import { reluBackward } from '../cpu/relu-backward';
import { wasmRuntime } from './runtime';
import { wasmReluBackward } from './relu-backward';
import { denseView, randomF32, sameBits, transposedView } from './test-util';

/** Values with the awkward ones mixed in: NaN, ±0, ±∞. */
function tricky(n: number, seed: number): Float32Array {
  const special = [NaN, 0, -0, Infinity, -Infinity];
  return randomF32(n, seed).map((v, i) => (i % 11 === 4 ? special[(i >> 3) % special.length]! : v));
}

describe('wasm relu gradient (wat/relu.wat) gives the TypeScript kernel\'s bits', () => {
  const rt = wasmRuntime()!;
  for (const n of [4096, 4099, 4101, 1 << 18]) {
    it(`${n} elements (NaN, ±0, ±∞ in both operands), one thread and two`, () => {
      const dy = denseView(tricky(n, 1), [n]), x = denseView(tricky(n, 2), [n]);
      const ref = reluBackward(dy, x);
      for (const threads of [1, 2]) {
        const ours = wasmReluBackward(rt, dy, x, threads);
        expect(ours).not.toBeNull();
        expect(sameBits(ours!, ref)).toBe(true);
      }
    });
  }

  it('reads a transposed input', () => {
    const dy = denseView(tricky(64 * 70, 3), [70, 64]), x = transposedView(tricky(64 * 70, 4), [64, 70]);
    expect(sameBits(wasmReluBackward(rt, dy, x, 1)!, reluBackward(dy, x))).toBe(true);
  });

  it('leaves small tensors to the TypeScript kernel', () => {
    expect(wasmReluBackward(rt, denseView(tricky(8, 1), [8]), denseView(tricky(8, 2), [8]), 1)).toBeNull();
  });
});
