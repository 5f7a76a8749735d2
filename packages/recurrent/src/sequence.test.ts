import { describe, it, expect } from 'vitest';
import { Device, createCpuBackend, gradients, manualSeed, randn, tidy, type Tensor } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { LSTM } from './lstm';
import { GRU } from './gru';
import { setSequencePrimitive } from './rnn-base';

/**
 * LSTM and GRU run each layer-direction as one sequence primitive; the step-by-step path (one tape node
 * per op) stays as the reference. Both must give the same outputs, gradients and gradients of gradients.
 */

type Layer = LSTM | GRU;
interface Case { name: string; make: (dtype: 'float32' | 'float64') => Layer; lengths?: number[]; init?: boolean }

const cases: Case[] = [
  { name: 'LSTM, 2 layers, bidirectional, projection, lengths, initial states', make: (dtype) => new LSTM(3, 6, { numLayers: 2, bidirectional: true, projSize: 2, dtype }), lengths: [5, 2, 4], init: true },
  { name: 'LSTM batchFirst without bias', make: (dtype) => new LSTM(3, 4, { batchFirst: true, bias: false, dtype }) },
  { name: 'GRU, 2 layers, bidirectional, lengths, initial state', make: (dtype) => new GRU(3, 4, { numLayers: 2, bidirectional: true, dtype }), lengths: [1, 5, 3], init: true },
  { name: 'GRU without bias', make: (dtype) => new GRU(3, 4, { bias: false, dtype }) },
];

/** The layer's output, final states, and the gradients of a weighted sum of them wrt input and parameters. */
function run(layer: Layer, c: Case, x: Tensor, states: Tensor[], weights: Tensor[]): Float64Array[] {
  return tidy(() => {
    const xs = x.detach().setRequiresGrad();
    const s = states.map((t) => t.detach().setRequiresGrad());
    const opts = { lengths: c.lengths };
    const outs = layer instanceof LSTM
      ? (({ output, hN, cN }) => [output, hN, cN])(layer.forward(xs, c.init ? [s[0]!, s[1]!] : undefined, opts))
      : (({ output, hN }) => [output, hN])(layer.forward(xs, c.init ? s[0] : undefined, opts));
    const loss = outs.map((o, i) => o.mul(weights[i]!).sum()).reduce((a, b) => a.add(b));
    const wrt = [xs, ...(c.init ? s : []), ...layer.parameters()];
    const grads = gradients(loss, wrt);
    return [...outs, ...grads.map((g) => g!)].map((t) => Float64Array.from(t.dataSync()));
  });
}

function inputsFor(layer: Layer, c: Case): { x: Tensor; states: Tensor[]; weights: Tensor[] } {
  const dtype = layer.parameters()[0]!.dtype, D = layer.directions * layer.numLayers;
  const [T, N] = [5, 3];
  const x = randn(layer.batchFirst ? [N, T, layer.inputSize] : [T, N, layer.inputSize], { dtype });
  const out = layer.outputSize * layer.directions;
  const states = layer instanceof LSTM ? [randn([D, N, layer.outputSize], { dtype }), randn([D, N, layer.hiddenSize], { dtype })] : [randn([D, N, layer.hiddenSize], { dtype })];
  const weights = [randn(layer.batchFirst ? [N, T, out] : [T, N, out], { dtype }), ...states.map((s) => randn(s.shape, { dtype }))];
  return { x, states, weights };
}

function bothPaths(c: Case, dtype: 'float32' | 'float64'): [Float64Array[], Float64Array[]] {
  manualSeed(11);
  const layer = c.make(dtype);
  const { x, states, weights } = inputsFor(layer, c);
  const bySequence = run(layer, c, x, states, weights);
  const previous = setSequencePrimitive(false);
  try {
    return [bySequence, run(layer, c, x, states, weights)];
  } finally {
    setSequencePrimitive(previous);
  }
}

