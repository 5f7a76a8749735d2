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

/** The fixtures name every argument; these are the positional ones of each constructor, in order. */
const POSITIONAL: Record<string, string[]> = {
  Conv2d: ['inChannels', 'outChannels', 'kernelSize'],
  Conv1d: ['inChannels', 'outChannels', 'kernelSize'],
  ConvTranspose2d: ['inChannels', 'outChannels', 'kernelSize'],
  MaxPool2d: ['kernelSize'],
  AvgPool2d: ['kernelSize'],
  AdaptiveAvgPool2d: ['outputSize'],
  AdaptiveMaxPool2d: ['outputSize'],
  LocalResponseNorm: ['size'],
  Upsample: [],
  BatchNorm2d: ['numFeatures'],
  ResidualBlock: ['inChannels', 'channels'],
  InceptionBlock: ['inChannels', 'ch1x1', 'ch3x3red', 'ch3x3', 'ch5x5red', 'ch5x5', 'poolProj'],
  Subsampling2d: ['channels'],
  RBFOutput: ['inFeatures', 'classes'],
};

type LayerClass = new (...args: unknown[]) => Module & { forward(x: Tensor): Tensor };

function build(c: Case): Module & { forward(x: Tensor): Tensor } {
  const names = POSITIONAL[c.layer];
  const Layer = (conv as unknown as Record<string, LayerClass>)[c.layer];
  if (!names || !Layer) throw new Error(`no builder for ${c.layer}`);
  const options: Record<string, unknown> = { ...c.options, dtype: 'float64' };
  for (const name of names) delete options[name];
  return new Layer(...names.map((name) => c.options[name]), options);
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
