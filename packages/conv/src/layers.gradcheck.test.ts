import { describe, it, expect } from 'vitest';
import { Module, Tensor, randn, manualSeed, nn } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import * as conv from './index';

type Layer = Module & { forward(x: Tensor): Tensor };
const f64 = { dtype: 'float64' as const };

/** Finite differences through the input and every parameter of a layer, in float64. */
async function checkLayer(layer: Layer, inputShape: number[]): Promise<void> {
  manualSeed(11);
  const x = randn(inputShape, f64);
  const named = layer.namedParameters();
  const values = named.map(([, p]) => p.detach());
  const fn = (input: Tensor, ...params: Tensor[]) =>
    nn.functionalCall(layer, Object.fromEntries(named.map(([n], i) => [n, params[i]!])), input);
  const report = await gradcheck(fn, [x, ...values], { eps: 1e-6, atol: 1e-6, rtol: 1e-4 });
  expect(report.inputs).toHaveLength(1 + named.length);
}

const cases: [string, () => Layer, number[]][] = [
  ['Conv2d stride/padding/dilation', () => new conv.Conv2d(2, 3, 3, { ...f64, stride: 2, padding: 1, dilation: 1 }), [2, 2, 6, 5]],
  ['Conv2d groups + dilation', () => new conv.Conv2d(4, 2, 2, { ...f64, groups: 2, dilation: 2 }), [1, 4, 5, 5]],
  ['Conv2d reflect padding', () => new conv.Conv2d(1, 2, 3, { ...f64, padding: 1, paddingMode: 'reflect' }), [1, 1, 4, 5]],
  ['Conv2d connection table', () => new conv.Conv2d(3, 2, 2, { ...f64, connections: [[0, 2], [1]] }), [1, 3, 4, 4]],
  ['Conv1d', () => new conv.Conv1d(2, 2, 3, { ...f64, padding: 1 }), [2, 2, 6]],
  ['ConvTranspose2d', () => new conv.ConvTranspose2d(2, 2, 3, { ...f64, stride: 2, padding: 1, outputPadding: 1 }), [1, 2, 3, 3]],
  ['MaxPool2d overlapping', () => new conv.MaxPool2d(3, { stride: 2 }), [1, 2, 7, 7]],
  ['AvgPool2d countIncludePad=false', () => new conv.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), [1, 2, 5, 6]],
  ['AdaptiveAvgPool2d', () => new conv.AdaptiveAvgPool2d([3, 2]), [1, 2, 7, 5]],
  ['AdaptiveMaxPool2d', () => new conv.AdaptiveMaxPool2d([2, 3]), [1, 1, 5, 7]],
  ['BatchNorm2d (train)', () => new conv.BatchNorm2d(3, f64), [3, 3, 2, 2]],
  ['LocalResponseNorm', () => new conv.LocalResponseNorm(3, { alpha: 0.5, beta: 0.75, k: 2 }), [1, 4, 2, 2]],
  ['Upsample bilinear', () => new conv.Upsample({ size: [5, 4], mode: 'bilinear' }), [1, 1, 3, 3]],
  ['Subsampling2d', () => new conv.Subsampling2d(2, f64), [2, 2, 4, 4]],
  ['RBFOutput trainable', () => new conv.RBFOutput(5, 3, { ...f64, trainable: true }), [2, 5]],
  ['ResidualBlock basic, projection', () => new conv.ResidualBlock(2, 3, { ...f64, stride: 2 }), [2, 2, 4, 4]],
  ['ResidualBlock bottleneck', () => new conv.ResidualBlock(4, 1, { ...f64, kind: 'bottleneck' }), [2, 4, 3, 3]],
  ['InceptionBlock', () => new conv.InceptionBlock(2, 1, 1, 2, 1, 1, 1, f64), [2, 2, 4, 4]],
];

describe('finite-difference gradient checks of every layer (input and parameters, float64)', () => {
  for (const [name, make, shape] of cases) {
    it(name, async () => {
      manualSeed(3);
      await checkLayer(make(), shape);
    }, 60_000);
  }
});
