import { afterAll, describe, expect, it, vi } from 'vitest';
import { fromTypedArray, grad, tensor, type Tensor } from '@dnn/tensor';
import { EXACT, parity, testDevice, type HostInput } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

// float32 sums (tree order) vs the CPU's float64 accumulation: relative error grows like log2(n)·ε
const SUM_TOL = { rtol: 1e-5, atol: 1e-5 };

describe('reduce: trailing axes of strided views, against the CPU', () => {
  const shapes: [number[], number | number[]][] = [
    [[1], 0], [[7], 0], [[33, 7], 1], [[257, 3], 0], [[7, 33, 5], [0, 2]], [[3, 257], 1], [[2, 3, 4, 5], [1, 3]],
  ];
  for (const op of ['sum', 'prod', 'max', 'min'] as const) {
    it(op, async () => {
      for (const [shape, dims] of shapes) {
        // prod of many values in [0.5, 1.5) stays finite; max/min are exact
        const input: HostInput = { shape, low: op === 'prod' ? 0.5 : -3, high: op === 'prod' ? 1.5 : 3 };
        const tol = op === 'max' || op === 'min' ? EXACT : op === 'prod' ? { rtol: 1e-5, atol: 1e-6 } : SUM_TOL;
        await parity(gpu, [input], (x) => x[op](dims), tol, `${op} of [${shape}] over ${dims}`);
        await parity(gpu, [input], (x) => x.T[op](0, true), tol, `${op} of the transpose of [${shape}]`);
      }
    });
  }

  it('any and all of float, int32 and bool inputs', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const x: HostInput = { shape: [33, 7], dtype, low: -1, high: 2, integers: true };
      await parity(gpu, [x], (t) => [t.any(1), t.all(0), t.any(), t.all([0, 1], true)], EXACT, `any/all ${dtype}`);
    }
  });

  it('int32 and bool sums are exact', async () => {
    await parity(gpu, [{ shape: [257, 33], dtype: 'int32', low: -1000, high: 1000 }], (x) => [x.sum(0), x.sum(1), x.sum()], EXACT, 'int32 sum');
    await parity(gpu, [{ shape: [33, 257], dtype: 'bool' }], (x) => [x.sum(1), x.sum()], EXACT, 'bool sum counts');
    await parity(gpu, [{ shape: [33, 7], dtype: 'int32', low: -9, high: 9 }], (x) => [x.max(1), x.min(0)], EXACT, 'int32 max/min');
  });

  it('long rows are split into chunks and summed twice (1 row of 300 000, 3 rows of 50 000)', async () => {
    const n = 300_000;
    await parity(gpu, [{ shape: [n], low: 0, high: 1 }], (x) => [x.sum(), x.max(), x.min()], { rtol: 2e-5, atol: 0 }, 'sum of 300 000');
    await parity(gpu, [{ shape: [50_000, 3] }], (x) => [x.sum(0), x.max(0)], { rtol: 1e-4, atol: 1e-3 }, 'sum over a strided long axis');
  });

  it('NaN wins max and min; empty reductions give the identity (NaN for max)', async () => {
    const x: HostInput = { shape: [3, 3], values: [1, NaN, 3, -1, -2, -3, NaN, NaN, 0] };
    await parity(gpu, [x], (t) => [t.max(1), t.min(1), t.sum(1)], EXACT, 'NaN');
    const empty = fromTypedArray(new Float32Array(0), [2, 0], { device: gpu });
    expect(Array.from(await empty.sum(1).data())).toEqual([0, 0]);
    expect(Array.from(await empty.prod(1).data())).toEqual([1, 1]);
    empty.dispose();
  });

  it('contiguous rows of a multiple of 4 elements are read as vec4s: aligned, offset, chunked, every fold', async () => {
    for (const op of ['sum', 'max', 'min'] as const) {
      const tol = op === 'sum' ? SUM_TOL : EXACT;
      await parity(gpu, [{ shape: [5, 20] }], (x) => x[op](1), tol, `${op} of rows of 20`);
      await parity(gpu, [{ shape: [3, 2, 256] }], (x) => x[op]([1, 2]), tol, `${op} of rows of 512 (two axes)`);
      // a row slice starting at 4 (aligned: vec4) and at 1 (scalar reads)
      await parity(gpu, [{ shape: [3, 41] }], (x) => [x.slice([{}, { start: 1 }])[op](1), x.narrow(0, 1, 2).slice([{}, { start: 5, end: 25 }])[op](1)], tol, `${op} of offset rows`);
      // one row of 10 004: three chunks of 3 336 (the last shorter), then a second pass
      await parity(gpu, [{ shape: [10_004], low: 0, high: 1 }], (x) => x[op](), op === 'sum' ? { rtol: 2e-5, atol: 0 } : EXACT, `${op} of 10 004 in chunks`);
    }
    await parity(gpu, [{ shape: [2, 24], low: 0.5, high: 1.5 }], (x) => x.prod(1), { rtol: 1e-5, atol: 1e-6 }, 'prod of rows of 24');
    await parity(gpu, [{ shape: [2, 20], values: Array.from({ length: 40 }, (_, i) => (i === 7 || i === 30 ? NaN : i % 5)) }], (x) => [x.max(1), x.min(1)], EXACT, 'NaN wins in vec4 rows');
    await parity(gpu, [{ shape: [7, 36], dtype: 'int32', low: -1000, high: 1000 }], (x) => x.sum(1), EXACT, 'int32 vec4 sum');
    await parity(gpu, [{ shape: [3, 40], dtype: 'bool' }], (x) => [x.any(1), x.all(1), x.sum(1)], EXACT, 'bool vec4 any/all/sum');
  });

  it('mean, variance and logsumexp compose correctly', async () => {
    await parity(gpu, [{ shape: [33, 257] }], (x) => [x.mean(1), x.var(0), x.logsumexp(1), x.softmax(1), x.logSoftmax(0)], SUM_TOL, 'composites');
  });
});

