import { afterAll, describe, it } from 'vitest';
import { avgPool2d, conv2d, convTranspose2d, maxPool2d, type Conv2dOptions, type Tensor } from '@dnn/tensor';
import { EXACT, parity, testDevice } from './test-utils';
import { gpuDeviceOf } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

// float32 sums of up to K = N·Ho·Wo = 2304 products (the LeNet weight gradient) of inputs up to 3
const TOL = { rtol: 2e-5, atol: 5e-5 };

/** conv2d's value and both gradients (through the backend's two backward kernels). */
function convAndGrads(x: Tensor, w: Tensor, opts: Conv2dOptions): Tensor[] {
  const xl = x.detach().setRequiresGrad(), wl = w.detach().setRequiresGrad();
  const y = conv2d(xl, wl, null, opts);
  // a fixed, non-uniform upstream gradient: sin of the output position
  y.mul(y.detach().onesLike().cumsum(3).sin()).sum().backward();
  return [y.detach(), xl.grad!, wl.grad!];
}

describe('conv2d kernels (implicit GEMMs, folded images, columns) against the CPU', () => {
  const cases: [string, number[], number[], Conv2dOptions][] = [
    ['1×1 image, 1×1 kernel', [1, 1, 1, 1], [1, 1, 1, 1], {}],
    ['3×3, odd sizes', [2, 3, 7, 9], [5, 3, 3, 3], {}],
    ['padding 1, stride 2', [2, 3, 33, 17], [4, 3, 3, 3], { padding: 1, stride: 2 }],
    ['5×5 LeNet layer', [4, 1, 28, 28], [6, 1, 5, 5], {}],
    ['groups 2, stride (2,1), dilation (1,2)', [1, 4, 11, 13], [6, 2, 3, 2], { groups: 2, stride: [2, 1], dilation: [1, 2], padding: [1, 2] }],
    ['depthwise', [2, 6, 9, 9], [6, 1, 3, 3], { groups: 6, padding: 1 }],
    ['stride larger than the kernel', [1, 2, 10, 10], [3, 2, 2, 2], { stride: 3 }],
    // small outputs over several images: the forward folds images into columns, the input gradient goes through columns
    ['small outputs, groups 2, stride 2, dilation (2,1)', [5, 4, 9, 7], [6, 2, 3, 3], { groups: 2, stride: 2, dilation: [2, 1], padding: [1, 0] }],
    ['LeNet C5: 1×1 outputs', [8, 16, 5, 5], [120, 16, 5, 5], {}],
    // output rows of a multiple of 4 pixels: the forward stages four pixels per load, with edges
    ['rows of 8 pixels, padding 1, stride 2, dilation (1,2)', [2, 3, 17, 18], [4, 3, 3, 3], { padding: 1, stride: 2, dilation: [1, 2] }],
    // M = 16, N = Ho·Wo = 64, K = Cg·KH·KW = 16: whole tiles, no edge tests
    ['whole tiles: 16 filters 4×2×2 over 9×9', [2, 4, 9, 9], [16, 4, 2, 2], {}],
  ];
  for (const [name, xs, ws, opts] of cases) {
    it(name, async () => {
      await parity(gpu, [{ shape: xs }, { shape: ws }], (x, w) => convAndGrads(x, w, opts), TOL, name);
    });
  }

  it('strided (transposed) inputs and a transposed convolution', async () => {
    await parity(gpu, [{ shape: [2, 3, 9, 7] }, { shape: [4, 3, 3, 3] }], (x, w) => conv2d(x.transpose(2, 3), w.flip([2, 3]), null, { padding: 1 }), TOL, 'views');
    await parity(gpu, [{ shape: [2, 4, 5, 5] }, { shape: [4, 3, 3, 3] }], (x, w) => convTranspose2d(x, w, null, { stride: 2, padding: 1 }), TOL, 'convTranspose2d');
  });

  // K = 32·16·16 = 8192 products per weight, summed in float32
  it('a weight gradient over many images (K split into slices)', async () => {
    await parity(gpu, [{ shape: [32, 2, 16, 16] }, { shape: [3, 2, 3, 3] }], (x, w) => convAndGrads(x, w, { padding: 1 }).slice(2), { rtol: 1e-4, atol: 1e-4 }, 'dW');
  });
});

describe('pooling kernels against the CPU', () => {
  const backward = (x: Tensor, f: (t: Tensor) => Tensor): Tensor[] => {
    const xl = x.detach().setRequiresGrad();
    const y = f(xl);
    // integer upstream gradients: max pooling routes them exactly
    y.mul(y.detach().onesLike().cumsum(3)).sum().backward();
    return [y.detach(), xl.grad!];
  };

  it('maxPool2d: values, indices and gradients (overlapping windows, padding, dilation, ceil mode)', async () => {
    const specs = [
      { kernelSize: 2 },
      { kernelSize: 3, stride: 2, padding: 1 },
      { kernelSize: 3, stride: 2, dilation: 2, ceilMode: true },
      { kernelSize: [2, 3] as [number, number], stride: [1, 2] as [number, number] },
    ];
    for (const opts of specs) {
      await parity(gpu, [{ shape: [2, 3, 11, 9] }], (x) => [...maxPool2d(x, { ...opts, returnIndices: true }), ...backward(x, (t) => maxPool2d(t, opts))],
        EXACT, `maxPool2d ${JSON.stringify(opts)}`);
    }
    await parity(gpu, [{ shape: [1, 2, 7, 7] }], (x) => maxPool2d(x.transpose(2, 3), { kernelSize: 3 }), EXACT, 'maxPool2d of a view');
  });

  it('maxPool2d: the first maximum and the first NaN win', async () => {
    const values = [1, 5, 5, 2, NaN, 0, 3, NaN, 5, 5, 1, 1, 0, 0, 0, 0];
    await parity(gpu, [{ shape: [1, 1, 4, 4], values }], (x) => maxPool2d(x, { kernelSize: 2, returnIndices: true }), EXACT, 'ties and NaN');
  });

  it('avgPool2d and its gradient: padding counted or not, ceil mode, divisor override', async () => {
    const specs = [
      { kernelSize: 2 },
      { kernelSize: 3, stride: 2, padding: 1 },
      { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false },
      { kernelSize: 3, stride: 2, ceilMode: true },
      { kernelSize: 2, stride: 1, divisorOverride: 3 },
    ];
    for (const opts of specs) {
      await parity(gpu, [{ shape: [2, 3, 9, 8] }], (x) => backward(x, (t) => avgPool2d(t, opts)), TOL, `avgPool2d ${JSON.stringify(opts)}`);
    }
  });
});
