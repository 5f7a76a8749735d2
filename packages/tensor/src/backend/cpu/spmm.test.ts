import { describe, expect, it } from 'vitest';
import { Device, cpu } from '../../device';
import { createCpuBackend } from './index';
import { fromTypedArray } from '../../ops/creation';
import { spmm } from '../../ops/sparse';
import { gradients } from '../../autograd/api';
import { ShapeError, ValueError } from '../../errors';
import { hostUniform } from '../../testing/host-random';
import type { Tensor } from '../../tensor';

/** The CPU backend without its spmm and sddmm kernels: they run the composites (gather, mul, scatter-add or sum). */
const composed = new Device({ ...createCpuBackend(), spmm: undefined, sddmm: undefined }, 'cpu-composite');
const fused = cpu();

const bits = (t: Tensor): number[] => Array.from(new Uint8Array((t.dataSync() as Float64Array).slice().buffer));

function inputs(device: Device, dtype: 'float32' | 'float64', N: number, H: number, C: number, E: number, rows: number) {
  const real = (n: number, seed: number, shape: number[]) => {
    const v = Float64Array.from(hostUniform(n, seed), (u) => u * 4 - 2);
    return fromTypedArray(dtype === 'float32' ? Float32Array.from(v) : v, shape, { dtype, device });
  };
  const ids = (size: number, seed: number) => fromTypedArray(Int32Array.from(hostUniform(E, seed), (u) => Math.floor(u * size)), [E], { dtype: 'int32', device });
  return { x: real(N * H * C, 1, [N, H, C]), w: real(E * H, 2, [E, H]), row: ids(rows, 3), col: ids(N, 4) };
}

describe.each(['float32', 'float64'] as const)('spmm: the CPU kernel against the composite (%s)', (dtype) => {
  it('gives the same bits forward and backward, with many repeated entries', () => {
    const run = (device: Device) => {
      const { x, w, row, col } = inputs(device, dtype, 30, 3, 5, 400, 7);
      x.setRequiresGrad(); w.setRequiresGrad();
      const out = spmm(row, col, w, x, 7);
      const [gx, gw] = gradients(out.mul(out).sum(), [x, w]) as Tensor[];
      return [out, gx!, gw!].map(bits);
    };
    expect(run(fused)).toEqual(run(composed));
  });
});

describe('spmm: arguments', () => {
  it('takes x [N, F] with scalar weights; rejects mismatched shapes and out-of-range indices', () => {
    const { x, w, row, col } = inputs(fused, 'float64', 4, 1, 3, 5, 2);
    expect(spmm(row, col, w.reshape([5]), x.reshape([4, 3]), 2).shape).toEqual([2, 3]);
    expect(() => spmm(row, col, w, x.reshape([4, 3]), 2)).toThrow(ShapeError);
    const bad = fromTypedArray(Int32Array.from([0, 1, 2, 0, 1]), [5], { dtype: 'int32' });
    expect(() => spmm(bad, col, w, x, 2).dataSync()).toThrow(ValueError);
  });
});