describe('argmax / argmin', () => {
  it('match the CPU on odd shapes and strided views', async () => {
    for (const shape of [[1], [7], [33, 7], [3, 257], [5, 6, 7]]) {
      await parity(gpu, [{ shape }], (x) => [x.argmax(), x.argmin(-1), x.argmax(0, true)], EXACT, `arg of [${shape}]`);
    }
    await parity(gpu, [{ shape: [33, 7] }], (x) => [x.T.argmax(1), x.flip(1).argmin(1)], EXACT, 'arg of views');
  });

  it('take the first of ties, and the first NaN wins', async () => {
    const x = tensor([[1, 3, 3, 0], [2, NaN, 5, NaN], [0, 0, 0, 0], [-1, -5, -5, 2]], { device: gpu });
    expect(await x.argmax(1).array()).toEqual([1, 1, 0, 3]);
    expect(await x.argmin(1).array()).toEqual([3, 1, 0, 1]);
    const ints = tensor([4, 9, 9, 1, 1], { dtype: 'int32', device: gpu });
    expect(await ints.argmax().array()).toEqual(1);
    expect(await ints.argmin().array()).toEqual(3);
  });

  it('handles a row longer than a workgroup', async () => {
    await parity(gpu, [{ shape: [3, 5000] }], (x) => [x.argmax(1), x.argmin(1)], EXACT, 'long rows');
  });
});

describe('the softmax kernel (backend.softmax) against softmax composed on the CPU', () => {
  it('rows of 1, 7, 33, 257 and 3000 columns, softmax and log-softmax, strided rows', async () => {
    const { cpu, fromTypedArray: upload } = await import('@dnn/tensor');
    const { expectClose } = await import('@dnn/tensor/testing');
    for (const cols of [1, 7, 33, 257, 3000]) {
      const host = Float32Array.from({ length: 5 * cols }, (_, i) => Math.sin(i * 1.7) * 20);
      const g = upload(host, [5, cols], { device: gpu }), c = upload(host, [5, cols], { device: cpu() });
      for (const log of [false, true]) {
        const buf = gpu.backend.softmax!(g.viewFor('softmax'), log);
        const got = await gpu.backend.read(buf, 'float32', 5 * cols);
        gpu.backend.free(buf);
        const want = log ? c.logSoftmax(1) : c.softmax(1);
        expectClose(got, want.dataSync(), { rtol: 1e-5, atol: 1e-6, label: `${log ? 'log-' : ''}softmax of ${cols} columns: ` });
      }
      // a transposed view: rows strided by 1, columns by 5
      const tv = g.T;
      const buf = gpu.backend.softmax!(tv.viewFor('softmax'), false);
      expectClose(await gpu.backend.read(buf, 'float32', 5 * cols), c.T.softmax(1).dataSync(), { rtol: 1e-5, atol: 1e-6, label: 'softmax of a transpose: ' });
      gpu.backend.free(buf);
    }
  });
});

describe('softmax and logSoftmax dispatch to the softmax kernel', () => {
  it('along every dim of [5,6,7] and of a permuted view, matching the CPU composition', async () => {
    const kernel = vi.spyOn(gpu.backend, 'softmax');
    try {
      await parity(gpu, [{ shape: [5, 6, 7], low: -20, high: 20 }], (x) => [0, 1, 2].flatMap((d) => [x.softmax(d), x.logSoftmax(d)]), SUM_TOL, 'softmax dims');
      await parity(gpu, [{ shape: [5, 6, 7] }], (x) => [x.permute([2, 0, 1]).softmax(1), x.mT().logSoftmax(-1)], SUM_TOL, 'softmax of views');
      expect(kernel).toHaveBeenCalledTimes(8);
    } finally {
      kernel.mockRestore();
    }
  });

  it('gradients through the kernel match the CPU', async () => {
    const loss = (x: Tensor) => x.logSoftmax(1).mul(x.softmax(0)).sum();
    await parity(gpu, [{ shape: [4, 9] }], (x) => grad(loss)(x.setRequiresGrad(true))[0]!, SUM_TOL, 'softmax gradients');
  });
});
