import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Module, Tensor, tensor, noGrad } from '@dnn/tensor';
import * as conv from './index';

interface Arr { shape: number[]; data: number[] }
interface Case {
  name: string; layer: string; options: Record<string, unknown>; train: boolean;
  state: Record<string, Arr>; input: Arr; gradOutput: Arr; output: Arr; gradInput: Arr;
  gradParams: Record<string, Arr>; buffersAfter: Record<string, Arr>;
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as { cases: Case[] };
const f64 = (a: Arr) => tensor(Float64Array.from(a.data), { shape: a.shape });

function build(c: Case): Module & { forward(x: Tensor): Tensor } {
  const o: Record<string, unknown> & { dtype: 'float64' } = { ...c.options, dtype: 'float64' };
  switch (c.layer) {
    case 'Conv2d': return new conv.Conv2d(o as unknown as conv.Conv2dOptions);
    case 'Conv1d': return new conv.Conv1d(o as unknown as conv.Conv1dOptions);
    case 'ConvTranspose2d': return new conv.ConvTranspose2d(o as unknown as conv.ConvTranspose2dOptions);
    case 'MaxPool2d': return new conv.MaxPool2d(o as unknown as conv.PoolOptions);
    case 'AvgPool2d': return new conv.AvgPool2d(o as unknown as conv.PoolOptions);
    case 'AdaptiveAvgPool2d': return new conv.AdaptiveAvgPool2d(o.outputSize as [number, number]);
    case 'AdaptiveMaxPool2d': return new conv.AdaptiveMaxPool2d(o.outputSize as [number, number]);
    case 'LocalResponseNorm': return new conv.LocalResponseNorm(o as unknown as conv.LocalResponseNormOptions);
    case 'Upsample': return new conv.Upsample(o as conv.UpsampleOptions);
    case 'BatchNorm2d': return new conv.BatchNorm2d(o.numFeatures as number, o);
    case 'ResidualBlock': return new conv.ResidualBlock(o as unknown as conv.ResidualBlockOptions);
    case 'InceptionBlock': return new conv.InceptionBlock(o as unknown as conv.InceptionBlockOptions);
    case 'Subsampling2d': return new conv.Subsampling2d(o.channels as number, o);
    case 'RBFOutput': return new conv.RBFOutput(o.inFeatures as number, o.classes as number, o);
    default: throw new Error(`no builder for ${c.layer}`);
  }
}

function expectClose(actual: Tensor, expected: Arr, what: string): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  let worst = 0, at = -1;
  expected.data.forEach((e, i) => {
    const err = Math.abs(a[i]! - e) / (1e-9 + Math.abs(e));
    if (Math.abs(a[i]! - e) > 1e-10 && err > worst) { worst = err; at = i; }
  });
  expect(worst, `${what}: worst element ${at} is ${a[at]} vs ${expected.data[at]}`).toBeLessThan(1e-9);
}

describe('conv layers match PyTorch (float64 forward, input and parameter gradients)', () => {
  for (const c of fixtures.cases) {
    it(`${c.layer}: ${c.name}`, () => {
      const layer = build(c);
      const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, f64(v)]));
      // loading by PyTorch's names proves the state-dict layout as well as the arithmetic
      layer.loadStateDict(state, { strict: true });
      layer.train(c.train);
      const x = f64(c.input).setRequiresGrad();
      const y = layer.forward(x);
      expectClose(y, c.output, 'output');
      y.backward(f64(c.gradOutput));
      expectClose(x.grad!, c.gradInput, 'input gradient');
      const params = Object.fromEntries(layer.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) {
        expect(params[name], `parameter ${name}`).toBeDefined();
        expectClose(params[name]!.grad!, g, `gradient of ${name}`);
      }
      const sd = noGrad(() => layer.stateDict());
      for (const [name, b] of Object.entries(c.buffersAfter)) expectClose(sd[name]!.cast('float64'), b, `buffer ${name}`);
    });
  }
});
