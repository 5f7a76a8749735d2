import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { create } from 'webgpu';
import { Device, Module, Tensor, createCpuBackend, fromTypedArray } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { LSTM, GRU, RNN, MultiheadAttention } from '@dnn/recurrent';

/**
 * The RNN, LSTM, GRU and MultiheadAttention goldens of @dnn/recurrent (PyTorch, float64) in float32 on every
 * device: the CPU with its WebAssembly kernels, the CPU with the TypeScript kernels, and WebGPU.
 * Outputs, final states and the gradients of the inputs, initial states and every parameter.
 * Tolerance: |got − want| ≤ 1e-4 + 1e-3·|want| (float32 through a few dozen dependent steps).
 */
interface Arr { shape: number[]; data: number[] }
interface Case {
  name: string; layer: string; inputSize: number; hiddenSize: number; options: Record<string, unknown>;
  state: Record<string, Arr>; input: Arr; initial: Arr[]; lengths: number[] | null;
  gradOutputs: Arr[]; outputs: Arr[]; gradInput: Arr; gradInitial: Arr[]; gradParams: Record<string, Arr>;
}

const fixtures = JSON.parse(readFileSync(new URL('../../../packages/recurrent/fixtures/layers.json', import.meta.url), 'utf8')) as { cases: Case[] };
const ATOL = 1e-4, RTOL = 1e-3;

async function expectClose(t: Tensor, want: Arr, what: string): Promise<void> {
  expect(t.shape, `${what} shape`).toEqual(want.shape);
  const got = await t.data();
  let bad = -1;
  want.data.forEach((w, i) => { if (bad < 0 && !(Math.abs(Number(got[i]) - w) <= ATOL + RTOL * Math.abs(w))) bad = i; });
  expect(bad, bad < 0 ? what : `${what}: element ${bad} is ${got[bad]} vs ${want.data[bad]}`).toBe(-1);
}

const DEVICES: [string, () => Device | Promise<Device>][] = [
  ['cpu (WebAssembly kernels)', () => new Device(createCpuBackend(), 'cpu-wasm')],
  ['cpu (TypeScript kernels)', () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts')],
  ['webgpu', () => webgpu({ gpu: create([]) })],
];

for (const [deviceName, makeDevice] of DEVICES) describe(`on ${deviceName}, float32`, () => {
  let gpu: Device;
  beforeAll(async () => { gpu = await makeDevice(); });

  for (const c of fixtures.cases.filter((k) => ['RNN', 'LSTM', 'GRU'].includes(k.layer))) {
    it(`${c.layer} goldens: ${c.name}`, async () => {
      const on = (a: Arr) => fromTypedArray(Float32Array.from(a.data), a.shape, { device: gpu });
      const layer: Module = c.layer === 'LSTM' ? new LSTM(c.inputSize, c.hiddenSize, c.options) : c.layer === 'GRU' ? new GRU(c.inputSize, c.hiddenSize, c.options) : new RNN(c.inputSize, c.hiddenSize, c.options);
      layer.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromTypedArray(Float32Array.from(v.data), v.shape)])), { strict: true });
      layer.to(gpu);
      const x = on(c.input).setRequiresGrad();
      const init = c.initial.map((a) => on(a).setRequiresGrad());
      const lengths = c.lengths ?? undefined;
      const outs = c.layer === 'LSTM'
        ? (() => { const r = (layer as LSTM).forward(x, init.length ? [init[0]!, init[1]!] : undefined, { lengths }); return [r.output, r.hN, r.cN]; })()
        : (() => { const r = (layer as GRU | RNN).forward(x, init[0], { lengths }); return [r.output, r.hN]; })();
      for (const [i, o] of outs.entries()) await expectClose(o, c.outputs[i]!, `output ${i}`);
      outs.map((o, i) => o.mul(on(c.gradOutputs[i]!)).sum()).reduce((a, b) => a.add(b)).backward();
      await expectClose(x.grad!, c.gradInput, 'input gradient');
      for (const [i, t] of init.entries()) await expectClose(t.grad!, c.gradInitial[i]!, `gradient of initial state ${i}`);
      const params = Object.fromEntries(layer.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) await expectClose(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});

interface AttentionCase {
  name: string; embedDim: number; numHeads: number; options: { bias: boolean; batchFirst: boolean };
  selfAttention: boolean; keyValidLengths: number[] | null; causal: boolean; average: boolean;
  state: Record<string, Arr>; inputs: Arr[]; gradOutput: Arr; output: Arr; weights: Arr; gradInputs: Arr[];
  gradParams: Record<string, Arr>;
}
const attention = JSON.parse(readFileSync(new URL('../../../packages/recurrent/fixtures/attention.json', import.meta.url), 'utf8')) as { cases: AttentionCase[] };

for (const [deviceName, makeDevice] of DEVICES) describe(`MultiheadAttention on ${deviceName}, float32`, () => {
  let gpu: Device;
  beforeAll(async () => { gpu = await makeDevice(); });

  for (const c of attention.cases) {
    it(c.name, async () => {
      const on = (a: Arr) => fromTypedArray(Float32Array.from(a.data), a.shape, { device: gpu });
      const mha = new MultiheadAttention(c.embedDim, c.numHeads, c.options);
      mha.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromTypedArray(Float32Array.from(v.data), v.shape)])), { strict: true });
      mha.to(gpu);
      const inputs = c.inputs.map((a) => on(a).setRequiresGrad());
      const [q, k, v] = c.selfAttention ? [inputs[0]!, inputs[0]!, inputs[0]!] : inputs as [Tensor, Tensor, Tensor];
      const S = k.shape[c.options.batchFirst ? 1 : 0]!;
      const keyPaddingMask = c.keyValidLengths
        ? fromTypedArray(Uint8Array.from(c.keyValidLengths.flatMap((n) => Array.from({ length: S }, (_, j) => (j >= n ? 1 : 0)))), [c.keyValidLengths.length, S], { dtype: 'bool', device: gpu })
        : undefined;
      const { output, weights } = mha.forward(q, k, v, { keyPaddingMask, causal: c.causal, averageAttnWeights: c.average });
      await expectClose(output, c.output, 'output');
      await expectClose(weights!, c.weights, 'weights');
      output.mul(on(c.gradOutput)).sum().backward();
      for (const [i, t] of inputs.entries()) await expectClose(t.grad!, c.gradInputs[i]!, `gradient of input ${i}`);
      const params = Object.fromEntries(mha.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) await expectClose(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});
