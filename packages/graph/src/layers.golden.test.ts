import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { type Tensor } from '@dnn/tensor';
import { buildGraph, buildLayer, toTensor, type Arr, type GoldenCase } from './testing/golden-cases';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };

function expectClose(actual: Tensor, expected: Arr, what: string): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  let worst = 0, at = -1;
  expected.data.forEach((e, i) => {
    const err = Math.abs(a[i]! - e) / (1e-9 + Math.abs(e));
    if (Math.abs(a[i]! - e) > 1e-12 && err > worst) { worst = err; at = i; }
  });
  expect(worst, `${what}: worst element ${at} is ${a[at]} vs ${expected.data[at]}`).toBeLessThan(1e-9);
}

describe('graph layers match dense PyTorch references of PyG (float64 forward, input and parameter gradients)', () => {
  for (const c of fixtures.cases) {
    it(`${c.layer}: ${c.name}`, () => {
      const layer = buildLayer(c, 'float64');
      // loading by PyG's names proves the state-dict layout as well as the arithmetic
      layer.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, toTensor(v, 'float64')])), { strict: true });
      const x = toTensor(c.input, 'float64').setRequiresGrad();
      const w = c.edgeWeight ? toTensor(c.edgeWeight, 'float64').setRequiresGrad() : null;
      const y = w ? layer.forward(x, buildGraph(c), w) : layer.forward(x, buildGraph(c));
      expectClose(y, c.output, 'output');
      y.backward(toTensor(c.gradOutput, 'float64'));
      expectClose(x.grad!, c.gradInput, 'input gradient');
      if (w) expectClose(w.grad!, c.gradEdgeWeight!, 'edge-weight gradient');
      const params = Object.fromEntries(layer.namedParameters());
      expect(Object.keys(params).sort()).toEqual(Object.keys(c.gradParams).sort());
      for (const [name, g] of Object.entries(c.gradParams)) expectClose(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});
