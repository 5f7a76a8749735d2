import { describe, it } from 'vitest';
import {
  adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool2d, clamp, conv2d, convTranspose2d, cumsum, elu, fromTypedArray, gelu,
  leakyRelu, logSoftmax, logsumexp, matmul, maxPool2d, pad, softmax, softplus, std, variance, type Tensor,
} from '../index';
import { gradcheck, type GradcheckOptions } from '../testing/gradcheck';
import { hostUniform } from '../testing/host-random';

/** Composite ops get their gradients from the primitive rules; these checks prove the composition is right. */
let seed = 100;
function rnd(shape: number[], low = -2, high = 2): Tensor {
  return fromTypedArray(hostUniform(shape.reduce((a, b) => a * b, 1), seed++, low, high), shape);
}
/** Values bounded away from 0, for ops with a kink there. */
function awayFromZero(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const u = hostUniform(n, seed++, -1, 1);
  return fromTypedArray(u.map((v) => (v < 0 ? v - 0.2 : v + 0.2) * 2), shape);
}

type Fn = (...xs: Tensor[]) => Tensor;
const check = (name: string, fn: Fn, inputs: () => Tensor[], opts?: GradcheckOptions) =>
  it(name, async () => {
    const xs = inputs();
    await gradcheck(fn, xs, opts);
    for (const x of xs) x.dispose();
  });

describe('activations and normalizers', () => {
  check('softmax over the last dim', (x) => softmax(x, -1), () => [rnd([3, 5])]);
  check('softmax over dim 0', (x) => softmax(x, 0), () => [rnd([3, 5])]);
  check('logSoftmax', (x) => logSoftmax(x, 1), () => [rnd([2, 4, 3])]);
  check('logsumexp over two dims', (x) => logsumexp(x, [0, 2]), () => [rnd([2, 3, 4])]);
  // the max shift keeps large logits finite and must not change the gradient
  check('logsumexp of large logits (keepDim)', (x) => logsumexp(x.add(1000), 1, true), () => [rnd([2, 5])]);
  check('gelu (erf)', (x) => gelu(x), () => [rnd([7], -3, 3)]);
  check('gelu (tanh approximation)', (x) => gelu(x, 'tanh'), () => [rnd([7], -3, 3)]);
  check('softplus, β = 2, both sides of the threshold', (x) => softplus(x, 2, 4), () => [rnd([9], -5, 5)]);
  check('elu, α = 1.5', (x) => elu(x, 1.5), () => [awayFromZero([2, 4])]);
  check('leakyRelu, slope 0.2', (x) => leakyRelu(x, 0.2), () => [awayFromZero([2, 4])]);
  check('clamp to numbers', (x) => clamp(x, -0.5, 0.7), () => [rnd([12])]);
  check('clamp to tensors (gradients reach the bounds)', (x, lo, hi) => clamp(x, lo, hi), () => [rnd([2, 5]), rnd([5], -1.5, -0.5), rnd([2, 1], 0.5, 1.5)]);
  check('var, unbiased, two dims', (x) => variance(x, [0, 2]), () => [rnd([3, 2, 4])]);
  check('var, correction 0, keepDim', (x) => variance(x, 1, { correction: 0, keepDim: true }), () => [rnd([3, 4])]);
  check('std', (x) => std(x, 1), () => [rnd([3, 4])]);
  check('cumsum along dim 0', (x) => cumsum(x, 0), () => [rnd([4, 3])]);
  check('cumsum along dim -1', (x) => cumsum(x, -1), () => [rnd([2, 5])]);
});

describe('padding modes', () => {
  check('constant', (x) => pad(x, [1, 2, 2, 0], 'constant', 0.5), () => [rnd([2, 3])]);
  check('constant with negative (cropping) pads', (x) => pad(x, [-1, 2, 1, -1]), () => [rnd([3, 4])]);
  check('reflect', (x) => pad(x, [2, 1, 1, 2], 'reflect'), () => [rnd([1, 3, 4])]);
  check('replicate', (x) => pad(x, [3, 1], 'replicate'), () => [rnd([2, 3])]);
  check('circular', (x) => pad(x, [2, 3, 1, 1], 'circular'), () => [rnd([1, 3, 4])]);
});

describe('convolution and pooling', () => {
  check('conv2d with bias, stride, padding', (x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }),
    () => [rnd([2, 3, 5, 6]), rnd([4, 3, 3, 3]), rnd([4])]);
  check('conv2d with groups and dilation', (x, w) => conv2d(x, w, null, { groups: 3, dilation: [2, 1], padding: [2, 0] }),
    () => [rnd([1, 6, 6, 5]), rnd([3, 2, 2, 3])]);
  check('conv2d depthwise, padding "same" with an even kernel', (x, w) => conv2d(x, w, null, { groups: 2, padding: 'same' }),
    () => [rnd([1, 2, 4, 5]), rnd([2, 1, 2, 2])]);
  check('convTranspose2d with stride, output padding, bias', (x, w, b) => convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
    () => [rnd([1, 2, 3, 3]), rnd([2, 3, 3, 3]), rnd([3])]);
  check('convTranspose2d with groups and dilation', (x, w) => convTranspose2d(x, w, null, { groups: 2, dilation: 2 }),
    () => [rnd([1, 4, 3, 2]), rnd([4, 1, 2, 2])]);
  check('maxPool2d, padding and ceil mode', (x) => maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }), () => [rnd([1, 2, 6, 5])]);
  check('maxPool2d with dilation', (x) => maxPool2d(x, { kernelSize: 2, stride: 1, dilation: 2 }), () => [rnd([1, 1, 5, 5])]);
  check('avgPool2d, ceil mode, without padded cells', (x) => avgPool2d(x, { kernelSize: [3, 2], stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    () => [rnd([1, 2, 6, 5])]);
  check('avgPool2d with divisorOverride', (x) => avgPool2d(x, { kernelSize: 2, divisorOverride: 3 }), () => [rnd([1, 1, 4, 4])]);
  check('adaptiveAvgPool2d (divisible)', (x) => adaptiveAvgPool2d(x, 2), () => [rnd([1, 2, 4, 6])]);
  check('adaptiveAvgPool2d (uneven windows)', (x) => adaptiveAvgPool2d(x, [3, 2]), () => [rnd([1, 2, 5, 5])]);
  check('adaptiveMaxPool2d (divisible)', (x) => adaptiveMaxPool2d(x, [2, 3]), () => [rnd([1, 1, 4, 6])]);
  check('adaptiveMaxPool2d (uneven windows)', (x) => adaptiveMaxPool2d(x, 3), () => [rnd([1, 2, 5, 4])]);
});

describe('matmul broadcasting', () => {
  check('vector · vector', (a, b) => matmul(a, b), () => [rnd([4]), rnd([4])]);
  check('vector × matrix', (a, b) => matmul(a, b), () => [rnd([3]), rnd([3, 4])]);
  check('matrix × vector', (a, b) => matmul(a, b), () => [rnd([2, 3]), rnd([3])]);
  check('batched × matrix', (a, b) => matmul(a, b), () => [rnd([2, 3, 4]), rnd([4, 2])]);
  check('broadcast batch dims', (a, b) => matmul(a, b), () => [rnd([2, 1, 3, 4]), rnd([3, 4, 2])]);
  check('vector × batched', (a, b) => matmul(a, b), () => [rnd([3]), rnd([2, 3, 2])]);
});
