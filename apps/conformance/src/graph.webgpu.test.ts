import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { create } from 'webgpu';
import { DeviceError, tensor, type Device, type Tensor } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { Graph } from '@dnn/graph';
import { buildGraph, buildLayer, toTensor, type Arr, type GoldenCase } from '@dnn/graph/testing';

/**
 * @dnn/graph's golden cases (dense PyTorch references of PyG's layers, float64) on WebGPU in float32:
 * outputs, input gradients and parameter gradients within |a − e| ≤ ATOL + RTOL·|e|.
 */
const RTOL = 1e-4, ATOL = 1e-5;
const fixtures = JSON.parse(readFileSync(new URL('../../../packages/graph/fixtures/layers.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };

async function expectClose(actual: Tensor, expected: Arr, what: string): Promise<void> {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = await actual.data();
  let worst = 0, at = -1;
  expected.data.forEach((e, i) => {
    const excess = Math.abs(a[i]! - e) / (ATOL + RTOL * Math.abs(e));
    if (excess > worst) { worst = excess; at = i; }
  });
  expect(worst, `${what}: element ${at} is ${a[at]} vs ${expected.data[at]}`).toBeLessThanOrEqual(1);
}

describe('graph layers on WebGPU match the float64 PyTorch references (float32)', () => {
  let device: Device;
  beforeAll(async () => { device = await webgpu({ gpu: create([]) }); });

  it('an edge index on the GPU is read with Graph.fromAsync (the constructor says so)', async () => {
    const ei = tensor([[0, 2], [1, 0]], { dtype: 'int32', device });
    expect(() => new Graph({ edgeIndex: ei, name: 'gpu' })).toThrow(DeviceError);
    const g = await Graph.fromAsync({ edgeIndex: ei, numNodes: 3, name: 'gpu' });
    expect([...g.src, ...g.dst]).toEqual([0, 2, 1, 0]);
  });

  for (const c of fixtures.cases) {
    it(`${c.layer}: ${c.name}`, async () => {
      const layer = buildLayer(c, 'float32', device);
      layer.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, toTensor(v, 'float32', device)])), { strict: true });
      const x = toTensor(c.input, 'float32', device).setRequiresGrad();
      const w = c.edgeWeight ? toTensor(c.edgeWeight, 'float32', device).setRequiresGrad() : null;
      const y = w ? layer.forward(x, buildGraph(c), w) : layer.forward(x, buildGraph(c));
      await expectClose(y, c.output, 'output');
      y.backward(toTensor(c.gradOutput, 'float32', device));
      await expectClose(x.grad!, c.gradInput, 'input gradient');
      if (w) await expectClose(w.grad!, c.gradEdgeWeight!, 'edge-weight gradient');
      const params = Object.fromEntries(layer.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) await expectClose(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});
