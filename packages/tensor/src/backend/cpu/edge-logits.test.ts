import { describe, expect, it } from 'vitest';
import { Device, cpu } from '../../device';
import { createCpuBackend } from './index';
import { fromTypedArray } from '../../ops/creation';
import { edgeLogits } from '../../ops/sparse';
import { gradients } from '../../autograd/api';
import { ShapeError, ValueError } from '../../errors';
import { hostUniform } from '../../testing/host-random';
import type { Tensor } from '../../tensor';

/** The CPU backend without the fused kernels: edgeLogits runs its composite (gathers, add, where). */
const composed = new Device({ ...createCpuBackend(), edgeLogits: undefined, edgeLogitsBackward: undefined }, 'cpu-composite');
const fused = cpu();

const bits = (t: Tensor): number[] => Array.from(new Uint8Array((t.dataSync() as Float64Array).slice().buffer));

function inputs(device: Device, dtype: 'float32' | 'float64', N: number, R: number, H: number, E: number) {
  const real = (n: number, seed: number, shape: number[]) => {
    const v = Float64Array.from(hostUniform(n, seed), (u) => u * 3);
    return fromTypedArray(dtype === 'float32' ? Float32Array.from(v) : v, shape, { dtype, device });
  };
  const ids = (size: number, seed: number) => fromTypedArray(Int32Array.from(hostUniform(E, seed, 0, 1), (u) => Math.floor(u * size)), [E], { dtype: 'int32', device });
  return { src: real(N * H, 1, [N, H]), dst: real(R * H, 2, [R, H]), row: ids(R, 3), col: ids(N, 4) };
}

describe.each(['float32', 'float64'] as const)('edgeLogits: the CPU kernel against the composite (%s)', (dtype) => {
  it('gives the same bits forward and backward, with repeated entries', () => {
    const run = (device: Device) => {
      const { src, dst, row, col } = inputs(device, dtype, 40, 30, 3, 500);
      src.setRequiresGrad(); dst.setRequiresGrad();
      const out = edgeLogits(row, col, src, dst, 0.2);
      const [gs, gd] = gradients(out.mul(out).sum(), [src, dst]) as Tensor[];
      return [out, gs!, gd!].map(bits);
    };
    expect(run(fused)).toEqual(run(composed));
  });
});

describe('edgeLogits: arguments', () => {
  it('is LeakyReLU of the summed scores; rejects mismatched shapes and out-of-range indices', () => {
    const src = fromTypedArray(Float64Array.from([1, -2, 0.5]), [3]), dst = fromTypedArray(Float64Array.from([0.25, -1]), [2]);
    const row = fromTypedArray(Int32Array.from([0, 1, 1]), [3], { dtype: 'int32' }), col = fromTypedArray(Int32Array.from([1, 0, 2]), [3], { dtype: 'int32' });
    expect(Array.from(edgeLogits(row, col, src, dst, 0.1).dataSync())).toEqual([(-2 + 0.25) * 0.1, 1 - 1, (0.5 - 1) * 0.1]);
    expect(() => edgeLogits(row, col, src.reshape([3, 1]), dst)).toThrow(ShapeError);
    const bad = fromTypedArray(Int32Array.from([0, 1, 2]), [3], { dtype: 'int32' });
    expect(() => edgeLogits(bad, col, src, dst).dataSync()).toThrow(ValueError);
  });
});