const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('the sequence primitive against the step-by-step path', () => {
  for (const c of cases) {
    it(`${c.name}: same outputs and gradients (float64 within 1e-12, float32 within rounding)`, () => {
      for (const [dtype, tol] of [['float64', 1e-12], ['float32', 2e-6]] as const) {
        const [a, b] = bothPaths(c, dtype);
        expect(a).toHaveLength(b.length);
        a.forEach((v, i) => {
          expect(v.length).toBe(b[i]!.length);
          expect(maxDiff(v, b[i]!)).toBeLessThanOrEqual(tol);
        });
      }
    });
  }

  it('gradients of gradients (an input-gradient penalty) agree with the step-by-step path', () => {
    manualSeed(3);
    for (const make of [() => new LSTM(2, 4, { projSize: 3, bidirectional: true, dtype: 'float64' }), () => new GRU(2, 4, { bidirectional: true, dtype: 'float64' })]) {
      const layer = make();
      const x = randn([4, 2, 2], { dtype: 'float64' });
      const penalty = () => tidy(() => {
        layer.zeroGrad();
        const xs = x.detach().setRequiresGrad();
        const out = layer.forward(xs, undefined, { lengths: [4, 2] }).output;
        const [dx] = gradients(out.square().sum(), [xs], undefined, { createGraph: true });
        dx!.square().sum().backward();
        return layer.parameters().map((p) => Float64Array.from(p.grad!.dataSync()));
      });
      const bySequence = penalty();
      const previous = setSequencePrimitive(false);
      const bySteps = (() => { try { return penalty(); } finally { setSequencePrimitive(previous); } })();
      bySequence.forEach((g, i) => {
        expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(0);
        expect(maxDiff(g, bySteps[i]!)).toBeLessThanOrEqual(1e-12);
      });
    }
  });
});

describe('finite differences through the layers (float64)', () => {
  // the parameters' gradients are checked on the primitive (tensor's rules test) and against the
  // step-by-step path above; here the input and the initial states, through padded steps and both directions
  it('LSTM, bidirectional with a projection and lengths', async () => {
    manualSeed(8);
    const lstm = new LSTM(2, 3, { bidirectional: true, projSize: 2, dtype: 'float64' });
    const f64 = (shape: number[]) => randn(shape, { dtype: 'float64' });
    const report = await gradcheck((x, h0, c0) => {
      const r = lstm.forward(x!, [h0!, c0!], { lengths: [3, 1] });
      return r.output.sum().add(r.hN.square().sum()).add(r.cN.mul(r.cN.sigmoid()).sum());
    }, [f64([3, 2, 2]), f64([2, 2, 2]), f64([2, 2, 3])]);
    expect(report.evaluations).toBeGreaterThan(0);
  });

  it('GRU, bidirectional with lengths', async () => {
    manualSeed(9);
    const gru = new GRU(2, 3, { bidirectional: true, dtype: 'float64' });
    const f64 = (shape: number[]) => randn(shape, { dtype: 'float64' });
    const report = await gradcheck((x, h0) => {
      const r = gru.forward(x!, h0!, { lengths: [2, 3] });
      return r.output.square().sum().add(r.hN.sum());
    }, [f64([3, 2, 2]), f64([2, 2, 3])]);
    expect(report.evaluations).toBeGreaterThan(0);
  });
});

describe('threads', () => {
  it('1 and 2 kernel threads give the same bits in float32', () => {
    const result = (threads: number) => {
      const device = new Device(createCpuBackend({ threads }), `cpu-${threads}`);
      manualSeed(21);
      const layer = new LSTM(16, 32, { device, bidirectional: true });
      const gru = new GRU(16, 32, { device });
      const x = randn([6, 8, 16], { device });
      return tidy(() => {
        const loss = layer.forward(x, undefined, { lengths: [6, 5, 4, 3, 6, 6, 2, 1] }).output.sum().add(gru.forward(x).output.square().sum());
        const grads = gradients(loss, [...layer.parameters(), ...gru.parameters()]);
        return grads.map((g) => Array.from(g!.dataSync()));
      });
    };
    expect(result(2)).toEqual(result(1));
  });
});
