import { describe, expect, it } from 'vitest';
import { Device, cpu } from '../device';
import { createCpuBackend } from '../backend/cpu/index';
import type { View } from '../backend/contract';
import { fromTypedArray } from '../ops/creation';
import { grad } from '../autograd/api';
import { expectClose } from '../testing/allclose';
import { hostUniform } from '../testing/host-random';
import type { Tensor } from '../tensor';

/**
 * The dispatch of the optional softmax kernel: a backend that has one gets a [rows, cols] view along
 * the softmax axis (merged without a copy where the strides allow), and the result lands back in
 * place. The kernel here is a plain loop, so the CPU reference (composed) checks the plumbing.
 */
const views: { shape: readonly number[]; strides: readonly number[] }[] = [];
const base = createCpuBackend();
const withKernel = new Device({
  ...base,
  softmax(x: View<unknown>, log: boolean) {
    views.push({ shape: x.shape, strides: x.strides });
    const [rows, cols] = x.shape as [number, number];
    const data = x.buffer as ArrayLike<number>; // the CPU backend's buffers are typed arrays
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const at = (c: number) => Number(data[x.offset + r * x.strides[0]! + c * x.strides[1]!]);
      let m = -Infinity, s = 0;
      for (let c = 0; c < cols; c++) m = Math.max(m, at(c));
      for (let c = 0; c < cols; c++) s += Math.exp(at(c) - m);
      for (let c = 0; c < cols; c++) out[r * cols + c] = log ? at(c) - m - Math.log(s) : Math.exp(at(c) - m) / s;
    }
    return base.fromArray(x.dtype === 'float32' ? Float32Array.from(out) : out, x.dtype);
  },
}, 'cpu-softmax-kernel');

const values = (shape: number[]) => hostUniform(shape.reduce((a, b) => a * b, 1), 7, -3, 3);

describe('softmax dispatch to a backend kernel', () => {
  const cases = [
    { name: 'last dim of a contiguous [3,4]', shape: [3, 4], view: (x: Tensor) => x, dim: 1, merged: [[3, 4], [4, 1]] },
    { name: 'dim 0 of [3,4]: rows strided by 1, columns by 4', shape: [3, 4], view: (x: Tensor) => x, dim: 0, merged: [[4, 3], [1, 4]] },
    { name: 'middle dim of [2,3,4]: rows that do not merge are copied', shape: [2, 3, 4], view: (x: Tensor) => x, dim: 1, merged: [[8, 3], [3, 1]] },
    { name: 'a permuted view', shape: [2, 3, 4], view: (x: Tensor) => x.permute([2, 0, 1]), dim: 2, merged: null },
  ];
  for (const c of cases) {
    for (const log of [false, true]) {
      it(`${log ? 'log-softmax' : 'softmax'}: ${c.name}`, () => {
        const host = values(c.shape);
        views.length = 0;
        const got = c.view(fromTypedArray(host, c.shape, { device: withKernel }));
        const want = c.view(fromTypedArray(host, c.shape, { device: cpu() }));
        const y = log ? got.logSoftmax(c.dim) : got.softmax(c.dim);
        const r = log ? want.logSoftmax(c.dim) : want.softmax(c.dim);
        expect(views).toHaveLength(1);
        if (c.merged) expect([views[0]!.shape, views[0]!.strides]).toEqual(c.merged);
        expect(y.shape).toEqual(r.shape);
        expectClose(y.dataSync(), r.dataSync(), { rtol: 1e-12, atol: 1e-14 });
      });
    }
  }

  it('gradients through the kernel equal those through the composition', () => {
    const host = values([3, 5]);
    const w = fromTypedArray(hostUniform(15, 9, -1, 1), [3, 5]);
    const f = (x: Tensor) => x.logSoftmax(0).mul(w.to(x.device)).sum();
    const [g] = grad(f)(fromTypedArray(host, [3, 5], { device: withKernel }));
    const [r] = grad(f)(fromTypedArray(host, [3, 5], { device: cpu() }));
    expectClose(g!.dataSync(), r!.dataSync(), { rtol: 1e-12, atol: 1e-14 });
  });
});
